"""The web-platform-tests WebVTT file-parsing cases, translated to pytest.

Each case reads ``corpus/subtitles/webvtt_wpt/<name>.vtt`` and checks what
``<name>.js`` beside it asserts about ``cues`` (count, id, text, startTime,
endTime, align). Source: w3c/webvtt.js test/wpt-file-parsing at 986949ec,
from web-platform-tests (W3C test suite licence, see corpus/LICENSES).
"""

import pytest

from tests.conftest import CORPUS as CORPUS_ROOT
from transcripts.formats import parse_cue_settings, parse_webvtt, read_webvtt

WPT = CORPUS_ROOT
WPT = WPT / "subtitles" / "webvtt_wpt"
pytestmark = pytest.mark.skipif(not WPT.is_dir(), reason=f"no corpus at {WPT}")


def read_case(name: str):
    # WebVTT is always UTF-8; bytes are decoded here so line ends stay as sent.
    return read_webvtt((WPT / f"{name}.vtt").read_bytes().decode("utf-8"))


def assert_cues(cues, expected: list[dict]) -> None:
    assert len(cues) == len(expected)
    for index, (cue, wanted) in enumerate(zip(cues, expected, strict=True)):
        actual = {
            "id": cue.identifier,
            "text": cue.text,
            "startTime": cue.start,
            "endTime": cue.end,
            "align": parse_cue_settings(cue.settings).align,
        }
        assert {key: actual[key] for key in wanted} == wanted, f"cue {index}"


def texts(count: int, start: float = 0, end: float = 1) -> list[dict]:
    return [
        {"text": f"text{i}", "startTime": start, "endTime": end} for i in range(count)
    ]


EXPECTED = {
    # arrows.js: six cues, each with an empty id and text 'text<i>'.
    "arrows": [{"id": "", "text": f"text{i}"} for i in range(6)],
    # header-garbage.js / header-timings.js: one cue 'text' from 0 to 1.
    "header-garbage": [{"text": "text", "startTime": 0, "endTime": 1}],
    "header-timings": [{"text": "text", "startTime": 0, "endTime": 1}],
    # newlines.js: CR, LF, CRLF and LF CR all end lines.
    "newlines": [
        {"id": ident, "text": f"text{i}"}
        for i, ident in enumerate(["cr", "lf", "crlf", "lfcr"])
    ],
    # nulls.js: NUL becomes U+FFFD; a NUL inside a setting spoils that setting.
    "nulls": [
        {"id": "", "text": "text0"},
        {"id": "\ufffd (null in id)", "text": "text1"},
        {"id": "\ufffd (null in cue data)", "text": "\ufffdtext\ufffd2"},
        {"align": "center", "text": "text3"},
        {"align": "center", "text": "text4"},
        {"align": "center", "text": "text5"},
        {"align": "end", "text": "text6"},
    ],
    # signature-bom.js / signature-timings.js / timings-eof.js: no cues.
    "signature-bom": [],
    "signature-timings": [],
    "timings-eof": [],
    # stylesheets.js asserts nothing it can check; see the test further down.
    "stylesheets": [{"id": "foo", "text": "text"}, {"id": "bar", "text": "text"}],
    # timings-60.js: minutes and seconds stop at 59, hours do not.
    "timings-60": [
        {"text": "text1", "startTime": 0, "endTime": 216001},
        {"text": "text2", "startTime": 216000, "endTime": 216001},
    ],
    # timings-negative.js: an end before the start is still read.
    "timings-negative": [
        {"text": f"text{i}", "startTime": start, "endTime": end}
        for i, (start, end) in enumerate(
            [(0, 0), (1, 0.999), (60, 59.999), (3600, 3599.999)]
        )
    ],
    # timings-omitted-hours.js: three cues, all 0 to 1.
    "timings-omitted-hours": texts(3),
    # timings-too-long.js / timings-too-short.js: two cues, both 0 to 1.
    "timings-too-long": texts(2),
    "timings-too-short": texts(2),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_wpt_file_parsing(name: str) -> None:
    assert_cues(read_case(name), EXPECTED[name])


def test_every_wpt_file_case_is_translated() -> None:
    cases = {path.stem for path in WPT.glob("*.js")}
    assert cases == set(EXPECTED)


def test_stylesheets_only_before_the_first_cue() -> None:
    # Not in stylesheets.js (a browser cannot observe it from script): by the
    # W3C rules the first STYLE block is a style sheet, the one after a cue is
    # not, and the block holding "-- >" is part of the first style sheet.
    text = (WPT / "stylesheets.vtt").read_bytes().decode("utf-8")
    document = parse_webvtt(text)
    assert len(document.stylesheets) == 1
    assert "width: 19px;" in document.stylesheets[0]
    assert "NOTE hello" in document.stylesheets[0]
