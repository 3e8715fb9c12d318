"""Write cues as plain text, one cue after another."""

from __future__ import annotations

from collections.abc import Iterable

from transcripts.formats.cuetext import to_plain_text
from transcripts.formats.model import CueLike, cue_syntax


def write_text(cues: Iterable[CueLike]) -> str:
    """Return the readable text of the cues, one line per cue line, no times."""
    lines = []
    for cue in cues:
        text = to_plain_text(cue.text, cue_syntax(cue)).replace("\r\n", "\n")
        lines.extend(line.strip() for line in text.split("\n") if line.strip())
    return "".join(line + "\n" for line in lines)
