"""One code per Chinese script: zh for Simplified, zh-Hant for Traditional

Memory segments, glossary terms and engine choices imported as zh-Hans, zh-CN
or zh-SG were stored under their own code and never found by a zh track.
Where a row now meets an older twin under the new code, the newer one stays.

Revision ID: c4f1e2a7d9b3
Revises: 413e7b9b977b
Create Date: 2026-12-04 16:05:00.000000

"""

import logging

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4f1e2a7d9b3"
down_revision = "413e7b9b977b"
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")

# The rule of translation.languages.normalise when this was written, kept here
# so the migration stays the same when that function changes.
_TRADITIONAL = {"Hant", "TW", "HK", "MO"}

translation_unit = sa.table(
    "translation_unit",
    sa.column("id", sa.Integer),
    sa.column("source_language", sa.String),
    sa.column("target_language", sa.String),
    sa.column("source_hash", sa.String),
    sa.column("created_at", sa.DateTime),
)
engine_preference = sa.table(
    "engine_preference",
    sa.column("id", sa.Integer),
    sa.column("source_language", sa.String),
    sa.column("target_language", sa.String),
    sa.column("updated_at", sa.DateTime),
)
glossary_term = sa.table(
    "glossary_term",
    sa.column("id", sa.Integer),
    sa.column("source_language", sa.String),
    sa.column("target_language", sa.String),
)
subtitle_track = sa.table(
    "subtitle_track",
    sa.column("id", sa.Integer),
    sa.column("lesson_id", sa.Integer),
    sa.column("language", sa.String),
)
course = sa.table(
    "course",
    sa.column("id", sa.Integer),
    sa.column("spoken_language", sa.String),
    sa.column("target_languages", sa.JSON),
)


def canonical(code):
    """Return the code a Chinese tag is stored under now; other tags unchanged."""
    if not code or not code.startswith("zh-"):
        return code
    subtag = code.split("-")[1]
    if subtag in _TRADITIONAL:
        return "zh-Hant"
    if subtag == "Hans" or (len(subtag) == 2 and subtag.isupper()):
        return "zh"
    return code


def _changed_pairs(connection, table):
    pairs = connection.execute(
        sa.select(table.c.source_language, table.c.target_language).distinct()
    )
    for source, target in pairs:
        new = canonical(source), canonical(target)
        if new != (source, target):
            yield (source, target), new


def _in_pair(table, pair):
    source, target = pair
    return sa.and_(table.c.source_language == source, table.c.target_language == target)


def _move_memory(connection):
    table = translation_unit
    for old, new in list(_changed_pairs(connection, table)):
        kept = {
            row.source_hash: row
            for row in connection.execute(
                sa.select(table.c.id, table.c.source_hash, table.c.created_at).where(
                    _in_pair(table, new)
                )
            )
        }
        moving = connection.execute(
            sa.select(table.c.id, table.c.source_hash, table.c.created_at).where(
                _in_pair(table, old)
            )
        ).all()
        older = []
        for row in moving:
            twin = kept.get(row.source_hash)
            if twin is not None:
                older.append(twin.id if twin.created_at <= row.created_at else row.id)
        if older:
            connection.execute(sa.delete(table).where(table.c.id.in_(older)))
        connection.execute(
            sa.update(table)
            .where(_in_pair(table, old))
            .values(source_language=new[0], target_language=new[1])
        )
        logger.info("Memory %s-%s is now %s-%s", *old, *new)


def _move_preferences(connection):
    table = engine_preference
    for old, new in list(_changed_pairs(connection, table)):
        rows = connection.execute(
            sa.select(table.c.id, table.c.updated_at)
            .where(sa.or_(_in_pair(table, old), _in_pair(table, new)))
            .order_by(table.c.updated_at.desc(), table.c.id.desc())
        ).all()
        stale = [row.id for row in rows[1:]]
        if stale:
            connection.execute(sa.delete(table).where(table.c.id.in_(stale)))
        connection.execute(
            sa.update(table)
            .where(table.c.id == rows[0].id)
            .values(source_language=new[0], target_language=new[1])
        )


def _move_glossary(connection):
    table = glossary_term
    for column in (table.c.source_language, table.c.target_language):
        for (code,) in connection.execute(sa.select(column).distinct()).all():
            if canonical(code) != code:
                connection.execute(
                    sa.update(table)
                    .where(column == code)
                    .values({column.name: canonical(code)})
                )


def _move_tracks(connection):
    table = subtitle_track
    rows = connection.execute(
        sa.select(table.c.id, table.c.lesson_id, table.c.language)
    ).all()
    taken = {(row.lesson_id, row.language) for row in rows}
    for row in rows:
        new = canonical(row.language)
        if new == row.language:
            continue
        if (row.lesson_id, new) in taken:
            logger.warning(
                "Track %s stays %s: lesson %s has a %s track",
                row.id,
                row.language,
                row.lesson_id,
                new,
            )
            continue
        taken.add((row.lesson_id, new))
        connection.execute(
            sa.update(table).where(table.c.id == row.id).values(language=new)
        )


def _move_courses(connection):
    for row in connection.execute(sa.select(course)).all():
        targets = list(dict.fromkeys(canonical(c) for c in row.target_languages or []))
        spoken = canonical(row.spoken_language)
        if targets != (row.target_languages or []) or spoken != row.spoken_language:
            connection.execute(
                sa.update(course)
                .where(course.c.id == row.id)
                .values(spoken_language=spoken, target_languages=targets)
            )


def upgrade():
    connection = op.get_bind()
    _move_memory(connection)
    _move_preferences(connection)
    _move_glossary(connection)
    _move_tracks(connection)
    _move_courses(connection)


def downgrade():
    # The old code read zh and zh-Hant as well: nothing to put back.
    pass
