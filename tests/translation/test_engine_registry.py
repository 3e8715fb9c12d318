import logging

import pytest

from translation.engines import (
    EngineRegistry,
    EngineUnavailable,
    PairNotSupported,
    TranslationEngine,
)


class TableEngine:
    """A real, if tiny, engine: it looks each text up in a fixed table."""

    def __init__(self, name: str, pairs: set[tuple[str, str]]) -> None:
        self.name = name
        self._pairs = pairs

    def pairs(self) -> set[tuple[str, str]]:
        return set(self._pairs)

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        return [f"{self.name}:{text}" for text in texts]


class MissingEngine:
    name = "missing"

    def pairs(self) -> set[tuple[str, str]]:
        raise EngineUnavailable("program not installed")

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        raise EngineUnavailable("program not installed")


@pytest.fixture
def registry():
    return EngineRegistry(
        [
            TableEngine("argos", {("en", "zh-Hans"), ("en", "es")}),
            TableEngine("apertium", {("en", "es"), ("eng", "cat")}),
        ]
    )


def test_engines_meet_the_protocol():
    assert isinstance(TableEngine("x", set()), TranslationEngine)


def test_pairs_map_to_engines_in_order_of_preference(registry):
    assert registry.pairs() == {
        ("en", "zh"): ["argos"],
        ("en", "es"): ["argos", "apertium"],
        ("en", "ca"): ["apertium"],
    }


def test_first_engine_wins_unless_another_is_preferred(registry):
    assert registry.engine_for("en", "es").name == "argos"
    assert registry.engine_for("en", "es", preferred="apertium").name == "apertium"


def test_preferred_engine_without_the_pair_gives_way(registry):
    assert registry.engine_for("en", "zh_CN", preferred="apertium").name == "argos"


def test_unknown_preferred_engine_is_a_configuration_error(registry):
    with pytest.raises(EngineUnavailable):
        registry.engine_for("en", "es", preferred="deepl")


def test_pair_nobody_covers(registry):
    with pytest.raises(PairNotSupported) as raised:
        registry.engine_for("es", "zh")
    assert (raised.value.source, raised.value.target) == ("es", "zh")


def test_unavailable_engine_is_left_out_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="translation.engines"):
        registry = EngineRegistry([MissingEngine(), TableEngine("a", {("en", "fr")})])
    assert registry.pairs() == {("en", "fr"): ["a"]}
    assert registry.names() == ["missing", "a"]
    assert "missing" in caplog.text


def test_engine_names_are_unique():
    with pytest.raises(ValueError, match="argos"):
        EngineRegistry([TableEngine("argos", set()), TableEngine("argos", set())])
