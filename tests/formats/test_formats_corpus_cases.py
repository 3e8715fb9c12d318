"""SubRip and WebVTT edge cases from media libraries, checked against MANIFEST.tsv.

Files come from androidx/media (Apache-2.0), glut23/webvtt-py (MIT), cdown/srt
(MIT) and mozilla/vtt.js (see corpus/LICENSES). Where the manifest states a
player's behaviour, or a strict and a lenient outcome, the test says which
choice the reader makes: it keeps every cue whose timing line is valid.
"""

import json

import pytest

from tests.conftest import CORPUS as CORPUS_ROOT
from transcripts.formats import (
    SubtitleCue,
    SubtitleFormatError,
    parse_cue_settings,
    parse_srt,
    parse_webvtt,
    read_srt,
    read_subtitles,
)

CORPUS = CORPUS_ROOT
SUBTITLES = CORPUS / "subtitles"
pytestmark = pytest.mark.skipif(
    not SUBTITLES.is_dir(), reason=f"no corpus at {SUBTITLES}"
)

TYPICAL = [
    (0.0, 1.234, "This is the first subtitle."),
    (2.345, 3.456, "This is the second subtitle.\nSecond subtitle with second line."),
    (7204.567, 7208.901, "This is the third subtitle."),
]
CAPTIONS = [
    (0.5, 7.0),
    (7.0, 11.89),
    (11.89, 16.32),
    (16.32, 21.58),
    (21.58, 23.88),
]


def read(relative: str) -> list[SubtitleCue]:
    path = SUBTITLES / relative
    return read_subtitles(path.read_bytes(), path.name)


def timed_texts(cues: list[SubtitleCue]) -> list[tuple[float, float, str]]:
    return [(cue.start, cue.end, cue.plain_text) for cue in cues]


def caption_texts(numbers: list[int]) -> list[tuple[float, float, str]]:
    return [(*CAPTIONS[n - 1], f"Caption text #{n}") for n in numbers]


# media3 SubripParserTest: the typical file in every wrapping gives 3 cues.
@pytest.mark.parametrize(
    "name",
    [
        "typical.srt",
        "typical_with_byte_order_mark.srt",
        "typical_utf16le.srt",
        "typical_extra_blank_line.srt",
    ],
)
def test_media3_typical_srt_variants(name: str) -> None:
    assert timed_texts(read(f"media3_srt/{name}")) == TYPICAL


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        # Cue 2 has no timing line; cues 4 and 5 lack a start or an end time.
        ("typical_missing_timecode.srt", [0, 2]),
        # Negative times ("-0:00:04,567") are not valid; only cue 3 is kept.
        ("typical_negative_timestamps.srt", [2]),
        # ",4560" and ",90" are not three-digit milliseconds; cue 1 is kept.
        ("typical_bad_timestamps.srt", [0]),
    ],
)
def test_media3_srt_invalid_timing_lines_drop_only_their_cue(
    name: str, kept: list[int]
) -> None:
    path = SUBTITLES / "media3_srt" / name
    assert timed_texts(read(f"media3_srt/{name}")) == [TYPICAL[i] for i in kept]
    # Lenient reading still says what it left out, and strict reading refuses.
    assert parse_srt(path.read_text(encoding="utf-8")).skipped
    with pytest.raises(SubtitleFormatError) as error:
        read_srt(path.read_text(encoding="utf-8"), strict=True)
    assert error.value.line is not None


def test_media3_srt_hours_and_milliseconds_may_be_left_out() -> None:
    cues = read("media3_srt/typical_no_hours_and_millis.srt")
    assert [(cue.start, cue.end) for cue in cues] == [
        (0.0, 1.234),
        (2.0, 3.0),
        (7204.567, 7208.901),
    ]


def test_media3_srt_empty_file_has_no_cues() -> None:
    assert read("media3_srt/empty.srt") == []


def test_media3_srt_ssa_tags() -> None:
    cues = read("media3_srt/typical_with_tags.srt")
    texts = [cue.plain_text for cue in cues]
    assert len(cues) == 14
    assert texts[0] == "This is the first subtitle."
    assert texts[1] == "This is the second subtitle.\nSecond subtitle with second line."
    assert texts[2] == "This is the third subtitle."
    assert texts[3] == (
        "This { \\an2} is not a valid tag due to the space after the opening bracket."
    )
    assert texts[4] == "This is the fifth subtitle with multiple valid tags."
    # Three-digit seconds ("00:00:013,567") are read as 13 s, as media3 does.
    assert cues[4].start == 13.567


