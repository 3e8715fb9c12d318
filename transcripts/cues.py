"""Turn timed words into cues people can read: short lines, sensible breaks."""

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from transcripts.speech import Segment, Word

SENTENCE_END = (".", "!", "?", "…", "。", "！", "？")
CLAUSE_END = (",", ";", ":", "，", "、", "；", "：")


@dataclass(frozen=True)
class CueRules:
    """Limits a cue must respect; the editor warns with the same numbers."""

    max_lines: int = 2
    max_line_width: int = 42  # in half-width columns: a CJK character counts 2
    min_duration: float = 1.0
    max_duration: float = 7.0
    max_chars_per_second: float = 20.0
    pause_seconds: float = 1.0

    @property
    def max_width(self) -> int:
        return self.max_lines * self.max_line_width


@dataclass
class DraftCue:
    start: float
    end: float
    text: str
    language: str | None = None


def display_width(text: str) -> int:
    """Count columns as a subtitle renderer does: wide East Asian characters take 2."""
    return sum(_column_widths(text))


def _column_widths(text: str) -> Iterator[int]:
    return (2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _join(words: list[Word]) -> str:
    # Whisper words carry their own leading space; CJK words carry none.
    return "".join(word.text for word in words).strip()


def _is_full(current: list[Word], nxt: Word, rules: CueRules) -> bool:
    too_wide = display_width(_join([*current, nxt])) > rules.max_width
    return too_wide or nxt.end - current[0].start > rules.max_duration


def _should_close(current: list[Word], nxt: Word | None, rules: CueRules) -> bool:
    if nxt is None or nxt.start - current[-1].end >= rules.pause_seconds:
        return True
    text = _join(current)
    if text.endswith(SENTENCE_END):
        return True
    return text.endswith(CLAUSE_END) and display_width(text) >= rules.max_width * 0.6


def _clause_break(current: list[Word], rules: CueRules) -> int:
    """Return where to cut a full cue: after its last clause end, else at its end."""
    for index in range(len(current) - 1, 0, -1):
        head = _join(current[:index])
        if display_width(head) < rules.max_width * 0.3:
            break
        if head.endswith(SENTENCE_END + CLAUSE_END):
            return index
    return len(current)


def group_words(words: list[Word], rules: CueRules) -> list[list[Word]]:
    """Split a run of words into the groups that become cues."""
    groups: list[list[Word]] = []
    current: list[Word] = []
    for index, word in enumerate(words):
        current.append(word)
        nxt = words[index + 1] if index + 1 < len(words) else None
        if nxt is not None and _is_full(current, nxt, rules):
            cut = _clause_break(current, rules)
            groups.append(current[:cut])
            current = current[cut:]
        elif _should_close(current, nxt, rules):
            groups.append(current)
            current = []
    return groups


def break_lines(text: str, rules: CueRules) -> str:
    """Break cue text into at most two balanced lines at a space or between CJK."""
    if display_width(text) <= rules.max_line_width:
        return text
    candidates = [i for i, ch in enumerate(text) if ch == " "]
    if not candidates:
        candidates = list(range(1, len(text)))
    # Widths of every prefix at once: measuring each prefix anew is quadratic.
    widths = [0, *accumulate(_column_widths(text))]
    half = widths[-1] / 2
    best = min(candidates, key=lambda i: abs(widths[i] - half))
    first, second = text[:best].rstrip(), text[best:].lstrip()
    return f"{first}\n{second}"


def _cue_from_words(words: list[Word], rules: CueRules) -> DraftCue:
    text = break_lines(_join(words), rules)
    return DraftCue(start=words[0].start, end=words[-1].end, text=text)


def _segment_without_words(segment: Segment, rules: CueRules) -> DraftCue:
    return DraftCue(segment.start, segment.end, break_lines(segment.text, rules))


MIN_VISIBLE = 0.1


def _respect_min_duration(cues: list[DraftCue], rules: CueRules) -> None:
    for index, cue in enumerate(cues):
        nxt = cues[index + 1] if index + 1 < len(cues) else None
        wanted = cue.start + rules.min_duration
        limit = nxt.start if nxt else wanted
        if cue.end < wanted:
            cue.end = max(cue.end, min(wanted, limit))
        # Whisper can give a word no length; a cue must still last a moment.
        cue.end = max(cue.end, cue.start + MIN_VISIBLE)


def build_cues(
    segments: list[Segment], rules: CueRules | None = None
) -> list[DraftCue]:
    """Make cues from recognised segments, using word timestamps where present."""
    rules = rules or CueRules()
    cues: list[DraftCue] = []
    for segment in segments:
        if not segment.words:
            made = [_segment_without_words(segment, rules)]
        else:
            made = [
                _cue_from_words(g, rules) for g in group_words(segment.words, rules)
            ]
        for cue in made:
            cue.language = segment.language or None
        cues.extend(made)
    _respect_min_duration(cues, rules)
    return cues
