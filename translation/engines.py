"""Define what a translation engine offers and pick one for a language pair."""

import logging
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from translation.languages import normalise

logger = logging.getLogger(__name__)

Pair = tuple[str, str]


class TranslationError(Exception):
    """Raised when an engine cannot translate what it was given."""


class EngineUnavailable(TranslationError):
    """Raised when an engine's program, library or data is missing or broken."""


class PairNotSupported(TranslationError):
    """Raised when no engine translates from one language into another."""

    def __init__(self, source: str, target: str, engine: str | None = None) -> None:
        by = f" by {engine}" if engine else ""
        super().__init__(f"no translation from {source} into {target}{by}")
        self.source = source
        self.target = target
        self.engine = engine


@runtime_checkable
class TranslationEngine(Protocol):
    """A translator of plain-text segments between BCP-47 languages."""

    name: str

    def pairs(self) -> set[Pair]:
        """Return the (source, target) BCP-47 pairs this engine translates."""
        ...

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate each text, returning one output per input in the same order."""
        ...


class EngineRegistry:
    """The engines chosen at start-up and the language pairs each one covers.

    Pairs are asked of the engines each time: a language pack installed by
    another process, or memory segments imported since, count at once.
    """

    def __init__(self, engines: Iterable[TranslationEngine]) -> None:
        self._engines: dict[str, TranslationEngine] = {}
        for engine in engines:
            if engine.name in self._engines:
                raise ValueError(f"two translation engines are named {engine.name!r}")
            self._engines[engine.name] = engine

    def names(self) -> list[str]:
        """Return the engine names in order of preference."""
        return list(self._engines)

    def get(self, name: str) -> TranslationEngine:
        """Return the engine registered under a name."""
        try:
            return self._engines[name]
        except KeyError:
            raise EngineUnavailable(f"no translation engine named {name!r}") from None

    def _pairs_of(self, engine: TranslationEngine) -> set[Pair]:
        try:
            pairs = engine.pairs()
        except EngineUnavailable:
            # One missing engine must not stop the portal; its pairs just vanish.
            logger.warning("Translation engine %s is unavailable", engine.name)
            return set()
        return {(normalise(source), normalise(target)) for source, target in pairs}

    def pairs(self) -> dict[Pair, list[str]]:
        """Map each (source, target) pair to the engines that cover it, best first."""
        found: dict[Pair, list[str]] = {}
        for name, engine in self._engines.items():
            for pair in sorted(self._pairs_of(engine)):
                found.setdefault(pair, []).append(name)
        return found

    def engine_for(
        self, source: str, target: str, preferred: str | None = None
    ) -> TranslationEngine:
        """Return the preferred engine if it has the pair, else the first that does."""
        pair = (normalise(source), normalise(target))
        names = self.pairs().get(pair)
        if not names:
            raise PairNotSupported(*pair)
        if preferred is not None:
            self.get(preferred)
            if preferred in names:
                return self._engines[preferred]
        return self._engines[names[0]]
