"""The cue every subtitle format reads into and writes from, and its errors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from transcripts.formats.cuetext import PLAIN, SRT, SYNTAXES, WEBVTT, to_plain_text

__all__ = [
    "PLAIN",
    "SRT",
    "WEBVTT",
    "CueLike",
    "SubtitleCue",
    "SubtitleEncodingError",
    "SubtitleFormatError",
    "cue_syntax",
]


class CueLike(Protocol):
    """Anything with cue timings and text; identifier and syntax are optional."""

    start: float
    end: float
    text: str


@dataclass
class SubtitleCue:
    """One timed piece of text, times in seconds from the start of the media.

    ``text`` is kept as written in the source: WebVTT cue text (with its tags
    and character references) for ``syntax == "webvtt"``, SubRip text (with its
    ``<i>``-style tags) for ``"srt"``, and literal text for ``"plain"``.
    ``settings`` holds valid WebVTT cue settings such as ``"align:start"``.
    """

    start: float
    end: float
    text: str
    identifier: str = ""
    settings: str = ""
    syntax: str = PLAIN

    @property
    def plain_text(self) -> str:
        """Return the text a viewer reads, without tags or ruby annotations."""
        return to_plain_text(self.text, cue_syntax(self))


def cue_syntax(cue: CueLike) -> str:
    """Return the syntax of a cue's text, ``"plain"`` when the cue does not say."""
    syntax = getattr(cue, "syntax", PLAIN) or PLAIN
    if syntax not in SYNTAXES:
        raise ValueError(f"Unknown cue text syntax {syntax!r}.")
    return syntax


class SubtitleFormatError(ValueError):
    """Raised when subtitle data cannot be read; ``line`` names where, if known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(f"Line {line}: {reason}" if line else reason)


class SubtitleEncodingError(SubtitleFormatError):
    """Raised for bytes in a text encoding that cannot be identified reliably."""
