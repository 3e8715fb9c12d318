"""Reads of engine preferences, the memory and glossaries."""

import re

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, or_, select

from portal.extensions import db
from translation.glossary import Glossary, Term, term_key
from translation.languages import normalise, without_region
from translation.models import EnginePreference, GlossaryTerm

TERMS_PER_PAGE = 50


def preferred_engine(source: str, target: str, known: list[str]) -> str | None:
    """Return the engine an admin chose for a pair, if it is still installed."""
    query = select(EnginePreference.engine).filter_by(
        source_language=normalise(source), target_language=normalise(target)
    )
    name = db.session.scalar(query)
    return name if name in known else None


def preferences() -> dict[tuple[str, str], str]:
    """Map each pair an admin chose an engine for to that engine."""
    rows = db.session.scalars(select(EnginePreference))
    return {(p.source_language, p.target_language): p.engine for p in rows}


def _terms_of(course_id: int | None) -> Select:
    return (
        select(GlossaryTerm)
        .where(
            GlossaryTerm.course_id.is_(None)
            if course_id is None
            else GlossaryTerm.course_id == course_id
        )
        .order_by(GlossaryTerm.term, GlossaryTerm.id)
    )


def glossary_terms(course_id: int | None) -> list[GlossaryTerm]:
    """Return the terms of a course, or the organisation's when course_id is None."""
    return list(db.session.scalars(_terms_of(course_id)))


def glossary_page(
    course_id: int | None, search: str, page: int, per_page: int = TERMS_PER_PAGE
) -> Pagination:
    """Return one page of a glossary's terms whose term or translation has `search`."""
    query = _terms_of(course_id)
    if search:
        pattern = "%" + re.sub(r"([\\%_])", r"\\\1", search) + "%"
        query = query.where(
            or_(
                GlossaryTerm.term.ilike(pattern, escape="\\"),
                GlossaryTerm.translation.ilike(pattern, escape="\\"),
            )
        )
    found = db.paginate(query, page=page, per_page=per_page, error_out=False)
    if found.page > found.pages > 0:
        # A page past the end (terms deleted meanwhile) shows the last one.
        return db.paginate(query, page=found.pages, per_page=per_page)
    return found


def _applies(term: GlossaryTerm, source: str, target: str) -> bool:
    """Tell whether a term serves a pair, both given without their regions."""
    if without_region(term.source_language) != source:
        return False
    return (
        term.target_language is None or without_region(term.target_language) == target
    )


def glossary_for(course_id: int | None, source: str, target: str) -> Glossary | None:
    """Return the organisation's terms with the course's on top, for one pair."""
    scope = GlossaryTerm.course_id.is_(None)
    if course_id is not None:
        scope = or_(scope, GlossaryTerm.course_id == course_id)
    # Organisation terms first, so a course's entry for the same term replaces it.
    query = (
        select(GlossaryTerm)
        .where(scope)
        .order_by(GlossaryTerm.course_id.is_not(None), GlossaryTerm.id)
    )
    pair = without_region(source), without_region(target)
    chosen: dict[str, Term] = {}
    for row in db.session.scalars(query):
        if _applies(row, *pair):
            chosen[term_key(row.term)] = Term(row.term, row.translation)
    return Glossary(chosen.values()) if chosen else None
