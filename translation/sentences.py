"""Translate subtitle cues sentence by sentence and fit the result back onto them.

Cues cut speech where the speaker pauses, not where sentences end, and a cue
translated alone comes out as nonsense. So consecutive cues are merged into
sentences, all sentences go to the engine in one batch, and each translation
is spread back over the cues it came from, in proportion to the characters
each cue held. The result has exactly the input's cues and timings.

Each cue's markup is kept (see translation.markup): what wraps the whole cue
is put back around its share of the translation, and inline tags travel
through the engine as placeholders. Plain cues stay plain text.

Each sentence is looked up in the translation memory first; the engine gets
only the others, with glossary terms masked. A translated cue says where its
text came from (machine translation, the memory, or left untranslated), and
its lines are broken for the target language (by width where it has no
spaces).
"""

import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Protocol

from transcripts.cues import CueRules
from transcripts.formats.cuetext import PLAIN, TIMESTAMP, to_plain_text
from transcripts.formats.model import cue_syntax
from translation.engines import TranslationEngine, TranslationError
from translation.glossary import BrokenTerm, Glossary
from translation.languages import has_word_spaces
from translation.markup import (
    BrokenMarkup,
    CueMarkup,
    glue_placeholders,
    placeholder_roles,
    put_back,
    readable_text,
    take_markup,
)
from translation.segmenter import has_segmenter, words

if TYPE_CHECKING:
    from translation.memory import TranslationMemory

DEFAULT_MAX_CUES_PER_SENTENCE = 6
# Cue provenances, as transcripts.models.Provenance stores them.
ASR = "asr"
HUMAN = "human"
MACHINE_TRANSLATION = "machine-translation"
TRANSLATION_MEMORY = "translation-memory"
MEMORY_ENGINE = "translation-memory"

# A dialogue cue gives each speaker a line that opens with a dash.
# ("- Yes." or "-Yes."); folded onto one line, a turn starts after a space.
_TURN = re.compile(r"^[ \t]*[-\u2010-\u2015](?=[ \t]?\w)", re.MULTILINE)
_TURN_IN_TEXT = re.compile(r"(?<=\S)\s+(?=[-\u2010-\u2015]\s?\w)")

# Western marks end a sentence only before a space; CJK full stops end it anyway.
_SENTENCE_END = re.compile(
    r"[.!?…؟۔।॥။።]+[\"'”’»)\]]*(?=\s|$)|[。！？]+[」』”’）)]*\s*"
)
_LAST_WORD = re.compile(r"(\w+)\W*$")
# Words that end with a full stop without ending the sentence ("Dr. Ahmed").
_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "prof", "st", "vs", "approx", "fig", "cf"}
_OPENING_PUNCTUATION = {"Ps", "Pi"}


class SourceCue(Protocol):
    """Anything with a start, an end and the text shown between them.

    A cue may say its text's ``syntax`` (see transcripts.formats); without it
    the text is plain.
    """

    start: float
    end: float
    text: str


@dataclass(frozen=True)
class TranslatedCue:
    """A cue of the translated track, timed like the source cue it replaces."""

    start: float
    end: float
    text: str
    provenance: str = MACHINE_TRANSLATION
    syntax: str = PLAIN
    # Set when the text stayed in another language than the track's (the
    # memory alone leaves what it lacks in the source language).
    language: str | None = None


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
    texts: Sequence[str],
    max_cues: int = DEFAULT_MAX_CUES_PER_SENTENCE,
    own: Mapping[int, list[str]] | None = None,
) -> list[Sentence]:
    """Group the texts of consecutive cues into sentences.

    A cue in `own` is never merged with another: each of its pieces is a
    sentence of its own (a karaoke cue, each turn of a dialogue cue).
    """
    own = own or {}
    sentences: list[Sentence] = []
    current: list[Fragment] = []
    for index, text in enumerate(texts):
        if index in own:
            if current:
                sentences.append(Sentence(tuple(current)))
                current = []
            sentences.extend(Sentence((Fragment(index, p),)) for p in own[index])
            continue
        for piece, closes in split_at_sentence_ends(text):
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


