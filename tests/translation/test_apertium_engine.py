import csv
import re
import time

import pytest

from tests.conftest import CORPUS
from tests.translation.engines import needs_apertium
from translation.apertium import ApertiumEngine, from_stream, pairs_of_mode, to_stream
from translation.engines import (
    EngineUnavailable,
    PairNotSupported,
    TranslationEngine,
    TranslationError,
)

MEDICAL_SENTENCES = (
    CORPUS / "translation/tico19/medical_sentences_en_zh_fr_ru_es_ar.tsv"
)
needs_corpus = pytest.mark.skipif(
    not MEDICAL_SENTENCES.exists(), reason="the shared test corpus is not checked out"
)

TRICKY = [
    "Hello world.",
    "The dog\nruns fast",
    'She said: "I\'m ill" ~ [note] {x} a/b \\ back $5 ^up @home #tag *star',
    "Blood pressure < 90 & pulse > 120",
    "Give 12.5 mg at 08:00, then 2,000 IU.",
    "Thexyzzy glorbish pneumothorax.",
    "Line one.\n\nLine two after a blank line.",
    "Why?",
    "ask not what your country can do for you",
    "It's 'quoted' — and “curly”.",
]


@pytest.fixture(scope="module")
def engine():
    return ApertiumEngine()


@pytest.mark.parametrize(
    ("mode", "pairs"),
    [
        ("eng-spa", {("en", "es")}),
        ("spa-eng_US", {("es", "en-US")}),
        ("spa-cat_valencia", {("es", "ca-valencia")}),
        ("hbs-eng", {("sh", "en"), ("sr", "en"), ("hr", "en"), ("bs", "en")}),
        ("eng-hbs_SR", {("en", "sr")}),
        ("eng-hbs", {("en", "sh")}),
        ("en-es", {("en", "es")}),
        ("Cyrl-Latn", set()),
        ("eng-spa-tagger", set()),
    ],
)
def test_mode_names_map_to_bcp47_pairs(mode, pairs):
    assert pairs_of_mode(mode) == pairs


@pytest.mark.parametrize("text", [*TRICKY, "", "  padded  ", "tab\there"])
def test_stream_format_round_trips_plain_text(text):
    assert from_stream(to_stream(text)) == text


@needs_apertium
def test_engine_meets_the_protocol(engine):
    assert isinstance(engine, TranslationEngine)


@needs_apertium
def test_installed_pairs_are_discovered(engine):
    pairs = engine.pairs()
    assert {("en", "es"), ("es", "en"), ("es", "en-US"), ("sr", "en")} <= pairs
    # The Debian English -> Serbo-Croatian data is skipped as broken.
    assert ("en", "sr") not in pairs


@needs_apertium
def test_skipped_modes_can_be_turned_back_on():
    assert ("en", "sr") in ApertiumEngine(skipped_modes=frozenset()).pairs()


@needs_apertium
def test_translates_english_into_spanish(engine):
    [spanish] = engine.translate(["Your country needs you."], "en", "es")
    assert "país" in spanish


@needs_apertium
def test_batch_matches_one_call_per_text(engine):
    batch = engine.translate(TRICKY, "en", "es")
    one_by_one = [engine.translate([text], "en", "es")[0] for text in TRICKY]
    assert batch == one_by_one
    assert len(batch) == len(TRICKY)


@needs_apertium
def test_batch_keeps_symbols_numbers_and_line_breaks(engine):
    out = dict(zip(TRICKY, engine.translate(TRICKY, "en", "es"), strict=True))
    assert out["Hello world."] == "Hola Mundo."
    assert out["The dog\nruns fast"].count("\n") == 1
    assert "< 90 &" in out["Blood pressure < 90 & pulse > 120"]
    assert "12.5 mg" in out["Give 12.5 mg at 08:00, then 2,000 IU."]
    assert "08:00" in out["Give 12.5 mg at 08:00, then 2,000 IU."]
    assert "\n\n" in out["Line one.\n\nLine two after a blank line."]
    assert "~ [" in out[TRICKY[2]] and "\\" in out[TRICKY[2]]


@needs_apertium
@needs_corpus
def test_medical_sentences_keep_their_places_in_one_batch(engine):
    # TICO-19 (CC0): 201 English doctor-patient and COVID-19 sentences.
    with MEDICAL_SENTENCES.open(encoding="utf-8") as rows:
        english = [row["en"] for row in csv.DictReader(rows, delimiter="\t")]

    spanish = engine.translate(english, "en", "es")

    assert len(spanish) == len(english) == 201
    assert all(spanish)
    # Numbers pass through untranslated, so they show each output is in its place.
    for source, target in zip(english, spanish, strict=True):
        assert re.findall(r"\d+", source) == re.findall(r"\d+", target)
    sample = english[::20]
    assert [engine.translate([text], "en", "es")[0] for text in sample] == spanish[::20]


@needs_apertium
def test_unknown_words_come_back_unmarked(engine):
    [text] = engine.translate(["Thexyzzy pneumothorax."], "en", "es")
    assert text == "Thexyzzy pneumothorax."


@needs_apertium
def test_unknown_words_can_be_marked():
    marked = ApertiumEngine(mark_unknown=True)
    [text] = marked.translate(["Thexyzzy is here."], "en", "es")
    assert text.startswith("*Thexyzzy")


@needs_apertium
def test_blank_texts_are_kept_without_running_apertium(engine):
    assert engine.translate([], "en", "es") == []
    assert engine.translate(["", "  "], "en", "es") == ["", "  "]
    assert engine.translate(["", "Yes.", ""], "en", "es") == ["", "Sí.", ""]


@needs_apertium
def test_serbian_cyrillic_is_read_through_latin(engine):
    [english] = engine.translate(["Доктор види пацијента у болници."], "sr", "en")
    assert "hospital" in english


@needs_apertium
def test_variant_mode_is_used_for_its_region(engine):
    [british] = engine.translate(["El color del coche."], "es", "en")
    [american] = engine.translate(["El color del coche."], "es", "en_US")
    assert "colour" in british
    assert "color " in american


@needs_apertium
@pytest.mark.parametrize(
    ("source", "target"), [("en", "zh"), ("en", "sr"), ("fr", "es")]
)
def test_unsupported_pair_is_refused(engine, source, target):
    with pytest.raises(PairNotSupported, match=f"{source} into {target}"):
        engine.translate(["Hello."], source, target)


def test_missing_program_makes_the_engine_unavailable():
    engine = ApertiumEngine(binary="/nonexistent/apertium")
    with pytest.raises(EngineUnavailable):
        engine.pairs()


def _data_dir(tmp_path, mode: str, command: str):
    (tmp_path / "modes").mkdir()
    (tmp_path / "modes" / f"{mode}.mode").write_text(command + "\n")
    return tmp_path


@needs_apertium
def test_failing_pipeline_raises_with_its_stderr(tmp_path):
    # The apertium script exits 0 here: only the missing output gives it away.
    data = _data_dir(tmp_path, "eng-spa", "lt-proc /nonexistent/eng-spa.bin")
    engine = ApertiumEngine(data_dir=data)
    with pytest.raises(TranslationError, match="Cannot open file"):
        engine.translate(["Hello."], "en", "es")


@needs_apertium
def test_timeout_stops_the_whole_pipeline(tmp_path):
    data = _data_dir(tmp_path, "eng-spa", "tail -f /dev/null")
    engine = ApertiumEngine(data_dir=data, timeout_s=0.5)
    started = time.monotonic()
    with pytest.raises(TranslationError, match="no answer"):
        engine.translate(["Hello."], "en", "es")
    assert time.monotonic() - started < 5
