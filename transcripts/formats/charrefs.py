"""Decode HTML character references the way WebVTT cue text requires."""

from __future__ import annotations

import re
from html.entities import html5

_NAME = re.compile(r"[A-Za-z0-9]{1,40};?")
_NUMBER = re.compile(r"#(?:[xX]([0-9A-Fa-f]+)|([0-9]+));?")
_SURROGATES = range(0xD800, 0xE000)


def decode_character_references(text: str, in_annotation: bool = False) -> str:
    """Replace ``&amp;``-style references following the HTML tokenizer's rules.

    ``in_annotation`` applies the attribute-value rule: a legacy reference with
    no semicolon followed by a letter, digit or ``=`` stays as written.
    """
    parts: list[str] = []
    pos = 0
    while (amp := text.find("&", pos)) != -1:
        parts.append(text[pos:amp])
        replacement, pos = _reference_at(text, amp + 1, in_annotation)
        parts.append(replacement)
    parts.append(text[pos:])
    return "".join(parts)


def _reference_at(text: str, pos: int, in_annotation: bool) -> tuple[str, int]:
    if text.startswith("#", pos):
        return _numeric_reference(text, pos)
    match = _NAME.match(text, pos)
    if match is None:
        return "&", pos
    return _named_reference(text, match.group(), pos, in_annotation)


def _named_reference(
    text: str, candidate: str, pos: int, in_annotation: bool
) -> tuple[str, int]:
    # HTML takes the longest name in its table that prefixes what follows "&".
    for length in range(len(candidate), 1, -1):
        name = candidate[:length]
        if name not in html5:
            continue
        end = pos + length
        follower = text[end : end + 1]
        is_legacy = not name.endswith(";")
        is_word_char = follower.isascii() and (follower.isalnum() or follower == "=")
        if in_annotation and is_legacy and is_word_char:
            return "&", pos
        return html5[name], end
    return "&", pos


def _numeric_reference(text: str, pos: int) -> tuple[str, int]:
    match = _NUMBER.match(text, pos)
    if match is None:
        return "&", pos
    hex_digits, decimal_digits = match.groups()
    digits = (hex_digits or decimal_digits).lstrip("0")
    # Past eight digits the number is out of Unicode's range whatever they are.
    if len(digits) > 8:
        return "\ufffd", match.end()
    number = int(hex_digits, 16) if hex_digits else int(decimal_digits)
    return _code_point_text(number), match.end()


def _code_point_text(number: int) -> str:
    if number == 0 or number > 0x10FFFF or number in _SURROGATES:
        return "\ufffd"
    if 0x80 <= number <= 0x9F:
        # HTML reads these as the Windows-1252 characters authors meant.
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(number)
    return chr(number)
