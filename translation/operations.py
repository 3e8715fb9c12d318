"""Changes: install packs, import memory and glossaries, choose engines."""

import csv
import logging
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from courses.models import Course
from portal.errors import UserError
from portal.extensions import db
from portal.routing import MAX_ID
from translation import service
from translation.argos import LanguagePack, PackRejected
from translation.engines import EngineUnavailable
from translation.glossary import (
    MAX_TERM_LENGTH,
    GlossaryFileError,
    ImportedTerm,
    entry_key,
    read_glossary_file,
)
from translation.languages import normalise, without_region
from translation.memory import TmxError, read_tmx, store_segments
from translation.models import EnginePreference, GlossaryTerm

logger = logging.getLogger(__name__)


def _settings():
    return current_app.config["SETTINGS"]


def _language(code: str) -> str:
    try:
        return normalise(code)
    except ValueError:
        raise UserError(_("%(code)s is not a language code.", code=code)) from None


def _pair(source: str, target: str) -> tuple[str, str]:
    """Return the normalised pair, refusing one that translates into itself."""
    source, target = _language(source), _language(target)
    # en → en-GB is no translation either; zh → zh-Hant (another script) is.
    if without_region(source) == without_region(target):
        raise UserError(
            _(
                "The source and target languages are both %(code)s: choose two "
                "different languages.",
                code=source,
            )
        )
    return source, target


def check_course(course_id: int | None) -> None:
    """Refuse a course id that names no course; None is the organisation."""
    if course_id is not None and (
        not 0 < course_id <= MAX_ID or db.session.get(Course, course_id) is None
    ):
        raise UserError(_("There is no course with id %(id)s.", id=course_id))


def install_language_pack(file: Path, who: str = "command line") -> LanguagePack:
    """Install a `.argosmodel` file; a file that is not a pack changes nothing."""
    limit = _settings().max_pack_bytes
    if file.stat().st_size > limit:
        raise UserError(_("The language pack is larger than the size limit."))
    try:
        pack = service.argos_engine().install(file, limit * 4)
    except EngineUnavailable:
        raise UserError(
            _("Language packs need argostranslate, which this server lacks.")
        ) from None
    except PackRejected as error:
        logger.info("Language pack refused (%s): %s", who, error)
        raise UserError(
            _(
                "This file is not a language pack the portal can install: %(why)s.",
                why=str(error),
            )
        ) from None
    logger.info("Language pack %s installed by %s", pack.path.name, who)
    return pack


def import_memory(
    stream: BinaryIO, source: str, target: str, origin: str, who: str = "command line"
) -> tuple[int, int]:
    """Add a TMX file's segments for one pair to the memory, all or nothing.

    Returns how many segments the file held and how many distinct source
    texts the memory now has from it.
    """
    source, target = _pair(source, target)
    try:
        segments = list(read_tmx(stream, source, target))
    except TmxError as error:
        raise UserError(
            _("This file is not a TMX translation memory: %(why)s.", why=str(error))
        ) from None
    if not segments:
        raise UserError(
            _(
                "The file holds no segments from %(src)s into %(dst)s.",
                src=source,
                dst=target,
            )
        )
    stored = store_segments(segments, source, target, origin)
    db.session.commit()
    # A source text met twice keeps its last translation: stored <= len(segments).
    logger.info(
        "%s imported %s memory segments %s-%s from %s",
        who,
        stored,
        source,
        target,
        origin,
    )
    return len(segments), stored