# A cut moves up to this share of an average part to land after clause
# punctuation, and is kept off a short function word ("the", "de", "в")
# unless staying there saves this share.
_CLAUSE_MARKS = frozenset(",;:—–.!?…、，；：。！？")
_CLAUSE_REACH = 0.4
_FUNCTION_WORD_COST = 0.2


def _glue(pieces: Sequence[str]) -> list[str]:
    # Closing punctuation, marks and embedded Latin words or numbers join the
    # token before them, and opening punctuation the token after it, so that
    # no cue starts with a comma or ends with a bracket.
    tokens: list[str] = []
    for piece in pieces:
        if tokens and (
            _joins_previous(tokens[-1][-1], piece[0])
            and not _is_symbols(tokens[-1])
            or _is_opening(tokens[-1])
        ):
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


def _is_symbols(token: str) -> bool:
    # A run of cues holding only "&" or "<" keeps one piece each: punctuation
    # joins a word, not other punctuation standing for itself.
    marks = token.strip()
    return bool(marks) and not any(char.isalnum() for char in marks)


def _is_opening(token: str) -> bool:
    marks = token.strip()
    return bool(marks) and all(
        unicodedata.category(char) in _OPENING_PUNCTUATION for char in marks
    )


def _tokens(text: str, target: str, parts: int) -> list[str]:
    text = text.strip()
    if has_word_spaces(target):
        return _glue(re.findall(r"\S+\s*", text))
    if has_segmenter(target):
        segmented = _glue(words(text))
        # An empty cue is worse than a word cut in two.
        if len(segmented) >= parts:
            return segmented
    return _glue(text)  # one character a piece


def _cut_cost(token: str, spaced: bool) -> float:
    # Negative where a cut reads well, positive where it reads badly.
    word = token.strip()
    if word[-1] in _CLAUSE_MARKS:
        return -_CLAUSE_REACH
    if spaced and len(word) <= 3 and word.isalpha() and word == word.lower():
        return _FUNCTION_WORD_COST
    return 0.0


def _cut_points(tokens: list[str], weights: Sequence[int], spaced: bool) -> list[int]:
    parts = len(weights)
    chars_before = [0, *accumulate(len(token) for token in tokens)]
    # The cost of cutting before each token; the text's two ends are not cuts.
    costs = [0.0, *(_cut_cost(token, spaced) for token in tokens[:-1]), 0.0]
    part_size = max(chars_before[-1] / parts, 1)
    total_weight = sum(weights) or parts
    # With at least one token per part, no part has to stay empty.
    spare = len(tokens) >= parts
    cuts: list[int] = []
    previous = 0
    for k, reached in enumerate(accumulate(weights[:-1]), start=1):
        ideal = chars_before[-1] * reached / total_weight
        low = previous + 1 if spare else previous
        high = len(tokens) - (parts - k) if spare else len(tokens)
        previous = min(
            range(low, high + 1),
            key=lambda cut: abs(chars_before[cut] - ideal) / part_size + costs[cut],
        )
        cuts.append(previous)
    return cuts


def spread(translation: str, weights: Sequence[int], target: str) -> list[str]:
    """Split a translation into parts sized like the weights, between words.

    Each cut goes near its proportional place, moved to just after clause
    punctuation when one is close, and away from a short function word.
    """
    if len(weights) == 1:
        return [translation.strip()]  # nothing to cut
    tokens = _tokens(translation, target, len(weights))
    spaced = has_word_spaces(target)
    bounds = [0, *_cut_points(tokens, weights, spaced), len(tokens)]
    return ["".join(tokens[a:b]).strip() for a, b in pairwise(bounds)]


@dataclass(frozen=True)
class SentenceTranslation:
    """A sentence's translation and where it came from."""

    text: str
    provenance: str
    # The memory's translation of each fragment, where it knew them all but
    # not the whole sentence: each goes to its own cue instead of being spread.
    fragment_texts: tuple[str, ...] = ()


