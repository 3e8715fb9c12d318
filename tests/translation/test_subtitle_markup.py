"""Subtitle markup through sentence-by-sentence translation."""

import io
from dataclasses import dataclass

import pytest

from portal.cli import main
from tests.conftest import CORPUS
from tests.translation.engines import EchoEngine, needs_apertium
from transcripts.cues import CueRules, display_width
from transcripts.formats import (
    parse_cue_text,
    read_srt,
    read_webvtt,
    write_srt,
    write_webvtt,
)
from translation import operations
from translation.apertium import ApertiumEngine
from translation.markup import BrokenMarkup, put_back, take_markup
from translation.memory import TranslationMemory
from translation.sentences import TRANSLATION_MEMORY, translate_cues


@dataclass
class Cue:
    start: float
    end: float
    text: str
    syntax: str = "webvtt"


def _wrappers(cue) -> list[tuple[str, tuple[str, ...], str]]:
    [markup] = take_markup([cue], spaced=True)
    return [(node.kind, node.classes, node.annotation) for node in markup.wrappers]


def _translate(cues, engine=None, target="en-x-caps"):
    broken = []
    result = translate_cues(
        cues, engine or EchoEngine(), "en", target, broken_markup=broken
    )
    return result, broken


@pytest.mark.parametrize(
    ("cue", "text"),
    [
        (Cue(0, 1, "dose < 5 mg &amp; <b>more</b>", "plain"),
         "dose < 5 mg &amp; <b>more</b>"),
        (Cue(0, 1, "<c.yellow>BP</c> &lt; 90 &amp;\nfalling"),
         "XM0X BP XM1X < 90 & falling"),
        (Cue(0, 1, "<v Dr Amina><i>Scalpel,\nplease</i></v>"), "Scalpel, please"),
        (Cue(0, 1, "<00:01:02.000>timed <b>word</b>."), "XM0X timed XM1X word XM2X."),
        (Cue(0, 1, "<ruby>漢<rt>かん</rt></ruby>字"), "漢字"),
        (Cue(0, 1, "<i>Srt</i> and <font color=red>tags</font>", "srt"),
         "XM0X Srt XM1X and tags"),
    ],
)  # fmt: skip
def test_the_engine_gets_readable_text_with_inline_placeholders(cue, text):
    [markup] = take_markup([cue], spaced=True)
    assert markup.text == text


def test_wrappers_are_taken_off_outermost_first():
    cue = Cue(0, 1, "<v.loud Dr Amina> <lang en><c.a.b>Hi</c></lang>\n</v>")
    assert _wrappers(cue) == [
        ("v", ("loud",), "Dr Amina"),
        ("lang", (), "en"),
        ("c", ("a", "b"), ""),
    ]


def test_wrappers_and_inline_spans_come_back_around_each_cue_share():
    cues = [
        Cue(0, 1, "<v Dr Ahmed>I <b>never</b> said"),
        Cue(1, 2, "<i>that to you.</i>"),
        Cue(2, 3, "It's <00:00:02.500><c.yellow>amore</c>, &amp; more."),
    ]
    engine = EchoEngine()
    result, broken = _translate(cues, engine)

    assert engine.batches == [
        ["I XM0X never XM1X said that to you.", "It's XM2X XM3X amore XM4X, & more."]
    ]

    assert [cue.text for cue in result] == [
        "<v Dr Ahmed>I <b>NEVER</b> SAID</v>",
        "<i>THAT TO YOU.</i>",
        "IT'S <00:00:02.500><c.yellow>AMORE</c>, &amp; MORE.",
    ]
    assert {cue.syntax for cue in result} == {"webvtt"}
    assert broken == []


def _swapped(text: str) -> str:
    return text.replace("XM0X", "@").replace("XM1X", "XM0X").replace("@", "XM1X")


