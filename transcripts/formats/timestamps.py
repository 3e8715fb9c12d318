"""Read and write the timestamps of WebVTT and SubRip files."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transcripts.formats.model import CueLike

# Possessive quantifiers: the W3C algorithm collects every digit before it
# checks a field's length, so a shorter match must never be tried instead.
_WEBVTT_TIMESTAMP = re.compile(r"(\d++):(\d++)(?::(\d++))?\.(\d++)", re.ASCII)


def format_timestamp(seconds: float, decimal_mark: str = ".") -> str:
    """Return ``HH:MM:SS.mmm`` for a time in seconds, rounded to milliseconds."""
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"A cue time must be a finite, non-negative number: {seconds}")
    hours, rest = divmod(round(seconds * 1000), 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{decimal_mark}{millis:03d}"


def check_timing(cue: CueLike, name: str) -> None:
    """Raise ValueError unless a cue has valid times that end after they start."""
    for seconds in (cue.start, cue.end):
        format_timestamp(seconds)
    if cue.end <= cue.start:
        raise ValueError(
            f"{name} must end after it starts (start {cue.start} s, end {cue.end} s)."
        )


def to_seconds(hours: int, minutes: int, seconds: int, millis: int) -> float:
    """Return the time in seconds, computed in integers so values stay exact."""
    return (hours * 3_600_000 + minutes * 60_000 + seconds * 1000 + millis) / 1000


def match_webvtt_timestamp(text: str, pos: int = 0) -> tuple[float, int] | None:
    """Collect a WebVTT timestamp at ``pos`` by the W3C rules; give time and end."""
    match = _WEBVTT_TIMESTAMP.match(text, pos)
    if match is None:
        return None
    first, second, third, fraction = match.groups()
    is_hours = len(first) != 2 or int(first) > 59
    if is_hours and third is None:
        return None
    if len(second) != 2 or len(fraction) != 3 or (third and len(third) != 2):
        return None
    hours, minutes, secs = (first, second, third) if third else ("0", first, second)
    if int(minutes) > 59 or int(secs) > 59:
        return None
    return to_seconds(int(hours), int(minutes), int(secs), int(fraction)), match.end()


def parse_webvtt_timestamp(text: str) -> float | None:
    """Return the seconds of a whole string that is one WebVTT timestamp."""
    found = match_webvtt_timestamp(text)
    if found is None or found[1] != len(text):
        return None
    return found[0]