def _memory_translations(
    texts: list[str],
    fragments: Sequence[Sequence[str]],
    memory: "TranslationMemory",
    target: str,
) -> list[SentenceTranslation | None]:
    # Unpunctuated speech is merged into long "sentences" the memory rarely
    # holds, though it may hold each cue's words: those are looked up too, in
    # the same batch, for sentences of more than one fragment.
    pieces = [list(parts) if len(parts) > 1 else [] for parts in fragments]
    # The memory holds readable text: markup placeholders stay out of the lookup,
    # and a cue whose inline markup cannot be placed in a match loses it.
    wanted = [*texts, *(piece for parts in pieces for piece in parts)]
    matches = memory.lookup([readable_text(text) for text in wanted])
    piece_matches = iter(matches[len(texts) :])
    joiner = " " if has_word_spaces(target) else ""
    result: list[SentenceTranslation | None] = []
    for match, parts in zip(matches[: len(texts)], pieces, strict=True):
        found = [next(piece_matches) for _ in parts]
        if match:
            result.append(SentenceTranslation(match.target, TRANSLATION_MEMORY))
        elif parts and all(found):
            targets = tuple(m.target for m in found)
            result.append(
                SentenceTranslation(joiner.join(targets), TRANSLATION_MEMORY, targets)
            )
        else:
            result.append(None)
    return result


def _engine_translations(
    texts: list[str],
    engine: TranslationEngine,
    source: str,
    target: str,
    glossary: "Glossary | None",
    broken: list["BrokenTerm"],
) -> list[str]:
    masked = [glossary.mask(text) if glossary else None for text in texts]
    sent = [m.text if m else text for m, text in zip(masked, texts, strict=True)]
    translations = engine.translate(sent, source, target) if sent else []
    if len(translations) != len(sent):
        raise TranslationError(
            f"{engine.name} returned {len(translations)} texts for {len(sent)}"
        )
    if glossary is None:
        return translations
    restored = []
    for text, mask, translation in zip(texts, masked, translations, strict=True):
        output, lost = glossary.restore(mask, translation)
        broken.extend(BrokenTerm(term, text, output) for term in lost)
        restored.append(output)
    return restored


def translate_sentences(
    texts: list[str],
    engine: TranslationEngine,
    source: str,
    target: str,
    memory: "TranslationMemory | None" = None,
    glossary: "Glossary | None" = None,
    broken: list["BrokenTerm"] | None = None,
    untranslated: str = ASR,
    fragments: Sequence[Sequence[str]] | None = None,
) -> list[SentenceTranslation]:
    """Translate sentences: the memory first, then the engine with terms masked.

    Fragments, when given, are each sentence's cue texts: the memory may know
    them all where it does not know the sentence.
    """
    fragments = fragments or [[text] for text in texts]
    result = (
        _memory_translations(texts, fragments, memory, target)
        if memory
        else [None] * len(texts)
    )
    missing = [i for i, found in enumerate(result) if found is None]
    if engine.name == MEMORY_ENGINE:
        # The memory has had its say: what it lacks stays in the source language,
        # each cue's words in that cue.
        for i in missing:
            result[i] = SentenceTranslation(texts[i], untranslated, tuple(fragments[i]))
        return result
    outputs = _engine_translations(
        [texts[i] for i in missing],
        engine,
        source,
        target,
        glossary,
        broken if broken is not None else [],
    )
    for i, output in zip(missing, outputs, strict=True):
        result[i] = SentenceTranslation(output, MACHINE_TRANSLATION)
    return result


def _cue_provenance(origins: set[str]) -> str:
    # A cue is as trustworthy as its least trustworthy part.
    for provenance in (MACHINE_TRANSLATION, HUMAN, ASR):
        if provenance in origins:
            return provenance
    return TRANSLATION_MEMORY if origins else MACHINE_TRANSLATION


