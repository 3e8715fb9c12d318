"""Read WebVTT files by the W3C parsing rules, and write valid WebVTT files."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from transcripts.formats.cuetext import to_webvtt_markup
from transcripts.formats.model import (
    WEBVTT,
    CueLike,
    SubtitleCue,
    SubtitleFormatError,
    cue_syntax,
)
from transcripts.formats.settings import normalize_cue_settings
from transcripts.formats.timestamps import (
    check_timing,
    format_timestamp,
    match_webvtt_timestamp,
)

_SIGNATURE = "WEBVTT"
_ARROW = "-->"
_WHITESPACE = "\t\n\f\r "
_BLOCK_KEYWORD = re.compile(r"(STYLE|REGION)[\t\n\f\r ]*")
_NOTE = "NOTE"


@dataclass(frozen=True)
class SkippedBlock:
    """A block the reader left out: the line to look at, and why.

    ``has_timing`` tells a cue lost to an invalid timing line from stray text.
    """

    line: int
    reason: str
    has_timing: bool = False


@dataclass(frozen=True)
class WebVTTNote:
    """A NOTE block: its text after the word NOTE, and the cue it stood before.

    ``before_cue`` is the index in ``WebVTTDocument.cues`` of the next cue, or
    the number of cues for a note after the last one.
    """

    text: str
    before_cue: int


@dataclass
class WebVTTDocument:
    """Everything read from a WebVTT file.

    ``header`` holds everything after the word "WEBVTT" up to the first blank
    line, as written: the rest of the signature line, then the header lines
    below it (so it starts with a space, a tab or a line break unless empty).
    ``stylesheets`` and ``regions`` hold the bodies of STYLE and REGION blocks;
    ``notes`` holds the NOTE comment blocks and where they stood.
    """

    cues: list[SubtitleCue] = field(default_factory=list)
    header: str = ""
    stylesheets: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    notes: list[WebVTTNote] = field(default_factory=list)
    skipped: list[SkippedBlock] = field(default_factory=list)


def read_webvtt(text: str) -> list[SubtitleCue]:
    """Return the cues of a WebVTT file; raise SubtitleFormatError if it is not one."""
    return parse_webvtt(text).cues


def parse_webvtt(text: str) -> WebVTTDocument:
    """Read a WebVTT file with its header, style sheets, regions, notes and cues."""
    return _Parser(preprocess(text)).parse()


def preprocess(text: str) -> str:
    """Drop a byte order mark, replace NULs and make every line end a LF."""
    text = text.removeprefix("\ufeff").replace("\0", "\ufffd")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_timing_line(line: str) -> tuple[float, float, str] | None:
    """Collect cue timings and settings from a line; ``None`` if it is invalid."""
    pos = _skip_whitespace(line, 0)
    start = match_webvtt_timestamp(line, pos)
    if start is None:
        return None
    pos = _skip_whitespace(line, start[1])
    if not line.startswith(_ARROW, pos):
        return None
    end = match_webvtt_timestamp(line, _skip_whitespace(line, pos + len(_ARROW)))
    if end is None:
        return None
    return start[0], end[0], normalize_cue_settings(line[end[1] :])


def _skip_whitespace(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


@dataclass
class _Block:
    """What one run of the W3C "collect a block" steps has gathered so far."""

    first_line: int
    resume_at: int  # the W3C "previous position", as a line index
    lines: list[str] = field(default_factory=list)
    seen_arrow: bool = False
    cue: SubtitleCue | None = None
    kind: str = ""  # "STYLE" or "REGION" once line 2 shows it is one
    bad_timing_line: int | None = None


class _Parser:
    """The W3C WebVTT parser, walking the file line by line."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.index = 0
        self.seen_cue = False
        self.document = WebVTTDocument()

    def parse(self) -> WebVTTDocument:
        """Read the whole file: signature, header, then block after block."""
        header = [self._read_signature()]
        if not self._at_end() and self.lines[self.index]:
            header += self._collect(in_header=True).lines
        self.document.header = "\n".join(header)
        self._skip_blank_lines()
        while not self._at_end():
            self._keep(self._collect(in_header=False))
            self._skip_blank_lines()
        return self.document

    def _read_signature(self) -> str:
        first = self.lines[0]
        if not first.startswith(_SIGNATURE) or first[6:7] not in ("", " ", "\t"):
            raise SubtitleFormatError(
                "a WebVTT file must start with the word WEBVTT.", line=1
            )
        self.index = 1
        return first[len(_SIGNATURE) :]

    def _at_end(self) -> bool:
        last = len(self.lines) - 1
        return self.index > last or (self.index == last and not self.lines[last])

    def _skip_blank_lines(self) -> None:
        while not self._at_end() and not self.lines[self.index]:
            self.index += 1

    def _collect(self, in_header: bool) -> _Block:
        block = _Block(first_line=self.index + 1, resume_at=self.index)
        while self._take_line(block, in_header):
            pass
        return block

    def _take_line(self, block: _Block, in_header: bool) -> bool:
        """Add the next line to the block; return whether the block goes on."""
        line_number = self.index + 1
        line = self.lines[self.index]
        self.index += 1
        seen_eof = self._at_end()
        if _ARROW in line:
            if in_header or not self._may_hold_timing(block, line_number):
                # The line starts the next block: read it again from there.
                self.index = block.resume_at
                return False
            self._start_cue(block, line, line_number)
        elif not line:
            return False
        else:
            self._add_text(block, line, line_number, in_header)
        return not seen_eof

    def _may_hold_timing(self, block: _Block, line_number: int) -> bool:
        line_count = line_number - block.first_line + 1
        return line_count == 1 or (line_count == 2 and not block.seen_arrow)

    def _start_cue(self, block: _Block, line: str, line_number: int) -> None:
        block.seen_arrow = True
        block.resume_at = self.index
        timing = parse_timing_line(line)
        if timing is None:
            block.cue = None
            block.bad_timing_line = line_number
            return
        start, end, settings = timing
        identifier = "\n".join(block.lines)
        block.cue = SubtitleCue(start, end, "", identifier, settings, WEBVTT)
        block.lines = []
        block.bad_timing_line = None
        self.seen_cue = True

    def _add_text(
        self, block: _Block, line: str, line_number: int, in_header: bool
    ) -> None:
        is_second_line = line_number == block.first_line + 1
        if not in_header and is_second_line and not self.seen_cue:
            self._check_keyword(block)
        block.lines.append(line)
        block.resume_at = self.index

    def _check_keyword(self, block: _Block) -> None:
        # Style sheets and regions may only come before the first cue.
        match = _BLOCK_KEYWORD.fullmatch(block.lines[0]) if block.lines else None
        if match:
            block.kind = match.group(1)
            block.lines = []

    def _keep(self, block: _Block) -> None:
        text = "\n".join(block.lines)
        if block.cue is not None:
            block.cue.text = text
            self.document.cues.append(block.cue)
        elif block.kind == "STYLE":
            self.document.stylesheets.append(text)
        elif block.kind == "REGION":
            self.document.regions.append(text)
        elif block.bad_timing_line is None and _is_note(text):
            note = WebVTTNote(text[len(_NOTE) :], before_cue=len(self.document.cues))
            self.document.notes.append(note)
        else:
            self._skip(block)

    def _skip(self, block: _Block) -> None:
        if block.bad_timing_line is not None:
            reason = "the cue timing line is not valid WebVTT, so the cue was left out."
            skipped = SkippedBlock(block.bad_timing_line, reason, has_timing=True)
            self.document.skipped.append(skipped)
        elif block.lines:
            reason = "text outside any cue was left out."
            self.document.skipped.append(SkippedBlock(block.first_line, reason))


