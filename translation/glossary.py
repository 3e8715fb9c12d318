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

from flask_babel import lazy_gettext as _l

from translation.languages import find_language, without_region
from translation.placeholders import placeholder, placeholder_pattern

TERM = "Q"
_PLACEHOLDER = placeholder_pattern(TERM)
_SOURCE_HEADERS = ("sourcestring", "source", "term", "source_term")
_TARGET_HEADERS = ("targetstring", "target", "translation", "target_term")
_SOURCE_LANGUAGE_HEADERS = ("sourcelang", "source_language")
_TARGET_LANGUAGE_HEADERS = ("targetlang", "target_language")
_KNOWN_HEADERS = {
    *_SOURCE_HEADERS,
    *_TARGET_HEADERS,
    *_SOURCE_LANGUAGE_HEADERS,
    *_TARGET_LANGUAGE_HEADERS,
}
MAX_TERM_LENGTH = 200
_WORD = re.compile(r"\w+")
# Letters of the scripts written without spaces between words: Thai, Lao,
# Tibetan, Burmese, Khmer, Japanese kana, Chinese characters.
_UNSPACED = (
    "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
# A letter or digit that continues a word of a script written with spaces.
_WORD_CHAR = re.compile(f"[^\\W{_UNSPACED}]")
_WORD_END = f"(?!{_WORD_CHAR.pattern})"
_END = object()


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
    # Each term as the sentence wrote it ("Aspirin" at a sentence's start).
    found: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BrokenTerm:
    """A term whose placeholder did not come back from the engine exactly once."""

    term: str
    sentence: str
    translation: str


class Glossary:
    """The terms of one scope (organisation plus course) for one language pair.

    Ordinary words match whatever their case; an acronym or a name with
    capitals inside (CT, WHO, COVID-19, mRNA) matches only as written or in
    all capitals, so "who" and "aids" stay words. A term that starts or ends
    with a letter or digit of a script written with spaces matches only at
    that word's edge, also inside Chinese or Thai text ("CT" in "做CT检查",
    never in "ACTH"); Chinese, Japanese or Thai terms match anywhere.
    """

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = {term_key(t.term): t for t in terms}
        self._exact: dict[str, Term] = {}
        self._folded: dict[str, Term] = {}
        for term in self.terms.values():
            if is_case_sensitive(term.term):
                self._exact[term.term] = self._exact[term.term.upper()] = term
            else:
                self._folded[term.term.casefold()] = term
        self._pattern = _compile([*self._exact, *self._folded], set(self._exact))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def _term(self, found: str) -> Term:
        return self._exact.get(found) or self._folded[found.casefold()]

    def mask(self, text: str) -> MaskedText:
        """Replace each glossary term in the text by a numbered placeholder."""
        masked = MaskedText(text)
        if self._pattern is None:
            return masked

        def replace(match: re.Match[str]) -> str:
            masked.terms.append(self._term(match[0]))
            masked.found.append(match[0])
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
            return _as_written(masked.terms[index], masked.found[index])

        translation = _undo_capital_after_opening_term(masked.text, translation)
        restored = _PLACEHOLDER.sub(replace, translation)
        broken = [
            term.term
            for index, term in enumerate(masked.terms)
            if seen.get(index, 0) != 1
        ]
        return restored, broken


# A placeholder opening a sentence and the word after it.
_OPENING_TERM = re.compile(rf"^(\s*{_PLACEHOLDER.pattern}\s+)(\w)", re.IGNORECASE)


def _undo_capital_after_opening_term(source: str, translation: str) -> str:
    """Lower-case the word an engine capitalised after a sentence's first term.

    To Apertium an unknown placeholder is no word, so the one after it looks
    like the sentence's first ("XQ0X Es común"); it is lowered when the
    source wrote that word in lower case.
    """
    in_source = _OPENING_TERM.match(source)
    in_translation = _OPENING_TERM.match(translation)
    if not (in_source and in_translation and in_source[3].islower()):
        return translation
    start = in_translation.start(3)
    return translation[:start] + translation[start].lower() + translation[start + 1 :]


def _as_written(term: Term, found: str) -> str:
    """Return a term's output in the case the sentence gave it.

    A kept term comes back exactly as written; a required translation takes
    the first letter's case of the source ("Acute bronchitis" opening a
    sentence, "acute bronchitis" inside one), unless it is an acronym.
    """
    if term.translation is None:
        return found
    output = term.translation
    if is_case_sensitive(output) or not found[:1].isalpha():
        return output
    first = output[:1].upper() if found[:1].isupper() else output[:1].lower()
    return first + output[1:]


def is_case_sensitive(term: str) -> bool:
    """Tell whether a term has capitals inside a word (CT, COVID-19, mRNA, SARS-CoV)."""
    return any(word[1:] != word[1:].lower() for word in _WORD.findall(term))


def term_key(term: str) -> str:
    """Return what makes two terms the same entry: case counts for acronyms only."""
    return term if is_case_sensitive(term) else term.casefold()


def entry_key(course_id: int | None, source: str, target: str | None, term: str) -> str:
    """Return what makes a glossary row the same entry as another one."""
    return f"{course_id or ''}|{source}|{target or ''}|{term_key(term)}"


def _compile(forms: list[str], exact: set[str]) -> re.Pattern[str] | None:
    """Build one pattern that finds the longest form at each place, in one pass.

    The forms share a trie of prefixes, so the cost of a match hardly grows
    with the size of the glossary, unlike a plain list of alternatives.
    """
    if not forms:
        return None
    trie: dict = {}
    for form in forms:
        node = trie
        for char in form:
            is_exact = form in exact and char.lower() != char.upper()
            node = node.setdefault((char if is_exact else char.lower(), is_exact), {})
        node[_END] = True
    words = {edge: node for edge, node in trie.items() if _WORD_CHAR.match(edge[0])}
    others = {edge: node for edge, node in trie.items() if edge not in words}
    parts = [f"(?<!{_WORD_CHAR.pattern}){_branches(words)}" if words else ""]
    parts.append(_branches(others) if others else "")
    return re.compile("|".join(part for part in parts if part), re.IGNORECASE)


def _branches(node: dict, last: str = "") -> str:
    options = [
        _char(char, is_exact) + _branches(child, char)
        for (char, is_exact), child in sorted(
            (edge, child) for edge, child in node.items() if edge is not _END
        )
    ]
    if _END in node:
        # Tried last, so the longest term wins; a word must end here too.
        options.append(_WORD_END if _WORD_CHAR.match(last) else "")
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"


def _char(char: str, is_exact: bool) -> str:
    return f"(?-i:{re.escape(char)})" if is_exact else re.escape(char)


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
    # TICO-19 writes "es_XX" for "Spanish, no region"; regions do not matter here.
    return without_region(code)


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    folded = [name.strip().casefold() for name in header]
    return next((folded.index(n) for n in names if n in folded), None)


def read_glossary_file(
    text: str, source: str | None = None, target: str | None = None
) -> list[ImportedTerm]:
    """Read terms from CSV or TSV text, with or without a header row.

    Without a header the first column is the term and the second, if any, its
    required translation; an empty translation keeps the term as written. A
    header naming languages (en, zh...) gives the source and target columns.
    """
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
    if not rows:
        return []
    header = rows[0]
    if _column(header, _SOURCE_HEADERS) is not None:
        return _named_rows(header, rows[1:])
    languages = _language_columns(header)
    if len(languages) >= 2:
        return _language_rows(languages, rows[1:], source, target)
    if _column(header, tuple(_KNOWN_HEADERS)) is not None:
        raise _missing_columns(source, target)
    return [_plain_row(row) for row in rows if row[0].strip()]


def _named_rows(header: list[str], rows: list[list[str]]) -> list[ImportedTerm]:
    source_col = _column(header, _SOURCE_HEADERS)
    target_col = _column(header, _TARGET_HEADERS)
    source_lang = _column(header, _SOURCE_LANGUAGE_HEADERS)
    target_lang = _column(header, _TARGET_LANGUAGE_HEADERS)
    terms = []
    for row in rows:
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


def _language_columns(header: list[str]) -> dict[str, int]:
    """Map each header cell that is a known language code to its column."""
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        try:
            is_language = find_language(name) is not None
        except ValueError:
            continue
        if is_language:
            columns.setdefault(without_region(name), index)
    return columns


def _language_rows(
    languages: dict[str, int],
    rows: list[list[str]],
    source: str | None,
    target: str | None,
) -> list[ImportedTerm]:
    source_col = languages.get(_language(source))
    target_col = languages.get(_language(target))
    if source_col is None or target_col is None:
        raise _missing_columns(source, target)
    terms = []
    for row in rows:
        cell = _cells(row)
        if cell(source_col):
            terms.append(
                ImportedTerm(
                    cell(source_col),
                    cell(target_col) or None,
                    _language(source),
                    _language(target),
                )
            )
    return terms


def _missing_columns(source: str | None, target: str | None) -> GlossaryFileError:
    codes = ", ".join(code for code in (source, target) if code) or "en, zh"
    return GlossaryFileError(
        _l(
            "its header row has no column of terms: name the columns "
            "sourceString and targetString, term and translation, or by "
            "language (%(codes)s)",
            codes=codes,
        )
    )


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
