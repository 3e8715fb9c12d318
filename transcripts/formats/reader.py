"""Read an uploaded subtitle file whatever its encoding and format."""

from __future__ import annotations

from pathlib import PurePath

from transcripts.formats.encoding import decode_subtitle_bytes
from transcripts.formats.model import SubtitleCue, SubtitleFormatError
from transcripts.formats.srt import read_srt
from transcripts.formats.webvtt import WebVTTDocument, parse_webvtt

WEBVTT_EXTENSIONS = (".vtt", ".webvtt")


def read_subtitles(
    data: bytes, filename: str, encoding: str | None = None
) -> list[SubtitleCue]:
    """Return the cues of a WebVTT or SubRip file, detecting encoding and format.

    Raises SubtitleEncodingError when the encoding cannot be identified and
    SubtitleFormatError, naming the line, when no cue can be read.
    """
    return read_subtitle_document(data, filename, encoding).cues


def read_subtitle_document(
    data: bytes, filename: str, encoding: str | None = None
) -> WebVTTDocument:
    """Return a WebVTT or SubRip file as a document; raise as read_subtitles does.

    A WebVTT file keeps its header, STYLE, REGION and NOTE blocks; a SubRip
    file, which has none of them, gives a document of cues only.
    """
    text = decode_subtitle_bytes(data, encoding)
    if detect_format(text, filename) == "webvtt":
        return _read_webvtt_upload(text)
    return WebVTTDocument(cues=read_srt(text))


def detect_format(text: str, filename: str) -> str:
    """Return ``"webvtt"`` or ``"srt"`` from the signature, else the extension."""
    if text.lstrip("\ufeff").startswith("WEBVTT"):
        return "webvtt"
    suffix = PurePath(filename).suffix.lower()
    return "webvtt" if suffix in WEBVTT_EXTENSIONS else "srt"


def _read_webvtt_upload(text: str) -> WebVTTDocument:
    document = parse_webvtt(text)
    # A player would show nothing; tell the person which line to fix instead.
    failures = [block for block in document.skipped if block.has_timing]
    if not document.cues and failures:
        raise SubtitleFormatError(
            "no cue could be read: " + failures[0].reason, line=failures[0].line
        )
    return document
