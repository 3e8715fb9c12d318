"""The translation memory: TMX import, exact and fuzzy lookup, and its engine.

A segment matches exactly when its folded form (case, spacing, Unicode form)
equals the sentence's, and fuzzily when rapidfuzz's ratio reaches the threshold
and both carry the same numbers: a dose of 5 mg must never come back as 50 mg.
"""

import bisect
import hashlib
import logging
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree
from xml.parsers import expat

import numpy
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from portal.extensions import db
from translation.engines import Pair
from translation.languages import normalise, without_region
from translation.models import TranslationUnit

logger = logging.getLogger(__name__)

# Both databases the portal runs on write "insert or update" the same way.
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}

ENGINE_NAME = "translation-memory"
DEFAULT_THRESHOLD = 90.0
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_BUCKETS = 64
# Inline TMX elements whose text is the original format's code, not content.
_CODE_ELEMENTS = {"bpt", "ept", "ph", "it", "ut"}


class TmxError(ValueError):
    """Raised when a file is not a TMX document the portal can read."""


@dataclass(frozen=True)
class Segment:
    """A source text and its translation, from a TMX translation unit."""

    source: str
    target: str


@dataclass(frozen=True)
class MemoryMatch:
    """A memory segment found for a sentence, and how close it was (0-100)."""

    target: str
    score: float


def fold(text: str) -> str:
    """Return the form lookups compare: NFKC, case-folded, single spaces."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _hash(key: str) -> str:
    return hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()


def _content(element: ElementTree.Element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag not in _CODE_ELEMENTS:
            parts.append(_content(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _segment_text(seg: ElementTree.Element) -> str:
    return _SPACES.sub(" ", _content(seg)).strip()


def _language_of(tuv: ElementTree.Element) -> str | None:
    code = tuv.get("xml:lang") or tuv.get("lang")
    try:
        return normalise(code) if code else None
    except ValueError:
        return None


def _same_language(a: str, b: str) -> bool:
    # en-GB segments serve en; zh-Hant (Traditional) never serves zh (Simplified).
    return without_region(a) == without_region(b)


def _refuse_entities(*_args) -> None:
    # Entity declarations are how XML bombs and external reads start.
    raise TmxError(_l("the file declares XML entities, which a TMX file never needs"))


class _TmxReader:
    """Build each <tu> element with expat and hand finished units over."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate()
        self.parser.EntityDeclHandler = _refuse_entities
        self.parser.UnparsedEntityDeclHandler = _refuse_entities
        self.parser.ExternalEntityRefHandler = _refuse_entities
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.buffer_text = True
        self.builder: ElementTree.TreeBuilder | None = None
        self.seen_root = False
        self.done: list[ElementTree.Element] = []

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        if not self.seen_root and tag != "tmx":
            raise TmxError(_l("the file is XML but not TMX"))
        self.seen_root = True
        if tag == "tu":
            self.builder = ElementTree.TreeBuilder()
        if self.builder is not None:
            self.builder.start(tag, attributes)

    def _end(self, tag: str) -> None:
        if self.builder is None:
            return
        self.builder.end(tag)
        if tag == "tu":
            self.done.append(self.builder.close())
            self.builder = None

    def _text(self, data: str) -> None:
        if self.builder is not None:
            self.builder.data(data)

    def feed(self, chunk: bytes, final: bool = False) -> list[ElementTree.Element]:
        """Parse a chunk and return the units it completed."""
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as error:
            raise TmxError(
                _l("the file is not well-formed XML (%(error)s)", error=str(error))
            ) from None
        done, self.done = self.done, []
        return done


def read_tmx(stream: BinaryIO, source: str, target: str) -> Iterator[Segment]:
    """Yield the segments of a TMX stream that translate source into target."""
    reader = _TmxReader()
    while True:
        chunk = stream.read(1 << 16)
        for unit in reader.feed(chunk, final=not chunk):
            segment = _unit(unit, source, target)
            if segment is not None:
                yield segment
        if not chunk:
            return


def _unit(tu: ElementTree.Element, source: str, target: str) -> Segment | None:
    texts: dict[str, str] = {}
    for tuv in tu.iter("tuv"):
        language = _language_of(tuv)
        seg = tuv.find("seg")
        if language and seg is not None:
            texts.setdefault(language, _segment_text(seg))
    found_source = next((t for c, t in texts.items() if _same_language(c, source)), "")
    found_target = next((t for c, t in texts.items() if _same_language(c, target)), "")
    if found_source and found_target:
        return Segment(found_source, found_target)
    return None


