"""The translation memory: TMX import and exact and fuzzy lookup."""

import io
import re
import threading

import pytest
from rapidfuzz import fuzz, process
from sqlalchemy import event, func, select

from portal.cli import main
from portal.errors import UserError
from portal.extensions import db
from tests.conftest import CORPUS
from tests.translation.engines import EchoEngine
from tests.translation.test_subtitle_sentences import Cue
from translation import operations
from translation.memory import (
    MemoryEngine,
    TranslationMemory,
    fold,
    read_tmx,
    store_segments,
)
from translation.models import TranslationUnit
from translation.sentences import (
    MACHINE_TRANSLATION,
    TRANSLATION_MEMORY,
    translate_cues,
)

TICO_TMX = CORPUS / "translation/tico19/all.en-zh.tmx"


def _tmx(*units: tuple[str, str], header: str = "") -> bytes:
    body = "".join(
        f'<tu><tuv xml:lang="en"><seg>{en}</seg></tuv>'
        f'<tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv></tu>'
        for en, zh in units
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{header}<tmx version="1.4">'
        f'<header srclang="en"/><body>{body}</body></tmx>'
    ).encode()


def _import(data: bytes, target: str = "zh") -> tuple[int, int]:
    return operations.import_memory(io.BytesIO(data), "en", target, "test.tmx")


def _import_segments(segments) -> None:
    store_segments(segments, "en", "zh", "test.tmx")
    db.session.commit()


def _count() -> int:
    return db.session.scalar(select(func.count(TranslationUnit.id)))


def test_tico19_tmx_imports_every_segment(app):
    result = app.test_cli_runner().invoke(
        main, ["tm", "import", str(TICO_TMX), "--target", "zh"]
    )

    assert result.exit_code == 0, result.output
    assert "Imported 3071 segments (en -> zh), 3070 distinct" in result.output
    assert _count() == 3070
    memory = TranslationMemory("en", "zh")
    [match] = memory.lookup(["About how long have these symptoms been going on?"])
    assert match.target == "这些症状已持续多长时间？"
    assert match.score == 100


def test_inline_codes_are_left_out_and_languages_matched_by_prefix():
    data = _tmx(("Give <ph>&lt;b&gt;</ph>5 mg<hi> now</hi>.", "立即服用5毫克。"))

    [segment] = read_tmx(io.BytesIO(data), "en", "zh")

    assert segment.source == "Give 5 mg now."
    assert segment.target == "立即服用5毫克。"


def test_exact_match_ignores_case_and_spacing(app):
    _import(_tmx(("The patient has a fever.", "病人发烧了。")))

    [match] = TranslationMemory("en", "zh").lookup(["the  PATIENT has a fever."])

    assert match.target == "病人发烧了。"


def test_fuzzy_match_above_the_threshold_only(app):
    _import(_tmx(("The patient has a high fever today.", "病人今天发高烧。")))
    memory = TranslationMemory("en", "zh", threshold=90)

    close, far = memory.lookup(
        ["The patient has a high fever today!", "The doctor sees a patient."]
    )

    assert close.target == "病人今天发高烧。" and 90 <= close.score < 100
    assert far is None


def test_fuzzy_match_never_changes_a_number(app):
    _import(_tmx(("Give the patient 5 mg of morphine.", "给病人5毫克吗啡。")))

    [match] = TranslationMemory("en", "zh", threshold=80).lookup(
        ["Give the patient 50 mg of morphine."]
    )

    assert match is None


def _best_by_brute_force(key: str, segments: dict[str, str], threshold: float):
    found = process.extractOne(
        key, list(segments), scorer=fuzz.ratio, score_cutoff=threshold
    )
    if found is None or re.findall(r"\d+(?:[.,]\d+)*", found[0]) != re.findall(
        r"\d+(?:[.,]\d+)*", key
    ):
        return None
    return segments[found[0]], round(found[1], 3)


@pytest.mark.parametrize("threshold", [80, 90, 95])
def test_fuzzy_lookup_finds_what_scoring_every_segment_finds(app, threshold):
    with TICO_TMX.open("rb") as stream:
        segments = list(read_tmx(stream, "en", "zh"))
    held_in, held_out = segments[:2500], segments[2500:2800]
    _import_segments(held_in)
    # Edited copies of stored sentences, so that many lookups hit fuzzily.
    edited = [s.source.replace("e", "a", 2).replace("th", "t") for s in held_in[:300]]
    sentences = edited + [segment.source for segment in held_out]
    stored = {fold(s.source): s.target for s in held_in}

    matches = TranslationMemory("en", "zh", threshold).lookup(sentences)

    found = [(m.target, round(m.score, 3)) if m else None for m in matches]
    expected = [
        (stored[fold(s)], 100.0) if fold(s) in stored else
        _best_by_brute_force(fold(s), stored, threshold)
        for s in sentences
    ]  # fmt: skip
    assert found == expected
    assert sum(1 for m in matches if m and m.score < 100) > 100


def test_reimport_replaces_the_translation_instead_of_adding(app):
    _import(_tmx(("Wash your hands.", "洗手。")))
    _import(_tmx(("Wash your hands.", "请洗手。")))

    assert _count() == 1
    [match] = TranslationMemory("en", "zh").lookup(["Wash your hands."])
    assert match.target == "请洗手。"


