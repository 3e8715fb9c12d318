"""One row per glossary entry

The same term added twice at once (two clicks, two tabs) left two rows. Each
row now carries its entry key (course, languages, term as glossaries compare
it) under a unique constraint. Where twins exist already, the newest stays:
it holds the translation the glossary has been using.

Revision ID: 08db3c0d1d93
Revises: 2cbbdfb2bdf4
Create Date: 2026-12-04 16:45:00.000000

"""

import logging
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "08db3c0d1d93"
down_revision = "2cbbdfb2bdf4"
branch_labels = None
depends_on = None

logger = logging.getLogger("alembic.runtime.migration")

# The rule of translation.glossary.entry_key when this was written, kept here
# so the migration stays the same when that function changes.
_WORD = re.compile(r"\w+")

glossary_term = sa.table(
    "glossary_term",
    sa.column("id", sa.Integer),
    sa.column("course_id", sa.Integer),
    sa.column("source_language", sa.String),
    sa.column("target_language", sa.String),
    sa.column("term", sa.String),
    sa.column("entry_key", sa.Text),
)


def entry_key(course_id, source, target, term):
    """Return the entry key of a glossary row: case counts for acronyms only."""
    is_case_sensitive = any(w[1:] != w[1:].lower() for w in _WORD.findall(term))
    key = term if is_case_sensitive else term.casefold()
    return f"{course_id or ''}|{source}|{target or ''}|{key}"


def _fill_keys(connection):
    table = glossary_term
    rows = connection.execute(
        sa.select(
            table.c.id,
            table.c.course_id,
            table.c.source_language,
            table.c.target_language,
            table.c.term,
        ).order_by(table.c.id.desc())
    ).all()
    seen = set()
    twins = []
    for row in rows:
        key = entry_key(*row[1:])
        if key in seen:
            twins.append(row.id)
            continue
        seen.add(key)
        connection.execute(
            sa.update(table).where(table.c.id == row.id).values(entry_key=key)
        )
    if twins:
        connection.execute(sa.delete(table).where(table.c.id.in_(twins)))
        logger.info("Removed %s glossary rows that repeated a newer one", len(twins))


def upgrade():
    with op.batch_alter_table("glossary_term", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_key", sa.Text(), nullable=True))
    _fill_keys(op.get_bind())
    with op.batch_alter_table("glossary_term", schema=None) as batch_op:
        batch_op.alter_column("entry_key", existing_type=sa.Text(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_glossary_term_entry_key"), ["entry_key"]
        )


def downgrade():
    with op.batch_alter_table("glossary_term", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_glossary_term_entry_key"), type_="unique"
        )
        batch_op.drop_column("entry_key")