def unit_for(segment: Segment, source: str, target: str, origin: str) -> dict:
    """Return the column values of a memory row for a segment."""
    key = fold(segment.source)
    return {
        "source_language": source,
        "target_language": target,
        "source_text": segment.source,
        "target_text": segment.target,
        "source_key": key,
        "source_hash": _hash(key),
        "source_length": len(key),
        "origin": origin[:255],
    }


def store_segments(segments: list[Segment], source: str, target: str, origin: str):
    """Add segments to the memory, replacing older translations of the same text.

    Each row is inserted or updated in one statement, so an import running at
    the same time never makes this one fail. Returns the number of segments
    stored. The caller commits.
    """
    rows = {}
    for segment in segments:
        row = unit_for(segment, source, target, origin)
        rows[row["source_hash"]] = row  # the last translation in the file wins
    connection = db.session.connection()
    insert = _INSERTS[connection.dialect.name](TranslationUnit)
    upsert = insert.on_conflict_do_update(
        index_elements=["source_language", "target_language", "source_hash"],
        set_={
            "target_text": insert.excluded.target_text,
            "origin": insert.excluded.origin,
        },
    )
    # One order for every import: two that overlap never wait on each other's rows.
    ordered = sorted(rows.values(), key=lambda row: row["source_hash"])
    for chunk in _chunks(ordered, 500):
        connection.execute(upsert, chunk)
    _READY.pop((normalise(source), normalise(target)), None)
    return len(rows)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


