"""Protect glossary terms from the engine: mask them, translate, restore, check.

Before a sentence reaches an engine, each glossary term in it is replaced by a
placeholder the engines pass through untouched (an unknown all-capitals word
with a number). After translation the placeholder becomes the term itself (a
term kept as is: drug names, devices) or its required translation. A
placeholder the engine lost, doubled or mangled is reported as a broken term.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from translation.languages import has_word_spaces, normalise
from translation.placeholders import placeholder, placeholder_pattern

TERM = "Q"
_PLACEHOLDER = placeholder_pattern(TERM)
_SOURCE_HEADERS = ("sourcestring", "source", "term", "source_term")
_TARGET_HEADERS = ("targetstring", "target", "translation", "target_term")
MAX_TERM_LENGTH = 200


@dataclass(frozen=True)
class Term:
    """A glossary entry as the masker uses it."""

    term: str
    translation: str | None = None

    def output(self) -> str:
        """Return what the translation must show for this term."""
        return self.term if self.translation is None else self.translation


@dataclass
class MaskedText:
    """A sentence with its terms replaced, and the terms in placeholder order."""

    text: str
    terms: list[Term] = field(default_factory=list)


@dataclass(frozen=True)
class BrokenTerm:
    """A term whose placeholder did not come back from the engine exactly once."""

    term: str
    sentence: str
    translation: str


class Glossary:
    """The terms of one scope (organisation plus course) for one language pair."""

    def __init__(self, terms: Iterable[Term], source: str) -> None:
        ordered = sorted(terms, key=lambda t: len(t.term), reverse=True)
        self.terms = {t.term.casefold(): t for t in ordered}
        self._pattern = self._compile(list(self.terms), source)

    @staticmethod
    def _compile(words: list[str], source: str) -> re.Pattern[str] | None:
        if not words:
            return None
        alternatives = "|".join(re.escape(word) for word in words)
        if has_word_spaces(source):
            return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
        return re.compile(f"(?:{alternatives})", re.IGNORECASE)

    def __bool__(self) -> bool:
        return bool(self.terms)

    def mask(self, text: str) -> MaskedText:
        """Replace each glossary term in the text by a numbered placeholder."""
        masked = MaskedText(text)
        if self._pattern is None:
            return masked

        def replace(match: re.Match[str]) -> str:
            masked.terms.append(self.terms[match[0].casefold()])
            return placeholder(TERM, len(masked.terms) - 1)

        masked.text = self._pattern.sub(replace, text)
        return masked

    @staticmethod
    def restore(masked: MaskedText, translation: str) -> tuple[str, list[str]]:
        """Put the terms back in place of their placeholders; list the broken ones."""
        seen: dict[int, int] = {}

        def replace(match: re.Match[str]) -> str:
            index = int(match[1])
            seen[index] = seen.get(index, 0) + 1
            if index >= len(masked.terms):
                return match[0]
            return masked.terms[index].output()

        restored = _PLACEHOLDER.sub(replace, translation)
        broken = [
            term.term
            for index, term in enumerate(masked.terms)
            if seen.get(index, 0) != 1
        ]
        return restored, broken


class GlossaryFileError(ValueError):
    """Raised when a glossary file has no column of terms."""


@dataclass(frozen=True)
class ImportedTerm:
    """One row of a glossary file."""

    term: str
    translation: str | None
    source_language: str | None = None
    target_language: str | None = None


def _language(code: str | None) -> str | None:
    if not code or not code.strip():
        return None
    tag = normalise(code)
    # TICO-19 writes "es_XX" for "Spanish, no region"; regions do not matter here.
    parts = [p for p in tag.split("-") if not (len(p) == 2 and p.isupper())]
    return "-".join(parts)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [name.strip().casefold() for name in header]
    return next((folded.index(n) for n in names if n in folded), None)


def read_glossary_file(text: str) -> list[ImportedTerm]:
    """Read terms from CSV or TSV text, with or without a header row.

    Without a header the first column is the term and the second, if any, its
    required translation; an empty translation keeps the term as written.
    """
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
    if not rows:
        return []
    source_col = _column(rows[0], _SOURCE_HEADERS)
    if source_col is None:
        return [_plain_row(row) for row in rows if row[0].strip()]
    target_col = _column(rows[0], _TARGET_HEADERS)
    source_lang = _column(rows[0], ("sourcelang", "source_language"))
    target_lang = _column(rows[0], ("targetlang", "target_language"))
    terms = []
    for row in rows[1:]:
        cell = _cells(row)
        if not cell(source_col):
            continue
        terms.append(
            ImportedTerm(
                cell(source_col),
                _first_alternative(cell(target_col)) or None,
                _language(cell(source_lang)),
                _language(cell(target_lang)),
            )
        )
    return terms


def _cells(row: list[str]):
    def cell(index: int | None) -> str:
        if index is None or index >= len(row):
            return ""
        return row[index].strip()

    return cell


def _plain_row(row: list[str]) -> ImportedTerm:
    translation = row[1].strip() if len(row) > 1 else ""
    return ImportedTerm(row[0].strip(), translation or None)


def _first_alternative(translation: str) -> str:
    # TICO-19's glossaries list synonyms as "a : b"; a subtitle needs one.
    return translation.split(" : ")[0].strip()
