"""Glossary terms: masked before the engine, restored after, checked."""

import csv
import threading
from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import event, func, select

from courses import operations as courses
from portal.accounts.models import Role
from portal.cli import main
from portal.errors import UserError
from portal.extensions import db
from tests.conftest import CORPUS
from tests.translation.engines import needs_apertium
from translation import operations, queries, service
from translation.apertium import ApertiumEngine
from translation.glossary import (
    Glossary,
    Term,
    is_case_sensitive,
    read_glossary_file,
)
from translation.models import GlossaryTerm
from translation.sentences import TranslatedCue, translate_cues

TERMS = CORPUS / "translation/tico19/terminology"


class Cue:
    def __init__(self, start, end, text):
        self.start, self.end, self.text = start, end, text


def test_terms_are_masked_longest_first_and_restored():
    glossary = Glossary(
        [
            Term("Paracetamol"),
            Term("fever", "fiebre"),
            Term("high fever", "hiperpirexia"),
        ]
    )

    masked = glossary.mask("Paracetamol for a high fever, not for feverish.")
    restored, broken = Glossary.restore(masked, masked.text.replace("for", "para"))

    assert masked.text == "XQ0X for a XQ1X, not for feverish."
    assert restored == "Paracetamol para a hiperpirexia, not para feverish."
    assert broken == []


def test_a_placeholder_the_engine_lost_or_doubled_is_reported():
    glossary = Glossary([Term("aspirin"), Term("insulin")])
    masked = glossary.mask("Aspirin and insulin.")

    restored, broken = Glossary.restore(masked, "XQ0X y XQ0X.")

    assert restored == "Aspirin y Aspirin."  # as the sentence wrote it
    assert broken == ["aspirin", "insulin"]


def test_chinese_terms_are_found_without_word_spaces():
    masked = Glossary([Term("阿司匹林")]).mask("服用阿司匹林。")
    assert masked.text == "服用XQ0X。"


@needs_apertium
def test_apertium_keeps_a_drug_name_and_uses_the_required_translation():
    glossary = Glossary([Term("Aspirin"), Term("nurse", "enfermera jefa")])
    cues = [Cue(0, 2, "Give aspirin to the"), Cue(2, 4, "patient, said the nurse.")]

    result = translate_cues(cues, ApertiumEngine(), "en", "es", glossary=glossary)

    spanish = " ".join(cue.text for cue in result)
    assert "aspirin" in spanish  # kept as the sentence wrote it
    assert "enfermera jefa" in spanish
    assert [(c.start, c.end) for c in result] == [(0, 2), (2, 4)]


def test_a_term_the_engine_broke_is_reported(app, install_pack):
    install_pack("en", "fr")
    glossary = Glossary([Term("ventilator")])
    broken = []

    result = translate_cues(
        [Cue(0, 1, "Check the ventilator.")],
        service.argos_engine(),
        "en",
        "fr",
        glossary=glossary,
        broken=broken,
    )

    # The tiny model writes its phrase whatever it reads: the term is lost.
    assert result == [TranslatedCue(0, 1, "bonjour le monde")]
    assert [problem.term for problem in broken] == ["ventilator"]


def test_tico19_term_lists_import(app):
    result = app.test_cli_runner().invoke(
        main, ["glossary", "import", str(TERMS / "f_en-es_XX.csv")]
    )

    assert result.exit_code == 0, result.output
    glossary = queries.glossary_for(None, "en", "es")
    assert glossary.terms["acute bronchitis"].translation == "Bronquitis aguda"
    assert queries.glossary_for(None, "en", "zh") is None


def test_course_terms_override_the_organisation(app, make_user):
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="ICU", spoken_language="en", target_languages=["es"]
    )
    operations.add_glossary_term(None, "en", "ventilator", "respirador", "es")
    operations.add_glossary_term(None, "en", "Ambu bag")
    operations.add_glossary_term(course.id, "en", "ventilator", "ventilador", "es")

    course_terms = queries.glossary_for(course.id, "en", "es").terms
    organisation_terms = queries.glossary_for(None, "en", "es").terms

    assert course_terms["ventilator"].translation == "ventilador"
    assert course_terms["ambu bag"].translation is None
    assert organisation_terms["ventilator"].translation == "respirador"


def test_synonyms_give_their_first_alternative():
    text = "sourceLang,targetLang,sourceString,targetString\n"
    text += "en,zh-CN,contagious,可传染 : 有传染性\n"

    [row] = read_glossary_file(text)

    assert (row.term, row.translation, row.target_language) == (
        "contagious",
        "可传染",
        "zh",
    )


