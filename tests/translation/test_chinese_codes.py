"""Chinese has one code per script everywhere: zh (Simplified) and zh-Hant."""

import io
from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from courses import operations as courses
from portal.accounts.models import Role
from portal.cli import main
from portal.extensions import db
from tests.conftest import CORPUS
from translation import operations, queries, service
from translation.memory import TranslationMemory, read_tmx
from translation.models import EnginePreference, GlossaryTerm, TranslationUnit

TICO = CORPUS / "translation/tico19"
SYMPTOMS = "About how long have these symptoms been going on?"


@pytest.mark.parametrize("target", ["zh", "zh-Hans", "zh-CN", "zh_SG", "cmn"])
def test_a_memory_imported_under_any_simplified_code_serves_zh(app, target):
    result = app.test_cli_runner().invoke(
        main, ["tm", "import", str(TICO / "all.en-zh.tmx"), "--target", target]
    )

    assert result.exit_code == 0, result.output
    assert "(en -> zh)" in result.output
    [match] = TranslationMemory("en", "zh").lookup([SYMPTOMS])
    assert match.target == "这些症状已持续多长时间？"
    assert ("en", "zh") in service.registry().pairs()


def test_traditional_segments_never_fill_the_simplified_memory():
    tmx = (
        b'<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>Fever.</seg></tuv>'
        b'<tuv xml:lang="zh-TW"><seg>\xe7\x99\xbc\xe7\x87\x92\xe3\x80\x82</seg></tuv>'
        b"</tu></body></tmx>"
    )

    assert list(read_tmx(io.BytesIO(tmx), "en", "zh")) == []
    [segment] = read_tmx(io.BytesIO(tmx), "en", "zh-Hant")
    assert segment.target == "發燒。"


def test_tico19_chinese_terms_serve_zh_tracks_and_not_traditional_ones(app):
    for name in ("f_en-zh_CN.csv", "g_en_zh-CN.csv"):
        operations.import_glossary(
            (TICO / "terminology" / name).read_text(encoding="utf-8-sig"), None
        )

    targets = set(db.session.scalars(select(GlossaryTerm.target_language)))
    assert targets == {"zh"}
    glossary = queries.glossary_for(None, "en", "zh-Hans")
    assert glossary.terms["acute bronchitis"].translation == "急性支气管炎"
    assert queries.glossary_for(None, "en", "zh-Hant") is None


def test_a_term_typed_with_another_code_serves_the_course_track(app, make_user):
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="ICU", spoken_language="en", target_languages=["zh"]
    )

    operations.add_glossary_term(course.id, "en", "ventilator", "呼吸机", "zh-Hans")

    assert db.session.scalar(select(GlossaryTerm.target_language)) == "zh"
    glossary = queries.glossary_for(course.id, "en", course.target_languages[0])
    assert glossary.terms["ventilator"].translation == "呼吸机"


def _old_rows() -> None:
    """Rows as the code before this migration stored them."""
    early, late = datetime(2026, 1, 1), datetime(2026, 6, 1)
    for target, text, created_at in [
        ("zh", "旧的", early),
        ("zh-Hans", "新的", late),
        ("zh-Hans", "只在简体", early),
        ("zh-Hant", "繁體", early),
    ]:
        source_hash = "a" * 40 if text != "只在简体" else "b" * 40
        db.session.execute(
            TranslationUnit.__table__.insert().values(
                source_language="en", target_language=target, source_text="x",
                target_text=text, source_key="x", source_hash=source_hash,
                source_length=1, origin="t.tmx", created_at=created_at,
            )
        )  # fmt: skip
    db.session.execute(
        GlossaryTerm.__table__.insert().values(
            source_language="en", target_language="zh-Hans", term="fever",
            translation="发烧", created_at=early,
        )
    )  # fmt: skip
    db.session.execute(
        EnginePreference.__table__.insert().values(
            source_language="en", target_language="zh-Hans",
            engine="translation-memory", updated_at=early,
        )
    )  # fmt: skip
    db.session.commit()


def test_the_migration_moves_old_codes_and_keeps_the_newer_twin(app):
    downgrade(revision="413e7b9b977b")
    _old_rows()

    upgrade()

    units = {
        (unit.target_language, unit.target_text)
        for unit in db.session.scalars(select(TranslationUnit))
    }
    assert units == {("zh", "新的"), ("zh", "只在简体"), ("zh-Hant", "繁體")}
    assert db.session.scalar(select(GlossaryTerm.target_language)) == "zh"
    assert queries.preferred_engine("en", "zh", ["translation-memory"]) == (
        "translation-memory"
    )
