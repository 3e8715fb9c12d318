"""The translation engines the app uses, chosen once in the app factory."""

from collections.abc import Sequence

from flask import Flask, current_app

from translation.apertium import ApertiumEngine
from translation.engines import EngineRegistry, PairNotSupported, TranslationEngine

EXTENSION_KEY = "translation_registry"

# Languages Whisper recognises that matter to the portal's users, by BCP-47 code.
SPOKEN_LANGUAGES = [
    "en", "zh", "ru", "ar", "fr", "es", "ur", "fa", "kk", "uz", "tr", "hi", "bn",
    "sr", "hr", "mk", "bg", "uk", "sw", "id", "ms", "vi", "th", "lo", "km", "my",
    "ne", "si", "ps", "tg", "az", "ka", "hy", "pl", "de", "it", "pt",
]  # fmt: skip


def init_app(app: Flask) -> None:
    """Build the engine registry from what is installed on this machine."""
    app.extensions[EXTENSION_KEY] = EngineRegistry([ApertiumEngine()])


def registry() -> EngineRegistry:
    """Return the app's engine registry."""
    return current_app.extensions[EXTENSION_KEY]


def reachable_targets() -> list[str]:
    """List every language some installed engine translates into.

    Regional variants (en-US) are left out: a course asks for a language, and
    the pipeline never translates a track into its own language.
    """
    targets = {target for _source, target in registry().pairs()}
    return sorted(code for code in targets if not _has_region(code))


def _has_region(code: str) -> bool:
    return any(len(part) == 2 and part.isupper() for part in code.split("-")[1:])


def engine_for(source: str, target: str) -> TranslationEngine | None:
    """Return the engine for a pair, or None when no installed engine covers it."""
    try:
        return registry().engine_for(source, target)
    except PairNotSupported:
        return None


def translate_cues(cues: Sequence, source: str, target: str, engine: TranslationEngine):
    """Translate cues sentence by sentence, keeping their count and timings."""
    from translation.sentences import translate_cues as translate_by_sentence

    return translate_by_sentence(cues, engine, source, target)
