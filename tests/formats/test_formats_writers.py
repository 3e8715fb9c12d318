"""Writers: any cue list gives a valid file that reads back to the same cues."""

import random
from dataclasses import dataclass

import pytest

from transcripts.formats import (
    SRT,
    WEBVTT,
    SubtitleCue,
    parse_cue_text,
    parse_srt,
    parse_webvtt,
    read_srt,
    read_webvtt,
    write_srt,
    write_text,
    write_webvtt,
)

TRICKY_TEXTS = [
    "Tom & Jerry <3",
    "a --> b",
    "-->",
    "x -- > y --->",
    "&amp; is how you write &",
    "<i>not a tag</i> in plain text",
    "first line\n\nsecond line after a blank",
    "windows\r\nline ends\rand old Mac ones",
    "NOTE this is not a comment",
    "00:00:01.000 --> 00:00:02.000",
    "WEBVTT",
    "trailing spaces   \n   leading spaces",
    "NUL \0 inside",
    "مرحبا بكم — 欢迎 — добро пожаловать",
    "",
]


@dataclass
class PlainCue:
    """A cue-like object that is not a SubtitleCue, as other code may pass."""

    start: float
    end: float
    text: str


def expected_lines(text: str, keeps_spaces: bool = True) -> str:
    """Return the text a writer keeps: every line that is not empty.

    A line of spaces ends a SubRip cue, so its writer (``keeps_spaces=False``)
    drops those too; in WebVTT only an empty line ends a cue.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    kept = [line for line in text.split("\n") if line.strip() or keeps_spaces]
    return "\n".join(line for line in kept if line)


@pytest.mark.parametrize("text", TRICKY_TEXTS)
def test_plain_text_survives_webvtt(text: str) -> None:
    written = write_webvtt([SubtitleCue(1.0, 2.5, text)])
    document = parse_webvtt(written)
    assert written.startswith("WEBVTT\n\n00:00:01.000 --> 00:00:02.500")
    assert document.skipped == []
    assert [cue.plain_text for cue in document.cues] == [expected_lines(text)]


@pytest.mark.parametrize("text", [t for t in TRICKY_TEXTS if "<i>" not in t])
def test_plain_text_survives_srt(text: str) -> None:
    written = write_srt([SubtitleCue(1.0, 2.5, text), SubtitleCue(3, 4, "next")])
    cues = read_srt(written, strict=True)
    assert [cue.identifier for cue in cues] == ["1", "2"]
    # SubRip cannot escape "-->", so the writer breaks it as "-- >".
    expected = expected_lines(text, keeps_spaces=False)
    assert cues[0].plain_text == expected.replace("-->", "-- >")
    assert cues[1].text == "next"


def test_srt_cannot_escape_its_own_tags() -> None:
    # NOTE: SubRip has no escape for "<i>"; plain text that looks like its tags
    # reads back as formatting. WebVTT, which can escape, keeps it as text.
    cue = SubtitleCue(0, 1, "<i>not a tag</i>")
    assert read_srt(write_srt([cue]))[0].plain_text == "not a tag"


def test_random_cues_always_give_valid_files() -> None:
    rng = random.Random(20240601)
    alphabet = "ab &<>-\n\r\t.:;/\\{}0123456789é漢\0"
    for _ in range(300):
        cues = [random_cue(rng, alphabet) for _ in range(rng.randint(0, 5))]
        document = parse_webvtt(write_webvtt(cues))
        assert document.skipped == []
        ordered = sorted(cues, key=lambda cue: cue.start)
        assert [c.plain_text for c in document.cues] == [
            expected_lines(c.text) for c in ordered
        ]
        assert len(parse_srt(write_srt(cues)).cues) == len(cues)


def random_cue(rng: random.Random, alphabet: str) -> SubtitleCue:
    start = rng.randint(0, 10_000_000) / 1000
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
    identifier = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
    return SubtitleCue(start, start + rng.randint(1, 9000) / 1000, text, identifier)


def test_webvtt_markup_is_kept_and_normalised() -> None:
    text = "<v.loud Dr. Li>Take <b>two</b> &amp; rest<00:00:01.500> <ruby>漢<rt>kan"
    written = write_webvtt([SubtitleCue(0, 2, text, syntax=WEBVTT)])
    cue = read_webvtt(written)[0]
    assert parse_cue_text(cue.text) == parse_cue_text(text)
    assert cue.plain_text == "Take two & rest 漢"


def test_srt_tags_become_webvtt_tags() -> None:
    text = '<i>Hello</i> & <font color="red">welcome</font> a < b'
    written = write_webvtt([SubtitleCue(0, 2, text, syntax=SRT)])
    assert "<i>Hello</i> &amp; welcome a &lt; b" in written
    assert read_webvtt(written)[0].plain_text == "Hello & welcome a < b"


def test_webvtt_tags_become_srt_tags() -> None:
    text = "<c.yellow>Note</c> &lt;1&gt; <i>this</i><00:00:01.000> <ruby>漢<rt>kan"
    written = write_srt([SubtitleCue(0, 2, text, syntax=WEBVTT)])
    assert written.split("\n")[2] == "Note <1> <i>this</i> 漢"


def test_identifiers_cannot_break_the_file() -> None:
    cue = SubtitleCue(0, 1, "text", identifier="bad --> id\nwith two lines")
    assert read_webvtt(write_webvtt([cue]))[0].identifier == "bad -> id with two lines"


def test_settings_are_written_when_valid_only() -> None:
    cue = SubtitleCue(0, 1, "text", settings="align:start bogus line:0 size:200%")
    assert "00:00:00.000 --> 00:00:01.000 line:0 align:start\n" in write_webvtt([cue])


def test_webvtt_orders_cues_by_start_and_srt_keeps_the_given_order() -> None:
    cues = [SubtitleCue(5, 6, "later"), SubtitleCue(1, 2, "sooner")]
    assert [c.text for c in read_webvtt(write_webvtt(cues))] == ["sooner", "later"]
    assert [c.text for c in read_srt(write_srt(cues))] == ["later", "sooner"]


def test_timestamps_use_hours_and_milliseconds() -> None:
    cues = [PlainCue(3723.4567, 360000.0, "x")]
    assert "01:02:03.457 --> 100:00:00.000" in write_webvtt(cues)
    assert "01:02:03,457 --> 100:00:00,000" in write_srt(cues)


@pytest.mark.parametrize(
    ("start", "end"),
    [(2.0, 1.0), (1.0, 1.0), (-1.0, 1.0), (float("nan"), 1.0), (0.0, float("inf"))],
)
@pytest.mark.parametrize("writer", [write_webvtt, write_srt])
def test_invalid_times_are_refused(writer, start: float, end: float) -> None:
    with pytest.raises(ValueError):
        writer([PlainCue(start, end, "x")])


def test_empty_cue_list() -> None:
    assert write_webvtt([]) == "WEBVTT\n\n"
    assert read_webvtt(write_webvtt([])) == []
    assert write_srt([]) == ""
    assert write_text([]) == ""


def test_write_text_gives_readable_lines() -> None:
    cues = [
        SubtitleCue(0, 1, "<v Ana>Hello <i>there</i></v>", syntax=WEBVTT),
        SubtitleCue(1, 2, "<b>Second</b>\n\nline", syntax=SRT),
        PlainCue(2, 3, "a < b & c"),
    ]
    assert write_text(cues) == "Hello there\nSecond\nline\na < b & c\n"


def test_srt_round_trip_keeps_everything() -> None:
    cues = [
        SubtitleCue(0, 1.5, "<i>One</i>", "1", "", SRT),
        SubtitleCue(2, 3, "Two\nlines", "2", "line:0 align:left", SRT),
    ]
    assert read_srt(write_srt(cues)) == cues


def test_srt_keeps_cue_numbers_that_go_up_when_asked() -> None:
    numbers = ["2", "4", "intro", "3", "", "010"]
    cues = [SubtitleCue(i, i + 0.5, "x", number) for i, number in enumerate(numbers)]
    kept = read_srt(write_srt(cues, keep_numbers=True))
    assert [cue.identifier for cue in kept] == ["2", "4", "5", "6", "7", "10"]
    renumbered = read_srt(write_srt(cues))
    assert [cue.identifier for cue in renumbered] == ["1", "2", "3", "4", "5", "6"]


@pytest.mark.parametrize("numpad", range(1, 10))
def test_srt_positions_survive_a_round_trip(numpad: int) -> None:
    tag = "" if numpad == 2 else f"{{\\an{numpad}}}"
    text = f"1\n00:00:01,000 --> 00:00:02,000\n{tag}Look here.\n\n"
    [cue] = read_srt(text)
    assert cue.text == "Look here."
    assert write_srt([cue]) == text