def test_an_import_merges_with_one_committed_while_it_ran(app):
    main_thread = threading.get_ident()
    other = _tmx(("Wash your hands.", "洗手。"), ("Sit down.", "请坐。"))
    errors = []

    def import_elsewhere():
        with app.app_context():
            try:
                _import(other)
            except Exception as error:  # noqa: BLE001 - reported by the assertion
                errors.append(error)

    def before_writing(_connection, _cursor, statement, *_args):
        # The other import commits between this one's reads and its writes.
        is_first_write = "INSERT" in statement and not started
        if is_first_write and threading.get_ident() == main_thread:
            started.append(threading.Thread(target=import_elsewhere))
            started[0].start()
            started[0].join()

    started = []
    event.listen(db.engine, "before_cursor_execute", before_writing)
    try:
        _import(_tmx(("Wash your hands.", "请洗手。"), ("Good night.", "晚安。")))
    finally:
        event.remove(db.engine, "before_cursor_execute", before_writing)

    assert errors == []
    assert _count() == 3
    [match] = TranslationMemory("en", "zh").lookup(["Wash your hands."])
    assert match.target == "请洗手。"


def test_memory_engine_keeps_what_it_does_not_know(app):
    _import(_tmx(("Wash your hands.", "请洗手。")))

    engine = MemoryEngine()

    assert ("en", "zh") in engine.pairs()
    assert engine.translate(["Wash your hands.", "Sit down."], "en", "zh") == [
        "请洗手。",
        "Sit down.",
    ]


def test_sentences_the_memory_lacks_keep_each_cue_its_own_words(app):
    _import(_tmx(("Wash your hands.", "请洗手。")))
    cues = [
        Cue(0.0, 2.1, "And so my fellow Americans, (edited)"),
        Cue(2.8, 7.3, "ask not what your country can do for you,"),
        Cue(7.7, 10.4, "ask what you can do for your country."),
        Cue(11.0, 12.0, "Wash your hands."),
    ]

    result = translate_cues(
        cues, MemoryEngine(), "en", "zh", memory=TranslationMemory("en", "zh")
    )

    assert [cue.text for cue in result] == [
        "And so my fellow Americans, (edited)",
        "ask not what your country can do for you,",
        "ask what you can do for your country.",
        "请洗手。",
    ]
    assert [cue.provenance for cue in result] == ["asr"] * 3 + [TRANSLATION_MEMORY]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<tmx><body><tu><tuv>", "not well-formed"),
        (b"\xff\xfe garbage", "not well-formed"),
        (b"<html><body>hello</body></html>", "not TMX"),
        (
            _tmx(
                ("&lol;", "x"),
                header='<!DOCTYPE tmx [<!ENTITY lol "lollollollollollol">]>',
            ),
            "entities",
        ),
    ],
)
def test_broken_tmx_is_refused_and_stores_nothing(app, data, message):
    with pytest.raises(UserError, match=message) as raised:
        _import(data)

    assert "not a TMX translation memory" in raised.value.message
    assert _count() == 0


def test_tmx_without_the_pair_is_refused(app):
    with pytest.raises(UserError, match="no segments"):
        _import(_tmx(("Hello.", "你好。")), target="ar")


@pytest.mark.parametrize(
    ("source", "target"), [("zh", "zh"), ("zh-CN", "zh"), ("en", "en-US")]
)
def test_a_pair_into_its_own_language_is_refused(app, source, target):
    result = app.test_cli_runner().invoke(
        main,
        ["tm", "import", str(TICO_TMX), "--source", source, "--target", target],
    )

    assert result.exit_code != 0
    assert "The source and target languages are both" in result.output
    assert _count() == 0


def test_fold_normalises_width_case_and_spaces():
    assert fold("  ＡＢＣ\u00a0 Def ") == "abc def"


# Unpunctuated doctor-patient speech from TICO-19: merged into one "sentence"
# that the memory does not hold, though it holds every cue's words.
UNPUNCTUATED_CUES = [
    Cue(0.0, 2.0, "and along with a fever"),
    Cue(2.0, 5.5, "and also needs to be checked your cholesterol blood pressure"),
    Cue(5.5, 8.0, "And I have a little cold and cough"),
]


class CountingMemory(TranslationMemory):
    """The memory, keeping each batch of texts it is asked to look up."""

    def __init__(self, source: str, target: str) -> None:
        super().__init__(source, target)
        self.batches: list[list[str]] = []

    def lookup(self, sentences):
        self.batches.append(list(sentences))
        return super().lookup(sentences)


@pytest.fixture
def tico_memory(app):
    """Import the TICO-19 memory, as `academy tm import` does."""
    with TICO_TMX.open("rb") as tmx:
        operations.import_memory(tmx, "en", "zh", TICO_TMX.name)
    return CountingMemory("en", "zh")


def test_unpunctuated_cues_take_the_memory_translation_of_each_cue(tico_memory):
    engine = EchoEngine()

    result = translate_cues(UNPUNCTUATED_CUES, engine, "en", "zh", memory=tico_memory)

    assert [cue.text for cue in result] == [
        "并伴有发热症状",
        "还需要检查一下胆固醇和血压",
        "我有点感冒而且咳嗽",
    ]
    assert {cue.provenance for cue in result} == {TRANSLATION_MEMORY}
    assert [(cue.start, cue.end) for cue in result] == [
        (cue.start, cue.end) for cue in UNPUNCTUATED_CUES
    ]
    assert engine.batches == []
    assert len(tico_memory.batches) == 1


def test_one_unknown_cue_sends_the_whole_sentence_to_the_engine(tico_memory):
    engine = EchoEngine()
    cues = [*UNPUNCTUATED_CUES, Cue(8.0, 9.0, "and my left knee hurts")]

    result = translate_cues(cues, engine, "en", "zh", memory=tico_memory)

    assert engine.batches == [[" ".join(cue.text for cue in cues)]]
    assert {cue.provenance for cue in result} == {MACHINE_TRANSLATION}
    assert len(tico_memory.batches) == 1
