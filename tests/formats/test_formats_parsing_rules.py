"""Finer points of the W3C parsing rules, and readers that never crash."""

import random

import pytest

from transcripts.formats import (
    CueNode,
    SubtitleFormatError,
    parse_cue_settings,
    parse_cue_text,
    parse_srt,
    parse_webvtt,
    read_srt,
    read_webvtt,
    to_plain_text,
)
from transcripts.formats.charrefs import decode_character_references


def test_tree_of_nested_tags() -> None:
    root = parse_cue_text("<v.first.loud Dr Li>Hi <lang en-GB><i>there</i></lang></v>")
    voice = root.children[0]
    assert (voice.kind, voice.classes, voice.annotation) == (
        "v",
        ("first", "loud"),
        "Dr Li",
    )
    language = voice.children[1]
    assert (language.kind, language.annotation) == ("lang", "en-GB")
    assert language.children[0] == CueNode("i", [CueNode("text", text="there")])


def test_unknown_and_unmatched_tags_are_dropped() -> None:
    root = parse_cue_text("<font color=red>a</font></i>b<rt>c")
    assert root.children == [CueNode("text", text="abc")]


def test_ruby_end_tag_closes_an_open_rt() -> None:
    root = parse_cue_text("<ruby>漢<rt>kan</ruby>after")
    assert [child.kind for child in root.children] == ["ruby", "text"]
    assert to_plain_text("<ruby>漢<rt>kan</ruby>after", "webvtt") == "漢after"


def test_timestamp_tags() -> None:
    root = parse_cue_text("a<00:01.500>b<99:99.999>c")
    assert [(n.kind, n.text, n.timestamp) for n in root.children] == [
        ("text", "a", None),
        ("timestamp", "", 1.5),
        ("text", "bc", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("&#0;", "\ufffd"),
        ("&#x110000;", "\ufffd"),
        ("&#xD800;", "\ufffd"),
        ("&#128;", "€"),
        ("&#x81;", "\x81"),
        ("&#99999999999999999999;", "\ufffd"),
        ("&#;", "&#;"),
        ("&#x;", "&#x;"),
        ("&lt&gt", "<>"),
        ("&zzzz;", "&zzzz;"),
    ],
)
def test_character_references(text: str, expected: str) -> None:
    assert decode_character_references(text) == expected


def test_annotation_keeps_legacy_reference_before_a_letter() -> None:
    # In attribute values (annotations), "&notit" is not "¬it" as in text.
    assert decode_character_references("&notit", in_annotation=True) == "&notit"
    assert decode_character_references("&not it", in_annotation=True) == "¬ it"
    assert parse_cue_text("<v &amp;Bob>x").children[0].annotation == "&Bob"
    voice = parse_cue_text("<v \t Dr\u00a0Li \n  Wu >x").children[0]
    assert voice.annotation == "Dr\u00a0Li Wu"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ("line:0", {"line": "0", "line_align": None}),
        ("line:-1,end", {"line": "-1", "line_align": "end"}),
        ("line:50%,center", {"line": "50%", "line_align": "center"}),
        ("line:101%", {"line": None}),
        ("line:1-2", {"line": None}),
        ("position:10%,line-left", {"position": "10%", "position_align": "line-left"}),
        ("position:10", {"position": None}),
        ("size:50%", {"size": "50%"}),
        ("align:left vertical:rl", {"align": "left", "vertical": "rl"}),
        ("align:middle", {"align": "center"}),
        ("line:0 line:junk", {"line": "0"}),
        (":x y: align:end", {"align": "end"}),
        ("align:end\u00a0size:50%", {"align": "center", "size": "100%"}),
    ],
)
def test_cue_settings(settings: str, expected: dict) -> None:
    parsed = parse_cue_settings(settings)
    assert {name: getattr(parsed, name) for name in expected} == expected


def test_region_blocks_and_notes() -> None:
    text = (
        "WEBVTT\n\nREGION\nid:fred width:40%\n\nNOTE a comment\n-- still it\n\n"
        "00:01.000 --> 00:02.000 region:fred\nHi\n"
    )
    document = parse_webvtt(text)
    assert document.regions == ["id:fred width:40%"]
    assert document.skipped == []
    assert parse_cue_settings(document.cues[0].settings).region == "fred"


@pytest.mark.parametrize(
    "text", ["", "WEBVT", "WEBVTTX\n", "webvtt\n", "1\n00:00:01,000 --> 00:00:02,000\n"]
)
def test_missing_signature_names_line_one(text: str) -> None:
    with pytest.raises(SubtitleFormatError) as error:
        read_webvtt(text)
    assert error.value.line == 1
    assert str(error.value).startswith("Line 1: ")


def test_srt_without_blank_lines_between_cues() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nOne\n2\n00:00:03,000 --> 00:00:04,000\nTwo"
    )
    assert [(c.identifier, c.text) for c in read_srt(text)] == [
        ("1", "One"),
        ("2", "Two"),
    ]


def test_srt_coordinates_after_the_timing_are_ignored() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000  X1:40 X2:600 Y1:20 Y2:50\nHi\n"
    assert [(c.start, c.end, c.text) for c in read_srt(text)] == [(1.0, 2.0, "Hi")]


def test_srt_skipped_blocks_are_reported() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nOne\n\n2\nlost text\n\n3\nbad --> time\nx\n"
    )
    document = parse_srt(text)
    assert [
        (block.line, "not valid" in block.reason) for block in document.skipped
    ] == [
        (5, False),
        (9, True),
    ]


def test_readers_never_fail_unexpectedly() -> None:
    rng = random.Random(99)
    pieces = [
        "WEBVTT",
        "\n",
        "\r",
        " ",
        "-->",
        "00:01.000",
        "00:00:02,000",
        "1",
        "<",
        "&",
        "x",
        "NOTE",
        "STYLE",
        "\0",
    ]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 25)))
        for reader in (read_webvtt, read_srt):
            try:
                cues = reader(text)
            except SubtitleFormatError as error:
                assert error.line is None or error.line >= 1
                continue
            for cue in cues:
                assert cue.start >= 0 and cue.end >= 0
                parse_cue_text(cue.text)


def test_only_ascii_digits_count() -> None:
    # Python's \d alone also matches Arabic-Indic digits; timestamps must not.
    text = "WEBVTT\n\n\u0660\u0660:\u0660\u0661.\u0660\u0660\u0660 --> 00:02.000\nx\n"
    assert read_webvtt(text) == []
    assert parse_srt("1\n00:00:\u0661,000 --> 00:00:02,000\nx\n").cues == []
