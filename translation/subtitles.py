"""Translate a subtitle file: same cues, timings, identifiers and settings."""

from collections import Counter
from pathlib import Path

from flask_babel import gettext as _

from portal.errors import UserError
from transcripts.formats import (
    SubtitleCue,
    SubtitleFormatError,
    read_subtitles,
    write_srt,
    write_webvtt,
)
from translation import service
from translation.glossary import BrokenTerm

WRITERS = {".vtt": write_webvtt, ".srt": write_srt}


def translate_subtitle_file(
    source_file: Path,
    out_file: Path,
    source: str,
    target: str,
    course_id: int | None = None,
) -> dict:
    """Write the translation of a WebVTT or SRT file and report what was done."""
    writer = WRITERS.get(out_file.suffix.lower())
    if writer is None:
        raise UserError(_("Write the translation to a .vtt or .srt file."))
    try:
        cues = read_subtitles(source_file.read_bytes(), source_file.name)
    except SubtitleFormatError as error:
        raise UserError(
            _("%(name)s cannot be read: %(why)s", name=source_file.name, why=error)
        ) from None
    engine = service.engine_for(source, target)
    if engine is None:
        raise UserError(
            _(
                "No installed engine translates %(src)s to %(dst)s.",
                src=source,
                dst=target,
            )
        )
    broken: list[BrokenTerm] = []
    translated = service.translate_cues(
        cues, source, target, engine, course_id=course_id, broken=broken
    )
    out = [
        SubtitleCue(
            cue.start, cue.end, new.text, cue.identifier, cue.settings, new.syntax
        )
        for cue, new in zip(cues, translated, strict=True)
    ]
    out_file.write_text(writer(out), encoding="utf-8", newline="\n")
    return {
        "file": str(out_file),
        "engine": engine.name,
        "cues": len(out),
        "provenance": dict(Counter(cue.provenance for cue in translated)),
        "broken_terms": sorted({problem.term for problem in broken}),
    }