def translate_cues(
    cues: Sequence[SourceCue],
    engine: TranslationEngine,
    source: str,
    target: str,
    max_cues_per_sentence: int = DEFAULT_MAX_CUES_PER_SENTENCE,
    memory: "TranslationMemory | None" = None,
    glossary: "Glossary | None" = None,
    broken: list["BrokenTerm"] | None = None,
    broken_markup: list[BrokenMarkup] | None = None,
) -> list[TranslatedCue]:
    """Translate cues as whole sentences and return one new cue per source cue."""
    if getattr(engine, "converts_cues_alone", False):
        max_cues_per_sentence = 1
    markups = take_markup(cues, has_word_spaces(source))
    roles = placeholder_roles(markups)
    dialogue = {i for i, cue in enumerate(cues) if _is_dialogue(cue)}
    own = {
        i: pieces
        for i, markup in enumerate(markups)
        if (pieces := _own_sentences(markup, i in dialogue))
    }
    sentences = merge_into_sentences(
        [markup.text for markup in markups], max_cues_per_sentence, own
    )
    joiner = " " if has_word_spaces(source) else ""
    texts = [sentence.text(joiner) for sentence in sentences]
    translations = translate_sentences(
        texts,
        engine,
        source,
        target,
        memory,
        glossary,
        broken,
        _source_provenance(cues),
        fragments=[[fragment.text for fragment in s.fragments] for s in sentences],
    )

    shares: list[list[str]] = [[] for _ in cues]
    origins: list[set[str]] = [set() for _ in cues]
    for sentence, translation in zip(sentences, translations, strict=True):
        weights = [len(fragment.text) for fragment in sentence.fragments]
        parts = translation.fragment_texts or spread(
            glue_placeholders(translation.text, roles), weights, target
        )
        for fragment, part in zip(sentence.fragments, parts, strict=True):
            origins[fragment.cue_index].add(translation.provenance)
            if part:
                shares[fragment.cue_index].append(part)

    target_joiner = " " if has_word_spaces(target) else ""
    lost = broken_markup if broken_markup is not None else []
    return [
        _translated_cue(
            index,
            cue,
            markups[index],
            target_joiner.join(shares[index]),
            _cue_provenance(origins[index]),
            lost,
            index in dialogue,
            source,
        )
        for index, cue in enumerate(cues)
    ]


def _is_dialogue(cue: SourceCue) -> bool:
    """Tell whether a cue gives two or more speakers a dash-led line each."""
    return len(_TURN.findall(to_plain_text(cue.text, cue_syntax(cue)))) >= 2


def _own_sentences(markup: CueMarkup, is_dialogue: bool) -> list[str]:
    """Return the sentences a cue must be translated as on its own, if any.

    Each turn of a dialogue is its own sentence; a karaoke cue (word timings)
    stays whole, so its words keep their times. Other cues merge freely.
    """
    turns = _TURN_IN_TEXT.split(markup.text) if is_dialogue else []
    if len(turns) >= 2:
        return turns
    if any(tag.role == TIMESTAMP for tag in markup.inline):
        return [markup.text]
    return []


def _translated_cue(
    index: int,
    cue: SourceCue,
    markup: CueMarkup,
    translation: str,
    provenance: str,
    broken_markup: list[BrokenMarkup],
    is_dialogue: bool,
    source: str,
) -> TranslatedCue:
    if is_dialogue:
        # One line per speaker, however long: the turns are the lines.
        unbroken = replace(CueRules(), max_line_width=sys.maxsize)
        text, is_intact = put_back(markup, translation, unbroken)
        text = _TURN_IN_TEXT.sub("\n", text)
    else:
        text, is_intact = put_back(markup, translation, CueRules())
    if not is_intact:
        broken_markup.append(BrokenMarkup(index, cue.text, translation))
    # Text left untranslated is still in the source language: say so.
    language = source if provenance in (ASR, HUMAN) else None
    return TranslatedCue(cue.start, cue.end, text, provenance, markup.syntax, language)


def _source_provenance(cues: Sequence[SourceCue]) -> str:
    # Text left untranslated keeps the provenance of the cues it came from.
    kinds = {str(getattr(cue, "provenance", "") or ASR) for cue in cues}
    return HUMAN if kinds == {HUMAN} else ASR
