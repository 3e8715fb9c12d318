"""WebVTT documents: header, STYLE, REGION and NOTE blocks survive a round trip.

A document written in canonical form (settings in the writer's order, markup
closed) is written back byte for byte.
"""

from dataclasses import replace

import pytest

from tests.conftest import CORPUS
from transcripts.formats import (
    SubtitleCue,
    SubtitleFormatError,
    WebVTTDocument,
    WebVTTNote,
    decode_subtitle_bytes,
    parse_cue_text,
    parse_webvtt,
    read_subtitle_document,
    read_subtitles,
    write_webvtt,
    write_webvtt_document,
)

SUBTITLES = CORPUS / "subtitles"
# A zero-byte file lacks the WEBVTT signature.
NOT_WEBVTT = {"empty.vtt"}
# The W3C parser keeps these cues, but a cue that ends before it starts
# cannot be written: the writers refuse it rather than write an invalid file.
UNWRITABLE = {"timings-negative.vtt"}

DOCUMENT = """WEBVTT - Lecture 3: wound care
Kind: captions
Language: en

NOTE
Reviewed by Dr. Amina, 2024.

STYLE
::cue(.drug) {
  color: yellow;
}

REGION
id:left width:40% lines:3 regionanchor:0%,100% viewportanchor:10%,90%

intro
00:00:01.000 --> 00:00:03.500 region:left line:80% align:start
<v Dr. Amina>Clean the <c.drug>wound</c> first.</v>

NOTE the next cue is spoken off camera

00:00:03.500 --> 00:00:07.000
Then apply &amp; cover.

NOTE end of part one

"""


def corpus_documents() -> list:
    paths = sorted(SUBTITLES.glob("*/*.vtt")) if SUBTITLES.is_dir() else []
    return [pytest.param(path, id=f"{path.parent.name}/{path.name}") for path in paths]


def with_cue_trees(document: WebVTTDocument) -> WebVTTDocument:
    """Return the document with cue text as parsed trees, and no skipped blocks.

    The writer normalises cue markup (``&AMP;`` becomes ``&amp;``) and writes
    no stray text, so a round trip keeps what the cue text means, not its bytes.
    """
    cues = [replace(cue, text=parse_cue_text(cue.text)) for cue in document.cues]
    return replace(document, cues=cues, skipped=[])


@pytest.mark.parametrize("path", corpus_documents())
def test_corpus_documents_survive_a_round_trip(path) -> None:
    text = decode_subtitle_bytes(path.read_bytes())
    if path.name in NOT_WEBVTT:
        with pytest.raises(SubtitleFormatError):
            parse_webvtt(text)
        return
    document = parse_webvtt(text)
    if path.name in UNWRITABLE:
        with pytest.raises(ValueError, match="must end after it starts"):
            write_webvtt_document(document)
        return

    written = write_webvtt_document(document)
    again = parse_webvtt(written)

    assert with_cue_trees(again) == with_cue_trees(document)
    assert again.skipped == []
    assert write_webvtt_document(again) == written


@pytest.mark.parametrize(
    ("name", "notes"),
    [
        (
            "webvttpy/comments.vtt",
            [
                WebVTTNote(
                    "\nThis translation was done by Kyle so that\n"
                    "some friends can watch it with their parents.",
                    before_cue=0,
                ),
                WebVTTNote(" This last line may not translate well.", before_cue=2),
            ],
        ),
        (
            "media3_vtt/with_rubies.vtt",
            [WebVTTNote(" Many individual rubies in a single <ruby> tag", 2)],
        ),
    ],
)
def test_corpus_notes_keep_their_place(name: str, notes: list) -> None:
    path = SUBTITLES / name
    document = parse_webvtt(path.read_text(encoding="utf-8"))
    assert document.notes == notes


def test_a_canonical_document_is_written_back_byte_for_byte() -> None:
    document = parse_webvtt(DOCUMENT)

    assert document.header == " - Lecture 3: wound care\nKind: captions\nLanguage: en"
    assert document.stylesheets == ["::cue(.drug) {\n  color: yellow;\n}"]
    assert document.regions[0].startswith("id:left")
    assert [note.before_cue for note in document.notes] == [0, 1, 2]
    assert write_webvtt_document(document) == DOCUMENT


def test_the_header_keeps_its_lines() -> None:
    # "WEBVTT\nKind: captions" and "WEBVTT Kind: captions" differ in the file.
    for text in ("WEBVTT\nKind: captions\n\n", "WEBVTT Kind: captions\n\n"):
        assert write_webvtt_document(parse_webvtt(text)) == text


