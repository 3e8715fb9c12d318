"""Translate a subtitle file: same document, same cues, translated cue text only."""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from uuid import uuid4

from flask_babel import gettext as _

from portal.errors import UserError
from transcripts.formats import (
    SubtitleCue,
    SubtitleFormatError,
    WebVTTDocument,
    read_subtitle_document,
    write_srt,
    write_webvtt_document,
)
from translation import operations, service
from translation.engines import TranslationError
from translation.glossary import BrokenTerm
from translation.markup import BrokenMarkup

# The "Language: en" header line that players and YouTube read.
_LANGUAGE_HEADER = re.compile(r"^(Language:[ \t]*)\S*[ \t]*$", re.MULTILINE)


def _write_srt_document(document: WebVTTDocument) -> str:
    # SubRip has no header, style, region or comment blocks: only cues go over.
    return write_srt(document.cues, keep_numbers=True)


WRITERS: dict[str, Callable[[WebVTTDocument], str]] = {
    ".vtt": write_webvtt_document,
    ".srt": _write_srt_document,
}


def translate_subtitle_file(
    source_file: Path,
    out_file: Path,
    source: str,
    target: str,
    course_id: int | None = None,
) -> dict:
    """Write the translation of a WebVTT or SRT file and report what was done.

    Cues keep their timings, identifiers (SRT numbers) and settings; only their
    text is translated. WebVTT to WebVTT also keeps the header and the STYLE,
    REGION and NOTE blocks. NOTE text stays untranslated: it is the author's
    comment on the file, not text a viewer reads. Between WebVTT and SRT only
    the cues go over. OUT is replaced only once the whole translation is done.
    """
    operations.check_course(course_id)
    writer = _writer_for(out_file)
    if out_file.resolve() == source_file.resolve():
        raise UserError(_("Write the translation to another file than its source."))
    document = _read_document(source_file)
    target = service.reachable_variant(source, target)
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
    broken_markup: list[BrokenMarkup] = []
    try:
        translated = service.translate_cues(
            document.cues,
            source,
            target,
            engine,
            course_id=course_id,
            broken=broken,
            broken_markup=broken_markup,
        )
    except TranslationError as error:
        raise UserError(_("The translation failed: %(why)s", why=error)) from None
    cues = [
        SubtitleCue(
            cue.start,
            cue.end,
            new.text,
            cue.identifier,
            cue.settings,
            new.syntax,
        )
        for cue, new in zip(document.cues, translated, strict=True)
    ]
    header = _LANGUAGE_HEADER.sub(rf"\g<1>{target}", document.header)
    _replace_file(out_file, writer(replace(document, header=header, cues=cues)))
    return {
        "file": str(out_file),
        "engine": engine.name,
        "cues": len(cues),
        "provenance": dict(Counter(cue.provenance for cue in translated)),
        "broken_terms": sorted({problem.term for problem in broken}),
        # Cues (numbered from 1) whose inline tags the engine lost: text kept.
        "markup_dropped": sorted({problem.cue_index + 1 for problem in broken_markup}),
    }


def _writer_for(out_file: Path) -> Callable[[WebVTTDocument], str]:
    writer = WRITERS.get(out_file.suffix.lower())
    if writer is None:
        raise UserError(_("Write the translation to a .vtt or .srt file."))
    if not out_file.parent.is_dir():
        raise UserError(
            _("The folder %(folder)s does not exist.", folder=out_file.parent)
        )
    return writer


def _read_document(source_file: Path) -> WebVTTDocument:
    try:
        document = read_subtitle_document(source_file.read_bytes(), source_file.name)
    except OSError as error:
        raise _unreadable(source_file, error.strerror) from None
    except SubtitleFormatError as error:
        raise _unreadable(source_file, error) from None
    if not document.cues:
        raise UserError(_("%(name)s holds no cue to translate.", name=source_file.name))
    return document


def _unreadable(source_file: Path, why) -> UserError:
    return UserError(
        _("%(name)s cannot be read: %(why)s", name=source_file.name, why=why)
    )


def _replace_file(out_file: Path, text: str) -> None:
    """Write a file beside OUT and rename it over OUT, so OUT is never half written."""
    draft = out_file.with_name(f".{out_file.name}.{uuid4().hex}.part")
    try:
        with draft.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        draft.replace(out_file)
    except OSError as error:
        raise UserError(
            _("%(name)s cannot be written: %(why)s", name=out_file.name, why=error)
        ) from None
    finally:
        draft.unlink(missing_ok=True)