@pytest.mark.parametrize(
    "change",
    [
        lambda text: text.replace("XM1X", ""),
        lambda text: text.replace("XM0X", "XM9X"),
        _swapped,
    ],
    ids=["lost", "mangled", "reordered"],
)
def test_inline_markup_the_engine_broke_is_dropped_and_reported(change):
    cues = [Cue(0, 1, "<i>I <b>never</b> said it.</i>")]
    result, broken = _translate(cues, EchoEngine(lambda text: change(text.upper())))

    assert result[0].text == "<i>I NEVER SAID IT.</i>"
    assert [(problem.cue_index, problem.source) for problem in broken] == [
        (0, cues[0].text)
    ]


def test_plain_cues_are_literal_text_and_stay_plain():
    cues = [Cue(0, 1, "dose < 5 mg &amp; <b>rest</b>.", "plain")]
    engine = EchoEngine()
    result, _broken = _translate(cues, engine)

    assert engine.batches == [["dose < 5 mg &amp; <b>rest</b>."]]
    assert result[0].text == "DOSE < 5 MG &AMP; <B>REST</B>."
    assert result[0].syntax == "plain"
    assert read_webvtt(write_webvtt(result))[0].plain_text == result[0].text


def test_lines_are_broken_between_tags_never_inside_one():
    cue = Cue(0, 1, "<v Dr Amina Rahman>Give the <b>patient</b> two tablets now.")
    rules = CueRules(max_line_width=20)
    [markup] = take_markup([cue], spaced=True)
    text, is_intact = put_back(markup, markup.text.upper(), rules)

    assert is_intact
    assert text == "<v Dr Amina Rahman>GIVE THE <b>PATIENT</b>\nTWO TABLETS NOW.</v>"
    lines = read_webvtt(write_webvtt([Cue(0, 1, text)]))[0].plain_text.split("\n")
    assert all(display_width(line) <= 20 for line in lines)


def test_srt_italics_come_back_as_srt_italics():
    [source] = read_srt("1\n00:00:01,000 --> 00:00:02,000\n<i>Wash your hands.</i>\n")
    result, _broken = _translate([source])

    assert result[0].syntax == "webvtt"
    assert "<i>WASH YOUR HANDS.</i>" in write_srt(result)


@needs_apertium
def test_voice_and_italics_survive_apertium_into_spanish():
    cues = [
        Cue(0, 2, "<v Dr Ahmed>Wash your hands</v>"),
        Cue(2, 4, "<v Dr Ahmed><i>before you touch the patient.</i></v>"),
        Cue(4, 5, "Blood pressure < 90 & pulse > 120.", "plain"),
    ]
    result, broken = _translate(cues, ApertiumEngine(), "es")

    assert [_wrappers(cue) for cue in result] == [_wrappers(cue) for cue in cues]
    spanish = [parse_cue_text(cue.text) for cue in result[:2]]
    assert "manos" in write_webvtt(result) and "paciente" in write_webvtt(result)
    assert all(tree.children for tree in spanish)
    assert result[2].syntax == "plain"
    assert "< 90 &" in result[2].text and "> 120" in result[2].text
    assert broken == []


@needs_apertium
def test_inline_bold_survives_apertium_or_is_reported():
    cues = [Cue(0, 3, "I <b>never</b> said that to the patient.")]
    result, broken = _translate(cues, ApertiumEngine(), "es")

    [cue] = read_webvtt(write_webvtt(result))
    assert "paciente" in cue.plain_text
    if broken:
        assert "<b>" not in cue.text
    else:
        assert "<b>nunca</b>" in cue.text


CUE_TAGS = CORPUS / "subtitles/webvtt_wpt/cue-text-tags.vtt"
YOUTUBE = CORPUS / "subtitles/webvttpy/youtube_dl.vtt"


