"""Read and write SubRip (.srt) files.

SubRip has no formal standard, so the reader is lenient where players agree
(hours or milliseconds left out, "." instead of ",", extra blank lines, no
blank line between cues) and drops only blocks without a valid timing line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from transcripts.formats.cuetext import to_srt_markup
from transcripts.formats.model import (
    SRT,
    CueLike,
    SubtitleCue,
    SubtitleFormatError,
    cue_syntax,
)
from transcripts.formats.settings import parse_cue_settings
from transcripts.formats.timestamps import check_timing, format_timestamp, to_seconds
from transcripts.formats.webvtt import SkippedBlock, preprocess

_TIME = r"(?:(\d+):)?(\d+):(\d+)(?:[,.](\d{3}))?"
# Coordinates such as "X1:40 X2:600 Y1:20 Y2:50" may follow the end time.
_TIMING_LINE = re.compile(rf"\s*{_TIME}\s*-->\s*{_TIME}(?:\s+.*)?\s*", re.ASCII)
_INDEX = re.compile(r"\s*\d+\s*", re.ASCII)
# SSA override tags such as {\an8}; "{ \an8}" with a space is not one.
_SSA_TAG = re.compile(r"[ \t]*\{\\[^}]*\}[ \t]*")
_ALIGNMENT_TAG = re.compile(r"\{\\an([1-9])\}")


@dataclass
class SrtDocument:
    """The cues read from a SubRip file, and the blocks left out."""

    cues: list[SubtitleCue] = field(default_factory=list)
    skipped: list[SkippedBlock] = field(default_factory=list)


def read_srt(text: str, strict: bool = False) -> list[SubtitleCue]:
    """Return the cues of a SubRip file.

    Blocks without a valid timing line are left out; with ``strict`` the first
    one raises SubtitleFormatError instead, as does text that holds no cue.
    """
    document = parse_srt(text)
    if document.skipped and (strict or not document.cues):
        problem = document.skipped[0]
        raise SubtitleFormatError(problem.reason, line=problem.line)
    return document.cues


def parse_srt(text: str) -> SrtDocument:
    """Read a SubRip file into cues, noting each block that was left out."""
    lines = preprocess(text).split("\n")
    document = SrtDocument()
    rows = [row for row, line in enumerate(lines) if parse_srt_timing(line)]
    # A cue's text runs until the next cue's number, or its timing line.
    starts = [_block_start(lines, row) for row in rows] + [len(lines)]
    _note_stray_text(document, lines, 0, starts[0])
    for row, limit in zip(rows, starts[1:], strict=True):
        _read_cue(document, lines, row, limit)
    return document


def parse_srt_timing(line: str) -> tuple[float, float] | None:
    """Return start and end seconds of a SubRip timing line, or ``None``."""
    match = _TIMING_LINE.fullmatch(line)
    if match is None:
        return None
    values = [int(value) if value else 0 for value in match.groups()]
    return to_seconds(*values[:4]), to_seconds(*values[4:])


def _read_cue(document: SrtDocument, lines: list[str], row: int, limit: int) -> None:
    text_end = _end_of_text(lines, row + 1, limit)
    start, end = parse_srt_timing(lines[row]) or (0.0, 0.0)
    identifier = lines[row - 1].strip() if _block_start(lines, row) < row else ""
    text, settings = _text_and_settings(lines[row + 1 : text_end])
    document.cues.append(SubtitleCue(start, end, text, identifier, settings, SRT))
    _note_stray_text(document, lines, text_end, limit)


def _block_start(lines: list[str], row: int) -> int:
    """Return where the cue whose timing line is at ``row`` starts: its number."""
    has_number = row > 0 and _INDEX.fullmatch(lines[row - 1])
    return row - 1 if has_number else row


def _end_of_text(lines: list[str], first: int, limit: int) -> int:
    row = first
    while row < limit and lines[row].strip():
        row += 1
    return row


def _note_stray_text(
    document: SrtDocument, lines: list[str], first: int, limit: int
) -> None:
    """Note each block of text between cues, which no timing line claims."""
    row = first
    while row < limit:
        if not lines[row].strip():
            row += 1
            continue
        end = _end_of_text(lines, row, limit)
        document.skipped.append(_stray_block(lines, row, end))
        row = end


def _stray_block(lines: list[str], first: int, end: int) -> SkippedBlock:
    for row in range(first, end):
        if "-->" in lines[row]:
            reason = "this timing line is not valid, so its cue was left out."
            return SkippedBlock(row + 1, reason, has_timing=True)
    reason = "this block has no timing line, so it was left out."
    return SkippedBlock(first + 1, reason)


def _text_and_settings(lines: list[str]) -> tuple[str, str]:
    text = "\n".join(lines)
    alignment = _ALIGNMENT_TAG.search(text)
    settings = _alignment_settings(int(alignment.group(1))) if alignment else ""
    return _remove_ssa_tags(text), settings


def _alignment_settings(numpad: int) -> str:
    """Return WebVTT settings for an SSA ``{\\anN}`` numpad position."""
    row, column = divmod(numpad - 1, 3)
    line = ("", "line:50%,center", "line:0")[row]
    align = ("align:left", "", "align:right")[column]
    return " ".join(part for part in (line, align) if part)


def _remove_ssa_tags(text: str) -> str:
    return "\n".join(_SSA_TAG.sub(_tag_gap, line) for line in text.split("\n"))


def _tag_gap(match: re.Match[str]) -> str:
    # Keep one space where the tag sat between two words, none at the edges.
    at_edge = match.start() == 0 or match.end() == len(match.string)
    had_space = match.group() != match.group().strip()
    return " " if had_space and not at_edge else ""


def write_srt(cues: Iterable[CueLike], keep_numbers: bool = False) -> str:
    """Return a SubRip file with the cues in the given order, numbered 1 to n.

    With ``keep_numbers`` a cue keeps its own number (its identifier) when that
    is a whole number above the one before, so a file read and written again
    keeps its numbers; any other cue gets the number after the one before.
    """
    blocks = []
    number = 0
    for cue in cues:
        own_number = (getattr(cue, "identifier", "") or "") if keep_numbers else ""
        number = _cue_number(own_number, number)
        blocks.append(_cue_block(number, cue))
    return "".join(block + "\n\n" for block in blocks)


def _cue_number(own_number: str, previous: int) -> int:
    is_number = own_number.isascii() and own_number.isdigit()
    return int(own_number) if is_number and int(own_number) > previous else previous + 1


def _cue_block(number: int, cue: CueLike) -> str:
    check_timing(cue, f"Cue {number}")
    start = format_timestamp(cue.start, ",")
    end = format_timestamp(cue.end, ",")
    text = to_srt_markup(cue.text, cue_syntax(cue))
    lines = _text_lines(text) or [""]
    lines[0] = _alignment_tag(getattr(cue, "settings", "") or "") + lines[0]
    return "\n".join([str(number), f"{start} --> {end}", *lines]).rstrip("\n")


def _alignment_tag(settings: str) -> str:
    """Return the ``{\\anN}`` tag for WebVTT settings, or "" for the default."""
    parsed = parse_cue_settings(settings)
    row = {"0": 2, "50%": 1}.get(parsed.line or "", 0)
    column = {"left": 0, "start": 0, "right": 2, "end": 2}.get(parsed.align, 1)
    numpad = row * 3 + column + 1
    return "" if numpad == 2 else f"{{\\an{numpad}}}"


def _text_lines(text: str) -> list[str]:
    # A blank line ends an SRT cue and a line with "-->" looks like a timing
    # line, so blank lines are dropped and arrows get a space.
    lines = [line for line in preprocess(text).split("\n") if line.strip()]
    return [re.sub(r"--+>", lambda m: m.group()[:-1] + " >", line) for line in lines]
