"""Engines the translation tests share: Apertium when installed, and an echo."""

import shutil

import pytest

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None,
    reason="Debian's apertium is not installed (apt-get install apertium-eng-spa)",
)


class EchoEngine:
    """Translate by writing each sentence in capitals: easy to follow in tests.

    `change` replaces the capitals (to lose a placeholder, say); `batches`
    keeps every batch the engine was sent.
    """

    name = "echo"

    def __init__(self, change=str.upper) -> None:
        self.change = change
        self.batches: list[list[str]] = []

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "en-x-caps")}

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        self.batches.append(list(texts))
        return [self.change(text) for text in texts]
