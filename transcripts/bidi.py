"""Unicode bidirectional marks that keep right-to-left subtitles readable."""

from collections.abc import Iterable

from transcripts.formats import SubtitleCue
from transcripts.formats.model import CueLike

# RIGHT-TO-LEFT MARK: an invisible strong right-to-left character.
RLM = "\u200f"


def mark_rtl_line(line: str) -> str:
    """Start a line with a right-to-left mark unless it is blank or has one."""
    # A renderer takes a line's direction from its first strong character. A
    # line opening with "COVID-19" or a number would be laid out left to right,
    # sending its final full stop or question mark to the wrong end. An RLM
    # decides the direction; an RLE/PDF or RLI/PDI pair would not, because the
    # paragraph direction rule skips over embeddings and isolates.
    if not line.strip() or line.startswith(RLM):
        return line
    return RLM + line


def mark_rtl_text(text: str) -> str:
    """Start every line of a cue's text with a right-to-left mark."""
    return "\n".join(mark_rtl_line(line) for line in text.split("\n"))


def rtl_cues(cues: Iterable[CueLike]) -> list[SubtitleCue]:
    """Return copies of the cues whose every line reads right to left."""
    return [
        SubtitleCue(
            start=cue.start,
            end=cue.end,
            text=mark_rtl_text(cue.text),
            identifier=getattr(cue, "identifier", "") or "",
        )
        for cue in cues
    ]