def test_plain_two_column_files_and_kept_terms():
    rows = read_glossary_file("Paracetamol\t\nfever\tfiebre\n")
    assert [(r.term, r.translation) for r in rows] == [
        ("Paracetamol", None),
        ("fever", "fiebre"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "holds no terms"), ("term,translation\nfever,fiebre\n", "source language")],
)
def test_unusable_glossary_files_are_refused(app, text, message):
    with pytest.raises(UserError, match=message):
        operations.import_glossary(text, None)


def test_a_glossary_into_its_own_language_is_refused(app, tmp_path):
    terms = tmp_path / "t.tsv"
    terms.write_text("fever\tfiebre\n", encoding="utf-8")

    result = app.test_cli_runner().invoke(
        main, ["glossary", "import", str(terms), "--source", "en", "--target", "en"]
    )

    assert result.exit_code != 0
    assert "both en" in result.output
    assert queries.glossary_for(None, "en", "en") is None
    with pytest.raises(UserError, match="both en"):
        operations.add_glossary_term(None, "en-GB", "fever", "fever", "en-GB")


def test_a_course_that_does_not_exist_is_refused(app, tmp_path):
    terms = tmp_path / "t.tsv"
    terms.write_text("fever\tfiebre\n", encoding="utf-8")

    result = app.test_cli_runner().invoke(
        main,
        ["glossary", "import", str(terms), "--course", "999"]
        + ["--source", "en", "--target", "es"],
    )

    assert result.exit_code != 0
    assert "no course with id 999" in result.output
    assert queries.glossary_for(None, "en", "es") is None
    with pytest.raises(UserError, match="no course"):
        operations.add_glossary_term(999, "en", "fever", "fiebre", "es")


def test_a_header_of_language_codes_gives_the_source_and_target_columns():
    text = "tuid\tsource_note\ten\tzh-CN\tes-419\n"
    text += "PubMed_7:201\thttps://example.org\tfever\t发烧\tfiebre\n"

    [row] = read_glossary_file(text, "en", "es")

    assert (row.term, row.translation) == ("fever", "fiebre")
    assert (row.source_language, row.target_language) == ("en", "es")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("tuid\tsource_note\ten\tzh\nx\thttps://example.org\tfever\t发烧\n", "ar"),
        ("tuid\tsource_note\ten\tzh\nx\thttps://example.org\tfever\t发烧\n", None),
        ("id\ttargetLang\ttargetString\n1\tes\tfiebre\n", "es"),
    ],
)
def test_a_header_without_term_columns_is_refused(app, text, target):
    with pytest.raises(UserError, match="no column of terms"):
        operations.import_glossary(text, None, "en", target)

    assert queries.glossary_for(None, "en", "es") is None


def test_the_tico19_sentence_table_imports_no_urls_as_terms(app):
    path = CORPUS / "translation/tico19/medical_sentences_en_zh_fr_ru_es_ar.tsv"

    result = app.test_cli_runner().invoke(
        main, ["glossary", "import", str(path), "--source", "en", "--target", "zh"]
    )

    # Its columns are read by language; some sentences are too long for terms.
    assert result.exit_code != 0
    assert "at most 200 characters" in result.output
    assert queries.glossary_for(None, "en", "zh") is None


def _rows() -> int:
    return db.session.scalar(select(func.count(GlossaryTerm.id)))


def test_a_term_added_twice_at_once_is_stored_once(app):
    main_thread = threading.get_ident()
    errors = []

    def add_elsewhere():
        with app.app_context():
            try:
                operations.add_glossary_term(None, "en", "Heparin", "heparina", "es")
            except Exception as error:  # noqa: BLE001 - reported by the assertion
                errors.append(error)

    def before_writing(_connection, _cursor, statement, *_args):
        # The other request commits between this one's reads and its writes.
        is_first_write = "INSERT INTO glossary_term" in statement and not started
        if is_first_write and threading.get_ident() == main_thread:
            started.append(threading.Thread(target=add_elsewhere))
            started[0].start()
            started[0].join()

    started = []
    event.listen(db.engine, "before_cursor_execute", before_writing)
    try:
        row = operations.add_glossary_term(None, "en", "heparin", "heparina", "es")
    finally:
        event.remove(db.engine, "before_cursor_execute", before_writing)

    assert errors == []
    assert started and _rows() == 1
    assert row.translation == "heparina"


