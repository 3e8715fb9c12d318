"""Translate subtitle cues sentence by sentence and fit the result back onto them.

Cues cut speech where the speaker pauses, not where sentences end, and a cue
translated alone comes out as nonsense. So consecutive cues are merged into
sentences, all sentences go to the engine in one batch, and each translation
is spread back over the cues it came from, in proportion to the characters
each cue held. The result has exactly the input's cues and timings.

Markup (`<i>`, `<b>`, WebVTT voice and class spans, timestamps) and character
references are removed before translating: a tag split across cues or
reordered by the engine would come back broken. The translated text is plain.
"""

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, pairwise
from typing import Protocol

from translation.engines import TranslationEngine, TranslationError
from translation.languages import has_word_spaces

DEFAULT_MAX_CUES_PER_SENTENCE = 6

_RUBY_TEXT = re.compile(r"<rt>.*?</rt>", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d{1,2}:\d{2}[^<>]*>")
_SPACES = re.compile(r"\s+")
# Western marks end a sentence only before a space; CJK full stops end it anyway.
_SENTENCE_END = re.compile(
    r"[.!?…؟۔।॥။።]+[\"'”’»)\]]*(?=\s|$)|[。！？]+[」』”’）)]*\s*"
)
_LAST_WORD = re.compile(r"(\w+)\W*$")
# Words that end with a full stop without ending the sentence ("Dr. Ahmed").
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "approx", "fig", "cf"}
_OPENING_PUNCTUATION = {"Ps", "Pi"}


class SourceCue(Protocol):
    """Anything with a start, an end and the text shown between them."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class TranslatedCue:
    """A cue of the translated track, timed like the source cue it replaces."""

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Fragment:
    """The part of one cue's text that belongs to one sentence."""

    cue_index: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence and the cue fragments it was spoken over, in order."""

    fragments: tuple[Fragment, ...]

    def text(self, joiner: str = " ") -> str:
        """Return the whole sentence as one string."""
        return joiner.join(fragment.text for fragment in self.fragments)


def plain_text(cue_text: str) -> str:
    """Strip markup and character references and fold whitespace to single spaces."""
    text = _TAG.sub("", _RUBY_TEXT.sub("", cue_text))
    return _SPACES.sub(" ", html.unescape(text)).strip()


def _is_abbreviation(text: str, end: re.Match[str]) -> bool:
    if end[0].rstrip() != ".":
        return False
    word = _LAST_WORD.search(text[: end.start()])
    # A single letter is an initial or part of "e.g." more often than a sentence.
    return word is not None and (len(word[1]) == 1 or word[1].lower() in _ABBREVIATIONS)


def split_at_sentence_ends(text: str) -> list[tuple[str, bool]]:
    """Cut text after each sentence end; flag the pieces that close a sentence."""
    pieces: list[tuple[str, bool]] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if _is_abbreviation(text, end):
            continue
        piece = text[start : end.end()].strip()
        if piece:
            pieces.append((piece, True))
        start = end.end()
    rest = text[start:].strip()
    if rest:
        pieces.append((rest, False))
    return pieces


def merge_into_sentences(
    cues: Sequence[SourceCue], max_cues: int = DEFAULT_MAX_CUES_PER_SENTENCE
) -> list[Sentence]:
    """Group the text of consecutive cues into sentences."""
    sentences: list[Sentence] = []
    current: list[Fragment] = []
    for index, cue in enumerate(cues):
        for piece, closes in split_at_sentence_ends(plain_text(cue.text)):
            current.append(Fragment(index, piece))
            if closes:
                sentences.append(Sentence(tuple(current)))
                current = []
        # Unpunctuated speech would otherwise become one endless sentence.
        if len(current) >= max_cues:
            sentences.append(Sentence(tuple(current)))
            current = []
    if current:
        sentences.append(Sentence(tuple(current)))
    return sentences


def _joins_previous(previous: str, char: str) -> bool:
    category = unicodedata.category(char)
    if char.isspace() or category in ("Mn", "Mc", "Me", "Cf"):
        return True
    if unicodedata.combining(previous) == 9:  # a virama stacks the next letter
        return True
    if category.startswith("P"):
        return category not in _OPENING_PUNCTUATION
    # "CT", "12.5" and "08:00" inside Chinese or Thai text stay whole.
    if not (char.isascii() and char.isalnum() and previous.isascii()):
        return False
    return previous.isalnum() or previous in ".,:"


def _character_tokens(text: str) -> list[str]:
    # Keep clusters, closing punctuation and embedded Latin words or numbers whole.
    tokens: list[str] = []
    for char in text:
        if tokens and _joins_previous(tokens[-1][-1], char):
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def _tokens(text: str, spaced: bool) -> list[str]:
    if spaced:
        return re.findall(r"\S+\s*", text.strip())
    return _character_tokens(text.strip())


def _nearest(chars_before: list[int], low: int, high: int, ideal: float) -> int:
    return min(range(low, high + 1), key=lambda cut: abs(chars_before[cut] - ideal))


def _cut_points(sizes: list[int], weights: Sequence[int]) -> list[int]:
    parts = len(weights)
    chars_before = [0, *accumulate(sizes)]
    total_weight = sum(weights) or parts
    # With at least one token per part, no part has to stay empty.
    spare = len(sizes) >= parts
    cuts: list[int] = []
    previous = 0
    for k, reached in enumerate(accumulate(weights[:-1]), start=1):
        ideal = chars_before[-1] * reached / total_weight
        low = previous + 1 if spare else previous
        high = len(sizes) - (parts - k) if spare else len(sizes)
        previous = _nearest(chars_before, low, high, ideal)
        cuts.append(previous)
    return cuts


def spread(translation: str, weights: Sequence[int], target: str) -> list[str]:
    """Split a translation into parts sized like the weights, at word boundaries."""
    spaced = has_word_spaces(target)
    tokens = _tokens(translation, spaced)
    bounds = [0, *_cut_points([len(t) for t in tokens], weights), len(tokens)]
    return ["".join(tokens[a:b]).strip() for a, b in pairwise(bounds)]


def translate_cues(
    cues: Sequence[SourceCue],
    engine: TranslationEngine,
    source: str,
    target: str,
    max_cues_per_sentence: int = DEFAULT_MAX_CUES_PER_SENTENCE,
) -> list[TranslatedCue]:
    """Translate cues as whole sentences and return one new cue per source cue."""
    sentences = merge_into_sentences(cues, max_cues_per_sentence)
    joiner = " " if has_word_spaces(source) else ""
    texts = [sentence.text(joiner) for sentence in sentences]
    translations = engine.translate(texts, source, target)
    if len(translations) != len(texts):
        raise TranslationError(
            f"{engine.name} returned {len(translations)} texts for {len(texts)}"
        )

    shares: list[list[str]] = [[] for _ in cues]
    for sentence, translation in zip(sentences, translations, strict=True):
        weights = [len(fragment.text) for fragment in sentence.fragments]
        parts = spread(translation, weights, target)
        for fragment, part in zip(sentence.fragments, parts, strict=True):
            if part:
                shares[fragment.cue_index].append(part)

    target_joiner = " " if has_word_spaces(target) else ""
    return [
        TranslatedCue(cue.start, cue.end, target_joiner.join(parts))
        for cue, parts in zip(cues, shares, strict=True)
    ]