class TranslationMemory:
    """Look sentences up in the memory of one language pair."""

    def __init__(
        self, source: str, target: str, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        self.source = normalise(source)
        self.target = normalise(target)
        self.threshold = threshold

    def lookup(self, sentences: list[str]) -> list[MemoryMatch | None]:
        """Return the best match for each sentence, or None where none is close."""
        keys = [fold(sentence) for sentence in sentences]
        exact = self._targets(keys)
        misses = [key for key in dict.fromkeys(keys) if key and key not in exact]
        candidates = (
            self._ready_candidates()
            if misses and self.threshold < 100
            else _Candidates([])
        )
        closest = {
            key: self._closest(key, counts, candidates)
            for key, counts in zip(misses, _bucket_counts(misses), strict=True)
        }
        # Only the segments that won are read in full, not every candidate.
        fuzzy = self._targets([found[0] for found in closest.values() if found])
        return [self._match(key, exact, closest.get(key), fuzzy) for key in keys]

    def _length_bounds(self, length: int) -> tuple[int, int]:
        # A ratio of t needs 2*min/(a+b) >= t, which bounds the other length.
        share = self.threshold / 100
        return math.floor(length * share / (2 - share)), math.ceil(
            length * (2 - share) / share
        )

    def _in_pair(self, query):
        return query.where(
            TranslationUnit.source_language == self.source,
            TranslationUnit.target_language == self.target,
        )

    def _targets(self, keys: list[str]) -> dict[str, str]:
        """Map each key the memory holds to its translation."""
        hashes = {_hash(key): key for key in keys if key}
        found: dict[str, str] = {}
        for chunk in _chunks(list(hashes), 500):
            query = self._in_pair(
                select(TranslationUnit.source_hash, TranslationUnit.target_text)
            ).where(TranslationUnit.source_hash.in_(chunk))
            for source_hash, target_text in db.session.execute(query):
                found[hashes[source_hash]] = target_text
        return found

    def _ready_candidates(self) -> "_Candidates":
        """Return the pair's segments ready to score, read again only when changed.

        Reading and counting every segment was half a lookup's time, for the
        same segments each time. An import in this process drops them; one in
        another process changes the count, the newest id or the hashes' range.
        """
        stamp = tuple(
            db.session.execute(
                self._in_pair(
                    select(
                        func.count(),
                        func.max(TranslationUnit.id),
                        func.min(TranslationUnit.source_hash),
                        func.max(TranslationUnit.source_hash),
                    )
                )
            ).one()
        )
        pair = (self.source, self.target)
        if pair not in _READY or _READY[pair][0] != stamp:
            query = self._in_pair(select(TranslationUnit.source_key))
            # Thousands of plain strings: the ORM's work per row would double it.
            keys = db.session.connection().execute(query).scalars().all()
            _READY[pair] = (stamp, _Candidates(keys))
        return _READY[pair][1]

    def _closest(
        self, key: str, counts: numpy.ndarray, candidates: "_Candidates"
    ) -> tuple[str, float] | None:
        low, high = self._length_bounds(len(key))
        choices = candidates.peers(len(key), counts, low, high, self.threshold)
        if not choices:
            return None
        found = process.extractOne(
            key, choices, scorer=fuzz.ratio, score_cutoff=self.threshold
        )
        if found is None or _numbers(found[0]) != _numbers(key):
            return None
        return found[0], found[1]

    @staticmethod
    def _match(
        key: str,
        exact: dict[str, str],
        closest: tuple[str, float] | None,
        fuzzy: dict[str, str],
    ) -> MemoryMatch | None:
        if key in exact:
            return MemoryMatch(exact[key], 100.0)
        target = fuzzy.get(closest[0]) if closest else None
        return None if target is None else MemoryMatch(target, closest[1])


# Each pair's segments as the last lookup in this process read them.
_READY: dict[tuple[str, str], tuple[tuple, "_Candidates"]] = {}


class _Candidates:
    """Memory segments sorted by length, with their characters counted by bucket.

    Scoring a sentence against every segment of a similar length is most of a
    lookup's time. Characters that one text has more of than the other, counted
    by bucket, never outnumber the insertions and deletions that fuzz.ratio
    counts, so a segment whose count already exceeds what the threshold allows
    is left out unscored: the best match stays the same.
    """

    def __init__(self, keys: list[str]) -> None:
        self.keys = sorted(keys, key=len)
        self.lengths = [len(key) for key in self.keys]
        self.length_array = numpy.array(self.lengths)
        self.counts = _bucket_counts(self.keys)

    def peers(
        self, length: int, counts: numpy.ndarray, low: int, high: int, threshold: float
    ) -> list[str]:
        """Return the segments, low to high long, that a text may match at threshold."""
        start = bisect.bisect_left(self.lengths, low)
        end = bisect.bisect_right(self.lengths, high)
        if start == end:
            return []
        differing = numpy.abs(self.counts[start:end] - counts)
        total = self.length_array[start:end] + length
        allowed = (1 - threshold / 100) * total + 1e-9
        kept = numpy.flatnonzero(differing.sum(axis=1) <= allowed)
        return [self.keys[start + index] for index in kept]


def _bucket_counts(keys: list[str]) -> numpy.ndarray:
    """Count each key's characters in buckets (code point modulo _BUCKETS)."""
    lengths = [len(key) for key in keys]
    codes = numpy.frombuffer("".join(keys).encode("utf-32-le"), dtype=numpy.uint32)
    rows = numpy.repeat(numpy.arange(len(keys)), lengths)
    cells = rows * _BUCKETS + codes % _BUCKETS
    counts = numpy.bincount(cells, minlength=len(keys) * _BUCKETS)
    return counts.reshape(len(keys), _BUCKETS)


def memory_pairs() -> set[Pair]:
    """Return the language pairs the memory holds segments for."""
    query = select(
        TranslationUnit.source_language, TranslationUnit.target_language
    ).distinct()
    return {(source, target) for source, target in db.session.execute(query)}


class MemoryEngine:
    """The memory as an engine: what it holds comes back, the rest stays as is.

    It is the last resort for a pair no machine engine covers; the sentences it
    does not know are left in the source language and marked so.
    """

    name = ENGINE_NAME

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold

    def pairs(self) -> set[Pair]:
        """Return the pairs the memory holds segments for."""
        from flask import has_app_context

        return memory_pairs() if has_app_context() else set()

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Return the memory's translation of each text, or the text unchanged."""
        matches = TranslationMemory(source, target, self.threshold).lookup(texts)
        return [m.target if m else t for m, t in zip(matches, texts, strict=True)]


def count_units() -> dict[Pair, int]:
    """Count the memory's segments per language pair."""
    query = select(
        TranslationUnit.source_language,
        TranslationUnit.target_language,
        db.func.count(TranslationUnit.id),
    ).group_by(TranslationUnit.source_language, TranslationUnit.target_language)
    return {(s, t): n for s, t, n in db.session.execute(query)}


def origin_name(path: Path | str) -> str:
    """Return the file name a memory row records as its origin."""
    return Path(str(path)).name