def test_the_migration_keeps_the_newest_of_twin_terms(app):
    downgrade(revision="2cbbdfb2bdf4")
    for term, translation in [("Fever", "fiebre"), ("fever", "la fiebre")]:
        db.session.execute(
            GlossaryTerm.__table__.insert().values(
                source_language="en", target_language="es", term=term,
                translation=translation, created_at=datetime(2026, 1, 1),
            )
        )  # fmt: skip
    db.session.commit()

    upgrade()

    assert _rows() == 1
    assert queries.glossary_for(None, "en", "es").terms["fever"].translation == (
        "la fiebre"
    )


def _sentence(tuid: str, column: str = "en") -> str:
    path = CORPUS / "translation/tico19/medical_sentences_en_zh_fr_ru_es_ar.tsv"
    with path.open(encoding="utf-8") as rows:
        return next(
            row[column] for row in csv.DictReader(rows, delimiter="\t")
            if row["tuid"] == tuid
        )  # fmt: skip


def _tico_terms(name: str) -> list[Term]:
    text = (TERMS / name).read_text(encoding="utf-8-sig")
    return [Term(row.term, row.translation) for row in read_glossary_file(text)]


@pytest.mark.parametrize(
    ("term", "sensitive"),
    [("WHO", True), ("COVID-19", True), ("SARS-CoV-2", True), ("mRNA", True),
     ("H1N1", True), ("fever", False), ("Wuhan", False),
     ("Anti-Corona virus spray", False), ("vitamin C", False)],
)  # fmt: skip
def test_acronyms_and_inner_capitals_make_a_term_case_sensitive(term, sensitive):
    assert is_case_sensitive(term) is sensitive


def test_tico19_acronyms_do_not_mask_common_words():
    glossary = Glossary(_tico_terms("g_en_zh-CN.csv"))
    sentence = _sentence("PubMed_6:144")  # "... patients with COVID-19 who will ..."

    masked = glossary.mask(sentence)

    assert " who will require" in masked.text
    assert "COVID-19" not in masked.text
    assert [term.term for term in masked.terms] == ["COVID-19"]
    declared = glossary.mask(_sentence("PubMed_6:155"))
    assert [term.term for term in declared.terms] == [
        "World Health Organization",
        "WHO",
        "COVID-19",
        "pandemic",
    ]


def test_ordinary_terms_ignore_case_and_acronyms_also_match_in_capitals():
    glossary = Glossary(_tico_terms("f_en-es_XX.csv"))

    masked = glossary.mask("AIDS patients and Acute Bronchitis; it aids SARS-COV-2")

    assert [term.term for term in masked.terms] == [
        "AIDS",
        "acute bronchitis",
        "SARS-CoV-2",
    ]
    assert " aids " in masked.text


def test_terms_in_chinese_text_respect_latin_word_edges():
    acronyms = [t for t in _tico_terms("g_en_zh-CN.csv") if is_case_sensitive(t.term)]
    glossary = Glossary([*acronyms, Term("冠状病毒")])
    sentence = _sentence("PubMed_6:160", "zh")  # "... (ECDC) ... 以及 WHO。"

    masked = glossary.mask(sentence)

    assert "(ECDC)" in masked.text  # CDC is a term, ECDC is not
    assert [term.term for term in masked.terms] == ["COVID-19", "WHO"]
    joined = glossary.mask("由CoV引起的冠状病毒疾病，做CT检查")
    assert joined.text == "由CoV引起的XQ0X疾病，做CT检查"
    assert Glossary([Term("CT")]).mask("做CT检查 ACTH").text == "做XQ0X检查 ACTH"


def test_a_required_translation_takes_the_case_the_sentence_gave_the_term():
    glossary = Glossary([Term("acute bronchitis", "Bronquitis aguda"), Term("CT")])

    def restored(sentence: str, translation: str) -> str:
        return Glossary.restore(glossary.mask(sentence), translation)[0]

    assert restored("Acute bronchitis is common.", "XQ0X Es común.") == (
        "Bronquitis aguda es común."  # Apertium took the placeholder for no word
    )
    assert restored("CT Scanner Room.", "XQ0X Sala.") == "CT Sala."
    assert restored("People with acute bronchitis.", "Personas con XQ0X.") == (
        "Personas con bronquitis aguda."
    )
    assert restored("A CT scan.", "Un escáner XQ0X.") == "Un escáner CT."
