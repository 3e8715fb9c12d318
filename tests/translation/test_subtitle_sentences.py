import shutil
from dataclasses import dataclass

import pytest

from translation.apertium import ApertiumEngine
from translation.sentences import (
    TranslatedCue,
    merge_into_sentences,
    split_at_sentence_ends,
    spread,
    translate_cues,
)

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None,
    reason="Debian's apertium is not installed (apt-get install apertium-eng-spa)",
)


@dataclass
class Cue:
    start: float
    end: float
    text: str
    syntax: str = "plain"


class EchoEngine:
    """Translate by writing each sentence in capitals: easy to follow in tests."""

    name = "echo"

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "en-x-caps")}

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        self.batches.append(list(texts))
        return [text.upper() for text in texts]


JFK = [
    Cue(12.0, 14.2, "And so my fellow Americans,"),
    Cue(14.2, 17.9, "ask not what your country\ncan do for you,"),
    Cue(18.4, 20.1, "<i>ask what you can do</i>", "webvtt"),
    Cue(20.1, 22.0, "for your country."),
]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("for you. Ask what", [("for you.", True), ("Ask what", False)]),
        ("Really?! Yes… fine", [("Really?!", True), ("Yes…", True), ("fine", False)]),
        ('He said "stop." Then', [('He said "stop."', True), ("Then", False)]),
        ("Dr. Ahmed, e.g. here.", [("Dr. Ahmed, e.g. here.", True)]),
        ("Give 2.5 mg", [("Give 2.5 mg", False)]),
        ("我们开始。现在切开", [("我们开始。", True), ("现在切开", False)]),
        ("هل أنت بخير؟ نعم", [("هل أنت بخير؟", True), ("نعم", False)]),
    ],
)
def test_sentence_ends_are_found_inside_cues(text, pieces):
    assert split_at_sentence_ends(text) == pieces


def test_cues_merge_into_sentences_across_boundaries():
    cues = [Cue(0, 1, "One two"), Cue(1, 2, "three. Four"), Cue(2, 3, "five.")]
    sentences = merge_into_sentences([cue.text for cue in cues])
    assert [s.text() for s in sentences] == ["One two three.", "Four five."]
    assert [[f.cue_index for f in s.fragments] for s in sentences] == [[0, 1], [1, 2]]


def test_unpunctuated_speech_is_cut_after_max_cues():
    sentences = merge_into_sentences([f"word{i}" for i in range(5)], max_cues=2)
    assert [len(s.fragments) for s in sentences] == [2, 2, 1]


def test_spread_follows_the_weights_at_word_boundaries():
    parts = spread("uno dos tres cuatro cinco seis", [7, 7, 14], "es")
    assert parts == ["uno dos", "tres", "cuatro cinco seis"]


def test_spread_gives_every_part_a_word_when_it_can():
    assert spread("uno dos tres", [1, 1, 100], "es") == ["uno", "dos", "tres"]
    assert spread("Sí.", [5, 30, 5], "es") == ["", "Sí.", ""]


def test_spread_breaks_chinese_by_characters_keeping_latin_and_punctuation():
    parts = spread("使用CT扫描，12.5毫克。", [1] * 6, "zh-Hans")
    assert "".join(parts) == "使用CT扫描，12.5毫克。"
    assert all(parts) and len(parts) == 6
    assert any("CT" in part for part in parts)
    assert any("12.5" in part for part in parts)
    assert not any(part[0] in "，。" for part in parts)


def test_spread_keeps_thai_marks_on_their_letters():
    parts = spread("ผู้ป่วย", [1, 1, 1], "th")
    assert "".join(parts) == "ผู้ป่วย"
    assert not any(part[0] in "\u0e49\u0e48" for part in parts)


def test_translate_cues_sends_whole_sentences_in_one_batch():
    engine = EchoEngine()
    cues = [Cue(0, 1, "Hello my"), Cue(1, 2, "friend. How"), Cue(2, 3, "are you?")]
    result = translate_cues(cues, engine, "en", "en-x-caps")
    assert engine.batches == [["Hello my friend.", "How are you?"]]
    assert result == [
        TranslatedCue(0, 1, "HELLO MY"),
        TranslatedCue(1, 2, "FRIEND. HOW"),
        TranslatedCue(2, 3, "ARE YOU?"),
    ]


def test_cue_without_text_stays_empty_and_keeps_its_place():
    cues = [Cue(0, 1, "Yes."), Cue(1, 2, "<i></i>", "webvtt"), Cue(2, 3, "No.")]
    result = translate_cues(cues, EchoEngine(), "en", "en-x-caps")
    assert [c.text for c in result] == ["YES.", "", "NO."]


@needs_apertium
def test_jfk_becomes_spanish_on_the_same_cues():
    result = translate_cues(JFK, ApertiumEngine(), "en", "es")

    assert [(c.start, c.end) for c in result] == [(c.start, c.end) for c in JFK]
    assert all(c.text for c in result)
    spanish = " ".join(c.text for c in result)
    assert spanish.count("país") == 2
    assert "Americans" not in spanish
    assert result[2].text.startswith("<i>") and result[2].text.endswith("</i>")
    assert result[0].text.startswith("Y ")
    assert result[-1].text.endswith("país.")