# {\an1}..{\an9} are numpad positions; media3 maps them to line and position
# anchors, this reader to the equivalent WebVTT settings.
@pytest.mark.parametrize(
    ("index", "line", "align"),
    [
        (5, None, "left"),
        (6, None, "center"),
        (7, None, "right"),
        (8, "50%", "left"),
        (9, "50%", "center"),
        (10, "50%", "right"),
        (11, "0", "left"),
        (12, "0", "center"),
        (13, "0", "right"),
    ],
)
def test_media3_srt_alignment_tags_become_settings(
    index: int, line: str | None, align: str
) -> None:
    cue = read("media3_srt/typical_with_tags.srt")[index]
    settings = parse_cue_settings(cue.settings)
    assert (settings.line, settings.align) == (line, align)
    assert cue.plain_text in ("This is a line.", "This is a lines.")


def test_media3_vtt_bad_cue_header() -> None:
    # "WEBVTT # comment" is a valid signature; the cue with garbage in its
    # timestamp is dropped and the cues around it are kept.
    assert timed_texts(read("media3_vtt/with_bad_cue_header.vtt")) == [
        (0.0, 1.234, "This is the first subtitle."),
        (4.0, 5.0, "This is the third subtitle."),
    ]


def test_media3_vtt_bad_timestamps_follow_the_w3c_rules() -> None:
    # Choice: strict. Media3 (lenient) keeps "00:00" and "02.345"; the W3C
    # rules, which the WPT cases above enforce, reject both, so no timing line
    # in this file is valid. The parser yields no cues, as a browser would, and
    # an upload is refused with the first bad timing line named.
    path = SUBTITLES / "media3_vtt" / "typical_with_bad_timestamps.vtt"
    document = parse_webvtt(path.read_text(encoding="utf-8"))
    assert document.cues == []
    assert [block.line for block in document.skipped] == [4, 7, 10, 13, 16, 19]
    with pytest.raises(SubtitleFormatError) as error:
        read("media3_vtt/typical_with_bad_timestamps.vtt")
    assert error.value.line == 4
    assert "Line 4" in str(error.value)


def test_media3_vtt_consecutive_cues() -> None:
    cues = read("media3_vtt/with_consecutive_cues.vtt")
    assert [(cue.start, cue.end) for cue in cues] == [(0.0, 1.234), (1.234, 3.456)]


def test_media3_vtt_overlapping_cues_are_kept_as_written() -> None:
    # Choice: the manifest gives media3's display slices; the reader keeps the
    # four cues as written, and the slices follow from them.
    cues = read("media3_vtt/with_overlapping_timestamps.vtt")
    assert [(cue.start, cue.end) for cue in cues] == [
        (0.0, 3.0),
        (1.0, 2.0),
        (4.0, 6.0),
        (5.0, 7.0),
    ]
    slices = {0.5: {0}, 1.5: {0, 1}, 2.5: {0}, 4.5: {2}, 5.5: {2, 3}, 6.5: {3}}
    for moment, shown in slices.items():
        active = {i for i, cue in enumerate(cues) if cue.start <= moment < cue.end}
        assert active == shown, moment


def test_media3_vtt_rubies() -> None:
    cues = read("media3_vtt/with_rubies.vtt")
    assert [cue.plain_text for cue in cues] == [
        "Some text with over-ruby.",
        "Some text with under-ruby and over-ruby (default).",
        "base1base2base3.",
        "Some text with no ruby text.",
    ]


def test_media3_vtt_timestamp_map_header_is_kept_not_applied() -> None:
    # Choice: cue times stay as written (hours above 99 are fine); the HLS
    # X-TIMESTAMP-MAP line is kept in the header for a caller that streams.
    path = SUBTITLES / "media3_vtt" / "with_x-timestamp-map_header.vtt"
    document = parse_webvtt(path.read_text(encoding="utf-8"))
    assert "X-TIMESTAMP-MAP=LOCAL:1:11:16.443,MPEGTS:384879885" in document.header
    assert [(cue.start, cue.end, cue.text) for cue in document.cues] == [
        (958715.679, 958717.305, "  Cue text one"),
        (958717.433, 958718.276, "  Cue text two"),
    ]


def test_webvttpy_sample_srt() -> None:
    cues = read("webvttpy/sample.srt")
    assert timed_texts(cues) == caption_texts([1, 2, 3, 4, 5])
    assert cues[-1].end == 23.88


@pytest.mark.parametrize("name", ["invalid_format3.srt"])
def test_webvttpy_srt_without_any_timing_is_refused(name: str) -> None:
    with pytest.raises(SubtitleFormatError) as error:
        read(f"webvttpy/{name}")
    assert error.value.line == 1


def test_webvttpy_srt_text_before_its_timing_line() -> None:
    # Choice: lenient. webvtt-py refuses the file; this reader keeps the cue,
    # whose timing line is valid, with empty text, and reports "some text" as
    # left out. Strict reading refuses it, naming line 1.
    text = (SUBTITLES / "webvttpy" / "invalid_format4.srt").read_text()
    assert timed_texts(read("webvttpy/invalid_format4.srt")) == [(0.5, 7.0, "")]
    assert [block.line for block in parse_srt(text).skipped] == [1]
    with pytest.raises(SubtitleFormatError, match="Line 1"):
        read_srt(text, strict=True)


