"""Decode subtitle bytes, refusing encodings that cannot be told apart reliably."""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import Final

from charset_normalizer import CharsetMatch, from_bytes

from transcripts.formats.model import SubtitleEncodingError

_BYTE_ORDER_MARKS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy encodings of the portal's languages (Chinese, French, Spanish,
# Russian, Arabic, English), most common first; the order breaks ties.
PORTAL_ENCODINGS: Final = ("gb18030", "big5", "cp1252", "cp1251", "koi8_r", "cp1256")
# Other common legacy encodings: read when they clearly fit better, so that a
# Korean or Greek file is not taken for mojibake Chinese or Russian.
# NOTE: Turkish cp1254 and Windows-1252 decode most bytes alike; a Turkish
# file can come out with "ý" for "ı". Remove when a language model decides.
OTHER_ENCODINGS: Final = ("euc_kr", "cp932", "cp1250", "cp1253", "cp1254", "cp1255")
LEGACY_ENCODINGS: Final = PORTAL_ENCODINGS + OTHER_ENCODINGS
# Two guesses whose "chaos" scores are closer than this are treated as a tie.
_AMBIGUITY_MARGIN: Final = 0.05
_WORD: Final = re.compile(r"[^\W\d_]+")
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_REFUSAL: Final = (
    "the text encoding of this file could not be identified; "
    "save it as UTF-8 and upload it again."
)


def decode_subtitle_bytes(data: bytes, encoding: str | None = None) -> str:
    """Return the text of subtitle bytes, detecting the encoding unless given."""
    if encoding:
        return _decode(data, encoding)
    for mark, name in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return _decode(data[len(mark) :], name)
    if _looks_like_utf16(data):
        return _decode(data, _utf16_byte_order(data))
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _guess_legacy(data)


def _decode(data: bytes, encoding: str) -> str:
    try:
        return _checked(data.decode(encoding))
    except (UnicodeDecodeError, LookupError) as error:
        raise SubtitleEncodingError(
            f"the file is not valid {encoding} text ({error})."
        ) from error


def _checked(text: str) -> str:
    # Control characters other than line ends mean binary data, not subtitles.
    # NUL is allowed: WebVTT defines how to read it.
    if _CONTROL.search(text.replace("\0", "")):
        raise SubtitleEncodingError("the file holds binary data, not text.")
    return text


def _looks_like_utf16(data: bytes) -> bool:
    if len(data) < 4 or len(data) % 2:
        return False
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    half = len(data) // 2
    # Subtitles are full of ASCII digits, which UTF-16 pairs with a NUL byte on
    # one side only.
    few, many = sorted((even_zeros, odd_zeros))
    return many > half * 0.2 and few < many * 0.1


def _utf16_byte_order(data: bytes) -> str:
    return "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"


def _guess_legacy(data: bytes) -> str:
    matches = [
        match
        for match in from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS))
        if is_plausible(str(match))
    ]
    if not matches:
        raise SubtitleEncodingError(_REFUSAL)
    matches.sort(key=lambda match: (match.chaos, _rank(match.encoding)))
    best = matches[0]
    # A portal encoding only competes with the others of its kind: a rarer
    # code page that fits as well is far less likely to be the right one.
    if best.encoding in PORTAL_ENCODINGS:
        matches = [match for match in matches if match.encoding in PORTAL_ENCODINGS]
    if any(_rivals(best, other) for other in matches[1:]):
        raise SubtitleEncodingError(_REFUSAL)
    return _checked(str(best))


def _rank(encoding: str) -> int:
    if encoding in LEGACY_ENCODINGS:
        return LEGACY_ENCODINGS.index(encoding)
    return len(LEGACY_ENCODINGS)


def _rivals(best: CharsetMatch, other: CharsetMatch) -> bool:
    is_close = other.chaos - best.chaos < _AMBIGUITY_MARGIN
    return is_close and str(other) != str(best)


def is_plausible(text: str) -> bool:
    """Tell whether decoded text has none of the usual marks of mojibake."""
    return all(_is_plausible_word(word) for word in _WORD.findall(text))


def _is_plausible_word(word: str) -> bool:
    if word.isascii():
        return True
    scripts = {_script(char) for char in word}
    if len(scripts) > 1 and not scripts <= {"CJK", "HIRAGANA", "KATAKANA"}:
        return False
    if _has_inner_capital(word):
        return False
    # Latin words are mostly ASCII letters; a word of accented letters only
    # ("Ïðèâåò") is Cyrillic or Arabic read with a Western code page.
    return not (scripts == {"LATIN"} and len(word) > 1 and not _has_ascii(word))


def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ")[0]


def _has_inner_capital(word: str) -> bool:
    return any(
        a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False)
    )


def _has_ascii(word: str) -> bool:
    return any(char.isascii() for char in word)