def set_engine_preference(
    source: str, target: str, engine: str | None, who: str = "command line"
) -> None:
    """Prefer an engine for a pair, or return to the default order when None."""
    source, target = _language(source), _language(target)
    if engine is not None and engine not in service.registry().names():
        raise UserError(_("There is no engine named %(name)s.", name=engine))
    covering = service.registry().pairs().get((source, target), [])
    if engine is not None and engine not in covering:
        raise UserError(
            _("%(name)s does not translate %(src)s to %(dst)s here.",
              name=engine, src=source, dst=target)
        )  # fmt: skip
    row = db.session.scalar(
        select(EnginePreference).filter_by(
            source_language=source, target_language=target
        )
    )
    if engine is None:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(
            EnginePreference(
                source_language=source, target_language=target, engine=engine
            )
        )
    else:
        row.engine = engine
    db.session.commit()
    logger.info(
        "Engine for %s-%s set to %s by %s", source, target, engine or "default", who
    )


def _check_term(term: str, translation: str | None) -> None:
    if not term.strip():
        raise UserError(_("A glossary entry needs a term."))
    if len(term) > MAX_TERM_LENGTH or len(translation or "") > MAX_TERM_LENGTH:
        raise UserError(
            _("Glossary terms are at most %(n)s characters long.", n=MAX_TERM_LENGTH)
        )


def _put_term(course_id, source, target, term, translation) -> GlossaryTerm:
    _check_term(term, translation)
    if translation is not None and target is None:
        raise UserError(_("A required translation needs a target language."))
    if target is not None:
        _pair(source, target)
    key = entry_key(course_id, source, target, term.strip())
    row = db.session.scalar(select(GlossaryTerm).filter_by(entry_key=key))
    if row is None:
        row = GlossaryTerm(
            course_id=course_id,
            source_language=source,
            target_language=target,
            term=term.strip(),
            entry_key=key,
        )
        db.session.add(row)
    row.translation = translation.strip() if translation else None
    return row


def _commit_once(write):
    """Run write and commit; if another request added the same terms, update them.

    The second run finds the rows the other request committed, so the same
    term added twice at once leaves one row and never an error.
    """
    try:
        result = write()
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        result = write()
        db.session.commit()
    return result


def add_glossary_term(
    course_id: int | None,
    source: str,
    term: str,
    translation: str | None = None,
    target: str | None = None,
    who: str = "command line",
) -> GlossaryTerm:
    """Add a term kept as written, or with a required translation into target."""
    check_course(course_id)
    source = _language(source)
    target = _language(target) if target else None
    row = _commit_once(
        lambda: _put_term(course_id, source, target, term, translation or None)
    )
    logger.info("Glossary term %r added by %s (course %s)", term, who, course_id)
    return row


def delete_glossary_term(row: GlossaryTerm, who: str = "command line") -> None:
    """Remove a glossary term."""
    db.session.delete(row)
    db.session.commit()
    logger.info(
        "Glossary term %r deleted by %s (course %s)", row.term, who, row.course_id
    )


def import_glossary(
    text: str,
    course_id: int | None,
    source: str | None = None,
    target: str | None = None,
    who: str = "command line",
) -> int:
    """Add every term of a CSV/TSV glossary file, all or nothing; return the count."""
    check_course(course_id)
    if source and target:
        _pair(source, target)
    try:
        rows = read_glossary_file(text, source, target)
    except (csv.Error, GlossaryFileError, ValueError) as error:
        raise UserError(
            _("The glossary file cannot be read: %(why)s.", why=str(error))
        ) from None
    if not rows:
        raise UserError(_("The glossary file holds no terms."))
    try:
        _commit_once(lambda: _import_rows(rows, course_id, source, target))
    except UserError:
        db.session.rollback()
        raise
    logger.info("%s imported %s glossary terms (course %s)", who, len(rows), course_id)
    return len(rows)


def _import_rows(rows: list[ImportedTerm], course_id, source, target) -> None:
    for row in rows:
        _import_row(row, course_id, source, target)


def _import_row(row: ImportedTerm, course_id, source, target) -> None:
    row_source = row.source_language or source
    if not row_source:
        raise UserError(_("The glossary file does not say its source language."))
    row_target = row.target_language or target
    _put_term(
        course_id,
        _language(row_source),
        _language(row_target) if row_target and row.translation else None,
        row.term,
        row.translation,
    )