def test_the_signature_line_may_hold_an_arrow() -> None:
    text = "WEBVTT 00:00:00.000 --> 00:00:01.000\ntext\n\n"
    document = parse_webvtt(text)
    assert document.cues == []
    assert write_webvtt_document(document) == text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("header", "Kind: captions\n\nLanguage: en\nStyle --> here"),
        ("stylesheets", ["::cue { color: red }\n\n/* --> */"]),
        ("regions", ["id:a\n\nwidth:40% -->"]),
        ("notes", [WebVTTNote("see below --> here\n\nand\r\nthen", before_cue=1)]),
    ],
)
def test_unsafe_block_text_cannot_end_a_block(field: str, value) -> None:
    cues = [SubtitleCue(1, 2, "one"), SubtitleCue(3, 4, "two")]
    document = replace(WebVTTDocument(cues=cues), **{field: value})

    written = write_webvtt_document(document)
    again = parse_webvtt(written)

    assert again.skipped == []
    assert [cue.text for cue in again.cues] == ["one", "two"]
    assert written.count("-->") == 2
    kept = getattr(again, field)
    assert kept and "-- >" in str(kept)
    assert write_webvtt_document(again) == written


def test_a_hand_made_header_and_note_get_their_space() -> None:
    document = WebVTTDocument(header="Kind: captions", notes=[WebVTTNote("hi", 0)])
    written = write_webvtt_document(document)
    assert written == "WEBVTT Kind: captions\n\nNOTE hi\n\n"
    assert parse_webvtt(written).notes == [WebVTTNote(" hi", 0)]


def test_style_and_region_come_before_the_first_cue() -> None:
    document = WebVTTDocument(
        cues=[SubtitleCue(1, 2, "one")],
        stylesheets=["::cue { color: red }", ""],
        regions=["id:a"],
        notes=[WebVTTNote(" after", 1)],
    )

    written = write_webvtt_document(document)

    assert written.index("STYLE") < written.index("REGION") < written.index("-->")
    assert written.count("STYLE") == 1  # an empty style sheet is left out
    assert written.endswith("one\n\nNOTE after\n\n")
    again = parse_webvtt(written)
    assert again.stylesheets == ["::cue { color: red }"]
    assert again.regions == ["id:a"]


def test_notes_move_with_their_cue_when_cues_are_sorted() -> None:
    cues = [SubtitleCue(5, 6, "late"), SubtitleCue(1, 2, "early")]
    notes = [WebVTTNote(" top", 0), WebVTTNote(" before early", 1)]
    written = write_webvtt_document(WebVTTDocument(cues=cues, notes=notes))

    again = parse_webvtt(written)

    assert [cue.text for cue in again.cues] == ["early", "late"]
    assert again.notes == [WebVTTNote(" top", 0), WebVTTNote(" before early", 0)]
    assert written.index("NOTE before early") < written.index("early\n")


@pytest.mark.parametrize(
    ("block", "is_note"),
    [("NOTE", True), ("NOTE\tx", True), ("NOTE x", True), ("NOTEBOOK x", False)],
)
def test_only_note_and_a_space_start_a_comment(block: str, is_note: bool) -> None:
    document = parse_webvtt(f"WEBVTT\n\n{block}\n\n00:01.000 --> 00:02.000\nHi\n")
    assert bool(document.notes) is is_note
    assert bool(document.skipped) is not is_note


def test_write_webvtt_writes_cues_only() -> None:
    cues = [SubtitleCue(1, 2, "one", "a", "align:start")]
    expected = "WEBVTT\n\na\n00:00:01.000 --> 00:00:02.000 align:start\none\n\n"
    assert write_webvtt(cues) == expected
    assert write_webvtt_document(WebVTTDocument(cues=cues)) == expected


def test_read_subtitle_document_keeps_webvtt_blocks_and_srt_cues() -> None:
    document = read_subtitle_document(DOCUMENT.encode(), "lecture.vtt")
    assert len(document.notes) == 3
    assert document.stylesheets

    srt = b"1\n00:00:01,000 --> 00:00:02,000\n{\\an8}Top\n\n"
    document = read_subtitle_document(srt, "lecture.srt")
    assert document == WebVTTDocument(cues=read_subtitles(srt, "lecture.srt"))
    assert document.cues[0].settings == "line:0"
