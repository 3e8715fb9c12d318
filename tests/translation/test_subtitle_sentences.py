import csv
from dataclasses import dataclass
from itertools import accumulate, pairwise

import pytest

from tests.conftest import CORPUS
from tests.translation.engines import EchoEngine, needs_apertium
from translation.apertium import ApertiumEngine
from translation.segmenter import words
from translation.sentences import (
    TranslatedCue,
    merge_into_sentences,
    split_at_sentence_ends,
    spread,
    translate_cues,
)

MEDICAL_SENTENCES = (
    CORPUS / "translation/tico19/medical_sentences_en_zh_fr_ru_es_ar.tsv"
)


@dataclass
class Cue:
    start: float
    end: float
    text: str
    syntax: str = "plain"


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


def _medical_sentences() -> list[dict[str, str]]:
    with MEDICAL_SENTENCES.open(encoding="utf-8") as table:
        return list(csv.DictReader(table, delimiter="\t"))


def _english_cue_weights(english: str, cues: int) -> list[int]:
    """Cut an English sentence into cues of equal word counts; return their sizes."""
    spoken = english.split()
    size = len(spoken) // cues
    bounds = [size * k for k in range(cues)] + [len(spoken)]
    return [len(" ".join(spoken[a:b])) for a, b in pairwise(bounds)]


def _word_ends(text: str) -> set[int]:
    return set(accumulate(len(word) for word in words(text)))


@pytest.mark.parametrize("cues", [2, 3, 4])
def test_chinese_spread_cuts_only_between_jieba_words(cues):
    for row in _medical_sentences():
        # spread() drops the spaces at its cuts, which would shift the offsets.
        chinese = row["zh"].replace(" ", "")
        if len(words(chinese)) < cues or len(row["en"].split()) < cues:
            continue
        parts = spread(chinese, _english_cue_weights(row["en"], cues), "zh-Hans")

        assert "".join(parts) == chinese
        assert all(parts), parts
        cuts = set(accumulate(len(part) for part in parts[:-1]))
        assert cuts <= _word_ends(chinese), parts


def test_chinese_spread_keeps_a_word_whole_that_characters_would_split():
    # Proportionally the cut falls between 医 and 生.
    parts = spread("请医生检查", [3, 2], "zh-Hans")

    assert parts == ["请医生", "检查"]


@pytest.mark.parametrize(
    ("text", "weights", "target", "expected"),
    [
        (
            "各种胸痛均应采取这种方法进行治疗，尤其要考虑年龄因素",
            [1, 1],
            "zh-Hans",
            ["各种胸痛均应采取这种方法进行治疗，", "尤其要考虑年龄因素"],
        ),
        (
            "y siempre el dolor de pecho debe tratarse de esta manera, "
            "en especial a su edad",
            [3, 2],
            "es",
            [
                "y siempre el dolor de pecho debe tratarse de esta manera,",
                "en especial a su edad",
            ],
        ),
    ],
)
def test_spread_prefers_a_cut_after_clause_punctuation(text, weights, target, expected):
    assert spread(text, weights, target) == expected


def test_spread_keeps_a_short_function_word_with_what_follows():
    # The proportional cut falls right after "de".
    parts = spread("el dolor de pecho debe tratarse", [12, 20], "es")

    assert parts == ["el dolor", "de pecho debe tratarse"]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("depuis combien ressentez-vous ces symptômes ?", "fr"),
        ("« avez-vous de la fièvre ? » demande le médecin", "fr"),
        ("您现在有发热吗？", "zh-Hans"),
        ("「医生」说：多喝水。", "zh-Hans"),
    ],
)
def test_no_cue_starts_with_closing_or_ends_with_opening_punctuation(text, target):
    for cues in range(2, 7):
        for parts in (
            spread(text, [1] * cues, target),
            spread(text, [9, *[1] * (cues - 1)], target),
        ):
            for part in filter(None, parts):
                assert part[0] not in ",.;:?!»」，。：？", parts
                assert part[-1] not in "«「", parts


def _readable_units(text: str, language: str) -> int:
    """Count the words of a spaced text, or the characters of Chinese, less marks."""
    units = text if language == "zh" else text.split()
    return sum(any(char.isalnum() for char in unit) for unit in units)


@pytest.mark.parametrize("language", ["zh", "fr", "ru", "es-419", "ar"])
def test_spread_leaves_no_cue_empty_when_there_are_enough_words(language):
    target = "zh-Hans" if language == "zh" else language
    for row in _medical_sentences():
        for cues in (2, 3, 5):
            if len(row["en"].split()) < cues:
                continue
            weights = _english_cue_weights(row["en"], cues)
            parts = spread(row[language], weights, target)

            assert len(parts) == cues
            assert all(parts) or _readable_units(row[language], language) < cues, parts


def test_cues_holding_only_punctuation_each_keep_a_piece():
    assert spread("& & ? !", [1, 1, 1, 1], "es") == ["&", "&", "?", "!"]
    assert spread("Sí, claro.", [1, 1], "es") == ["Sí,", "claro."]
