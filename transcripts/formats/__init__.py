"""Subtitle formats: WebVTT (W3C rules), SubRip and plain text, in pure Python.

Readers keep a cue's text as written (``SubtitleCue.syntax`` says in which
syntax); ``SubtitleCue.plain_text`` gives what a viewer reads. Writers escape
plain text and translate tags, so any cue list produces a valid file.
"""

from transcripts.formats.cuetext import CueNode, parse_cue_text, to_plain_text
from transcripts.formats.encoding import decode_subtitle_bytes
from transcripts.formats.model import (
    PLAIN,
    SRT,
    WEBVTT,
    CueLike,
    SubtitleCue,
    SubtitleEncodingError,
    SubtitleFormatError,
)
from transcripts.formats.plaintext import write_text
from transcripts.formats.reader import (
    detect_format,
    read_subtitle_document,
    read_subtitles,
)
from transcripts.formats.settings import CueSettings, parse_cue_settings
from transcripts.formats.srt import parse_srt, read_srt, write_srt
from transcripts.formats.webvtt import (
    SkippedBlock,
    WebVTTDocument,
    WebVTTNote,
    parse_webvtt,
    read_webvtt,
    write_webvtt,
    write_webvtt_document,
)

__all__ = [
    "PLAIN",
    "SRT",
    "WEBVTT",
    "CueLike",
    "CueNode",
    "CueSettings",
    "SkippedBlock",
    "SubtitleCue",
    "SubtitleEncodingError",
    "SubtitleFormatError",
    "WebVTTDocument",
    "WebVTTNote",
    "decode_subtitle_bytes",
    "detect_format",
    "parse_cue_settings",
    "parse_cue_text",
    "parse_srt",
    "parse_webvtt",
    "read_srt",
    "read_subtitle_document",
    "read_subtitles",
    "read_webvtt",
    "to_plain_text",
    "write_srt",
    "write_text",
    "write_webvtt",
    "write_webvtt_document",
]