def test_webvttpy_srt_with_dot_milliseconds_is_read() -> None:
    # Choice: lenient, like srt and pysrt; webvtt-py refuses "00:00:11.890".
    assert timed_texts(read("webvttpy/invalid_timeframe.srt")) == caption_texts(
        [1, 2, 3, 4, 5]
    )


def test_webvttpy_srt_cue_without_text_is_kept() -> None:
    # Choice: keep. webvtt-py drops the empty cue (4 captions); its timing
    # line is valid, so this reader keeps it with empty text (5 cues).
    cues = read("webvttpy/missing_caption_text.srt")
    assert timed_texts(cues) == [
        *caption_texts([1]),
        (7.0, 11.89, ""),
        *caption_texts([3, 4, 5]),
    ]


def test_webvttpy_srt_cue_without_timing_is_left_out() -> None:
    # Choice: lenient (webvtt-py raises). Cue 2 has no timing line and is left
    # out; strict reading refuses the file at line 5.
    text = (SUBTITLES / "webvttpy" / "missing_timeframe.srt").read_text()
    assert timed_texts(read("webvttpy/missing_timeframe.srt")) == caption_texts(
        [1, 3, 4, 5]
    )
    with pytest.raises(SubtitleFormatError) as error:
        read_srt(text, strict=True)
    assert error.value.line == 5


def test_webvttpy_youtube_captions() -> None:
    cues = read("webvttpy/youtube_dl.vtt")
    assert cues[2].plain_text == "this will happen is I'm telling"
    assert parse_cue_settings(cues[2].settings).align == "start"


def test_webvttpy_cue_tags() -> None:
    cues = read("webvttpy/cue_tags.vtt")
    assert cues[1].plain_text == "Like a big-a pizza pie"
    assert cues[2].plain_text == "That's amore"


def test_webvttpy_second_timing_line_in_a_cue() -> None:
    cues = read("webvttpy/invalid_timeframe_in_cue_text.vtt")
    assert len(cues) == 4
    assert cues[1].text == ""


@pytest.mark.parametrize(
    ("name", "count"), [("comments.vtt", 3), ("metadata_headers_multiline.vtt", 2)]
)
def test_webvttpy_counts(name: str, count: int) -> None:
    assert len(read(f"webvttpy/{name}")) == count


def test_webvttpy_identifiers() -> None:
    cues = read("webvttpy/using_identifiers.vtt")
    assert len(cues) == 6
    assert cues[1].identifier == "second caption"
    assert cues[2].identifier == ""  # webvtt-py says None: no identifier
    assert cues[3].identifier == "4"


def test_webvttpy_empty_vtt_is_refused() -> None:
    # A WebVTT file must start with "WEBVTT"; an empty one cannot.
    with pytest.raises(SubtitleFormatError) as error:
        read("webvttpy/empty.vtt")
    assert error.value.line == 1


def test_cdown_ascii_and_gb2312_give_the_same_timings() -> None:
    ascii_cues = read("srt_cdown/ascii.srt")
    chinese_cues = read("srt_cdown/gb2312.srt")
    assert [(c.start, c.end) for c in chinese_cues] == [
        (c.start, c.end) for c in ascii_cues
    ]
    assert chinese_cues[0].text == "宇宙守护神  保护我们远离邪恶"
    # The detected encoding gives what decoding as the known GB2312 gives.
    known = (SUBTITLES / "srt_cdown/gb2312.srt").read_bytes().decode("gb2312")
    assert chinese_cues == read_srt(known)


@pytest.mark.parametrize(
    "name",
    [
        "languages_arabic",
        "languages_long_string_multiple_languages",
        "format_long-line",
    ],
)
def test_vttjs_expected_cues(name: str) -> None:
    expected = json.loads((SUBTITLES / "vttjs" / f"{name}.json").read_text())
    cues = read(f"vttjs/{name}.vtt")
    assert [
        {"id": c.identifier, "text": c.text, "startTime": c.start, "endTime": c.end}
        for c in cues
    ] == [
        {key: cue[key] for key in ("id", "text", "startTime", "endTime")}
        for cue in expected["cues"]
    ]
    # vtt.js predates the rename of "middle" to "center"; both mean the default.
    for cue, wanted in zip(cues, expected["cues"], strict=True):
        settings = parse_cue_settings(cue.settings)
        assert wanted["align"] == "middle" and settings.align == "center"
        assert wanted["line"] == "auto" and settings.line is None
        assert wanted["size"] == 100 and settings.size == "100%"


def test_vttjs_rlm_reference() -> None:
    cue = read("vttjs/escape-characters_rlm.vtt")[0]
    processed = json.loads(
        (SUBTITLES / "vttjs/escape-characters_rlm-proc.json").read_text()
    )
    assert cue.text == "This should be &rlm;. Correct?"
    assert cue.plain_text == processed[0]["textContent"]