@needs_apertium
@pytest.mark.parametrize("path", [CUE_TAGS, YOUTUBE], ids=lambda path: path.name)
def test_academy_translate_keeps_cues_timings_and_wrappers(app, tmp_path, path):
    if not path.exists():
        pytest.skip("the shared test corpus is not checked out")
    out = tmp_path / "out.vtt"

    result = app.test_cli_runner().invoke(
        main, ["translate", str(path), "--to", "es", "--out", str(out)]
    )

    assert result.exit_code == 0, result.output
    source = read_webvtt(path.read_text(encoding="utf-8"))
    translated = read_webvtt(out.read_text(encoding="utf-8"))
    assert [(c.identifier, c.start, c.end, c.settings) for c in translated] == [
        (c.identifier, c.start, c.end, c.settings) for c in source
    ]
    # A cue with nothing to read stays empty, without its tags.
    shown = [i for i, cue in enumerate(source) if cue.plain_text.strip()]
    assert [_wrappers(translated[i]) for i in shown] == [
        _wrappers(source[i]) for i in shown
    ]
    assert all(translated[i].plain_text.strip() for i in shown)


def test_memory_finds_sentences_whose_cues_carry_inline_markup(app):
    tmx = (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header/><body>'
        '<tu><tuv xml:lang="en"><seg>Wash your hands often.</seg></tuv>'
        '<tuv xml:lang="es"><seg>Lávese las manos a menudo.</seg></tuv></tu>'
        "</body></tmx>"
    ).encode()
    operations.import_memory(io.BytesIO(tmx), "en", "es", "hands.tmx")
    cues = [Cue(0.0, 2.0, "<v Nurse>Wash your <b>hands</b> often.")]
    engine = EchoEngine()
    lost: list[BrokenMarkup] = []

    [cue] = translate_cues(
        cues,
        engine,
        "en",
        "es",
        memory=TranslationMemory("en", "es", 90),
        broken_markup=lost,
    )

    assert engine.batches == []
    assert cue.provenance == TRANSLATION_MEMORY
    assert cue.text == "<v Nurse>Lávese las manos a menudo.</v>"
    assert [problem.cue_index for problem in lost] == [0]


def test_each_turn_of_a_dialogue_cue_is_a_sentence_on_its_own_line():
    cues = [
        Cue(0, 2, "- Doctor, is it contagious?\n- Yes, it is.", "plain"),
        Cue(2, 4, "Wash your hands", "plain"),
    ]
    engine = EchoEngine()

    result, _broken = _translate(cues, engine)

    assert engine.batches == [
        ["- Doctor, is it contagious?", "- Yes, it is.", "Wash your hands"]
    ]
    assert result[0].text == "- DOCTOR, IS IT CONTAGIOUS?\n- YES, IT IS."
    assert result[1].text == "WASH YOUR HANDS"


def test_a_karaoke_cue_is_never_merged_with_its_neighbours():
    cues = [
        Cue(5, 7, "Next slide please"),
        Cue(7, 9, "<00:00:07.000><c>Take</c> <00:00:08.000><c>a breath</c>"),
        Cue(9, 10, "and relax."),
    ]
    engine = EchoEngine()

    result, broken = _translate(cues, engine)

    assert len(engine.batches[0]) == 3
    assert [cue.text for cue in result] == [
        "NEXT SLIDE PLEASE",
        "<00:00:07.000><c>TAKE</c> <00:00:08.000><c>A BREATH</c>",
        "AND RELAX.",
    ]
    assert broken == []


def test_a_span_whose_word_the_engine_dropped_is_reported_not_left_empty():
    cues = [Cue(0, 2, "this<00:00:00.500><c> will</c><00:00:01.000><c> happen</c>")]
    engine = EchoEngine(lambda text: text.upper().replace(" WILL ", " "))

    result, broken = _translate(cues, engine)

    assert result[0].text == "THIS HAPPEN"
    assert [problem.cue_index for problem in broken] == [0]


def test_dialogue_dashes_without_a_space_count_too():
    cues = [Cue(0, 2, "-Doctor, is it contagious?\n-Yes, it is.", "plain")]

    result, _broken = _translate(cues)

    assert result[0].text == "-DOCTOR, IS IT CONTAGIOUS?\n-YES, IT IS."
