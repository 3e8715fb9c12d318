"""Engine preferences, the translation memory and glossaries."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow


class EnginePreference(db.Model):
    """The engine an admin wants for one language pair."""

    __table_args__ = (UniqueConstraint("source_language", "target_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_language: Mapped[str] = mapped_column(String(16))
    target_language: Mapped[str] = mapped_column(String(16))
    engine: Mapped[str] = mapped_column(String(60))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TranslationUnit(db.Model):
    """One segment of the translation memory and its translation."""

    __table_args__ = (
        UniqueConstraint("source_language", "target_language", "source_hash"),
        # Fuzzy lookup reads the segments of a pair whose length is close.
        Index(
            "ix_translation_unit_pair_length",
            "source_language",
            "target_language",
            "source_length",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_language: Mapped[str] = mapped_column(String(16))
    target_language: Mapped[str] = mapped_column(String(16))
    source_text: Mapped[str] = mapped_column(Text)
    target_text: Mapped[str] = mapped_column(Text)
    # The folded source (case, spaces) that lookups compare, and its SHA-1.
    source_key: Mapped[str] = mapped_column(Text)
    source_hash: Mapped[str] = mapped_column(String(40))
    source_length: Mapped[int]
    origin: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GlossaryTerm(db.Model):
    """A term kept as is (no translation) or always given one translation.

    Terms without a course belong to the organisation and apply everywhere;
    a course's own terms win over them.
    """

    __table_args__ = (
        Index("ix_glossary_term_scope", "course_id", "source_language"),
        UniqueConstraint("entry_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("course.id", ondelete="CASCADE")
    )
    source_language: Mapped[str] = mapped_column(String(16))
    # None for a term kept in every language.
    target_language: Mapped[str | None] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(200))
    # None: keep the term as written; else the translation it must get.
    translation: Mapped[str | None] = mapped_column(String(200))
    # Course, languages and term_key() in one value: a unique constraint over
    # the columns would let twins through, as NULLs never equal each other.
    entry_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_kept(self) -> bool:
        return self.translation is None