def _is_note(text: str) -> bool:
    """Tell whether block text is a comment: NOTE, then a space, tab or new line."""
    return text.startswith(_NOTE) and text[len(_NOTE) : len(_NOTE) + 1] in "\t\n "


def write_webvtt(cues: Iterable[CueLike]) -> str:
    """Return a valid WebVTT file holding the cues, in order of start time."""
    return write_webvtt_document(WebVTTDocument(cues=list(cues)))


def write_webvtt_document(document: WebVTTDocument) -> str:
    """Return a valid WebVTT file with the document's header, blocks, notes and cues.

    Notes that stood before the first cue come right after the header, then
    the style sheets and regions, which WebVTT allows only before any cue. Cues
    follow in order of start time, each after the notes that stood before it.
    Text that would end a block early (blank lines, "-->") is made safe.
    """
    notes: dict[int, list[str]] = {}
    for note in document.notes:
        notes.setdefault(max(note.before_cue, 0), []).append(_note_block(note.text))
    blocks = notes.pop(0, [])
    blocks += _keyword_blocks("STYLE", document.stylesheets)
    blocks += _keyword_blocks("REGION", document.regions)
    # WebVTT requires cues in order of start time; sorted() keeps ties in order.
    cues = document.cues
    for index in sorted(range(len(cues)), key=lambda index: cues[index].start):
        blocks += notes.pop(index, [])
        blocks.append(_cue_block(cues[index]))
    blocks += [block for index in sorted(notes) for block in notes[index]]
    return _signature_block(document.header) + "".join(b + "\n\n" for b in blocks)


def _signature_block(header: str) -> str:
    signature_line, *header_lines = preprocess(header).split("\n")
    if signature_line[:1] not in ("", " ", "\t"):
        signature_line = " " + signature_line
    # The signature line may hold "-->"; a header line below it may not.
    lines = [_SIGNATURE + signature_line, *_block_lines(header_lines)]
    return "\n".join(lines) + "\n\n"


def _note_block(text: str) -> str:
    text = preprocess(text)
    separator = "" if text[:1] in ("", " ", "\t", "\n") else " "
    return "\n".join(_block_lines((_NOTE + separator + text).split("\n")))


def _keyword_blocks(keyword: str, bodies: list[str]) -> list[str]:
    blocks = []
    for body in bodies:
        lines = _block_lines(preprocess(body).split("\n"))
        # A keyword alone, without a body, would read back as stray text.
        if lines:
            blocks.append("\n".join([keyword, *lines]))
    return blocks


def _block_lines(lines: list[str]) -> list[str]:
    """Return lines safe inside a block: no empty line, no "-->" to end it."""
    return [line.replace(_ARROW, "-- >") for line in lines if line]


def _cue_block(cue: CueLike) -> str:
    check_timing(cue, f"The cue at {cue.start} s")
    lines = []
    identifier = _safe_identifier(getattr(cue, "identifier", "") or "")
    if identifier:
        lines.append(identifier)
    settings = normalize_cue_settings(getattr(cue, "settings", "") or "")
    timing = f"{format_timestamp(cue.start)} --> {format_timestamp(cue.end)}"
    lines.append(f"{timing} {settings}".rstrip())
    lines.extend(_text_lines(to_webvtt_markup(cue.text, cue_syntax(cue))))
    return "\n".join(lines)


def _safe_identifier(identifier: str) -> str:
    # Identifiers cannot be escaped: a line break or "-->" would end the cue.
    one_line = " ".join(preprocess(identifier).split("\n"))
    return re.sub(r"-{2,}>", "->", one_line)


def _text_lines(markup: str) -> list[str]:
    # An empty line would end the cue early, so empty lines are dropped; a
    # line of spaces does not end it and may be all a cue shows (&nbsp;).
    return [line for line in preprocess(markup).split("\n") if line]
