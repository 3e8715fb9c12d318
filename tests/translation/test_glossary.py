"""Glossary terms: masked before the engine, restored after, checked."""

import shutil

import pytest

from courses import operations as courses
from portal.accounts.models import Role
from portal.cli import main
from portal.errors import UserError
from tests.conftest import CORPUS
from translation import operations, queries, service
from translation.apertium import ApertiumEngine
from translation.glossary import Glossary, Term, read_glossary_file
from translation.sentences import TranslatedCue, translate_cues

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None, reason="Debian's apertium is not installed"
)
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
        ],
        "en",
    )

    masked = glossary.mask("Paracetamol for a high fever, not for feverish.")
    restored, broken = Glossary.restore(masked, masked.text.replace("for", "para"))

    assert masked.text == "XQ0X for a XQ1X, not for feverish."
    assert restored == "Paracetamol para a hiperpirexia, not para feverish."
    assert broken == []


def test_a_placeholder_the_engine_lost_or_doubled_is_reported():
    glossary = Glossary([Term("aspirin"), Term("insulin")], "en")
    masked = glossary.mask("Aspirin and insulin.")

    restored, broken = Glossary.restore(masked, "XQ0X y XQ0X.")

    assert restored == "aspirin y aspirin."
    assert broken == ["aspirin", "insulin"]


def test_chinese_terms_are_found_without_word_spaces():
    masked = Glossary([Term("阿司匹林")], "zh").mask("服用阿司匹林。")
    assert masked.text == "服用XQ0X。"


@needs_apertium
def test_apertium_keeps_a_drug_name_and_uses_the_required_translation():
    glossary = Glossary([Term("Aspirin"), Term("nurse", "enfermera jefa")], "en")
    cues = [Cue(0, 2, "Give aspirin to the"), Cue(2, 4, "patient, said the nurse.")]

    result = translate_cues(cues, ApertiumEngine(), "en", "es", glossary=glossary)

    spanish = " ".join(cue.text for cue in result)
    assert "Aspirin" in spanish
    assert "enfermera jefa" in spanish
    assert [(c.start, c.end) for c in result] == [(0, 2), (2, 4)]


def test_a_term_the_engine_broke_is_reported(app, install_pack):
    install_pack("en", "fr")
    glossary = Glossary([Term("ventilator")], "en")
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
        "zh-Hans",
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
