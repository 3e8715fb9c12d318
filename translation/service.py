"""The translation engines the app uses, chosen once in the app factory."""

import logging
from collections.abc import Sequence

from flask import Flask, current_app

from translation.apertium import ApertiumEngine
from translation.argos import ArgosEngine
from translation.chinese_script import ChineseScriptEngine
from translation.engines import EngineRegistry, PairNotSupported, TranslationEngine
from translation.glossary import BrokenTerm
from translation.languages import without_region
from translation.markup import BrokenMarkup
from translation.memory import MemoryEngine, TranslationMemory

logger = logging.getLogger(__name__)

EXTENSION_KEY = "translation_registry"

# Languages Whisper recognises that matter to the portal's users, by BCP-47 code.
SPOKEN_LANGUAGES = [
    "en", "zh", "ru", "ar", "fr", "es", "ur", "fa", "kk", "uz", "tr", "hi", "bn",
    "sr", "hr", "mk", "bg", "uk", "sw", "id", "ms", "vi", "th", "lo", "km", "my",
    "ne", "si", "ps", "tg", "az", "ka", "hy", "pl", "de", "it", "pt",
]  # fmt: skip


def init_app(app: Flask) -> None:
    """Build the engine registry: Chinese scripts, neural packs, Apertium, memory."""
    settings = app.config["SETTINGS"]
    app.extensions[EXTENSION_KEY] = EngineRegistry(
        [
            # A dictionary conversion between the two Chinese scripts beats a
            # neural pack that might offer the same pair.
            ChineseScriptEngine(),
            ArgosEngine(settings.argos_path),
            ApertiumEngine(),
            MemoryEngine(settings.tm_fuzzy_threshold),
        ]
    )


def registry() -> EngineRegistry:
    """Return the app's engine registry."""
    return current_app.extensions[EXTENSION_KEY]


def argos_engine() -> ArgosEngine:
    """Return the app's argostranslate engine."""
    return registry().get(ArgosEngine.name)


def reachable_targets(source: str | None = None) -> list[str]:
    """List every language some installed engine translates into (from `source`).

    Regional variants (en-US) are left out: a course asks for a language, and
    the pipeline never translates a track into its own language.
    """
    targets = {
        target
        for from_language, target in registry().pairs()
        if source is None or from_language == source
    }
    return sorted(code for code in targets if not _has_region(code))


def _has_region(code: str) -> bool:
    return without_region(code) != code


def reachable_variant(source: str, target: str) -> str:
    """Return the target, or its language without the region if only that is reached.

    Asked for es-ES where engines give es, Spanish is the useful answer; a
    script (zh-Hant) is never dropped, only a region.
    """
    base = without_region(target)
    if engine_for(source, target) is None and engine_for(source, base) is not None:
        return base
    return target


def engine_for(source: str, target: str) -> TranslationEngine | None:
    """Return the engine for a pair (the admin's choice first), or None."""
    from translation.queries import preferred_engine

    try:
        return registry().engine_for(
            source, target, preferred_engine(source, target, registry().names())
        )
    except PairNotSupported:
        return None


def translate_cues(
    cues: Sequence,
    source: str,
    target: str,
    engine: TranslationEngine,
    course_id: int | None = None,
    broken: list[BrokenTerm] | None = None,
    broken_markup: list[BrokenMarkup] | None = None,
):
    """Translate cues sentence by sentence: memory, then engine with the glossary.

    Glossary terms the engine lost go to `broken`, cues whose inline markup had
    to be dropped to `broken_markup`; both are logged.
    """
    from translation.queries import glossary_for
    from translation.sentences import translate_cues as translate_by_sentence

    if course_id is None:
        course_id = _course_of(cues)
    broken = [] if broken is None else broken
    broken_markup = [] if broken_markup is None else broken_markup
    translated = translate_by_sentence(
        cues,
        engine,
        source,
        target,
        memory=TranslationMemory(
            source, target, current_app.config["SETTINGS"].tm_fuzzy_threshold
        ),
        glossary=glossary_for(course_id, source, target),
        broken=broken,
        broken_markup=broken_markup,
    )
    for problem in broken:
        logger.warning(
            "Glossary term %r did not survive %s (%s to %s) in %r",
            problem.term,
            engine.name,
            source,
            target,
            problem.sentence,
        )
    for problem in broken_markup:
        logger.warning(
            "Inline markup of cue %d (from 1) did not survive %s (%s to %s) "
            "and was dropped: %r",
            problem.cue_index + 1,
            engine.name,
            source,
            target,
            problem.source,
        )
    return translated


def _course_of(cues: Sequence) -> int | None:
    # NOTE: the pipeline passes stored cues without their course; find it
    # through the lesson until the pipeline passes course_id itself.
    track = getattr(cues[0], "track", None) if cues else None
    if track is None:
        return None
    from courses.models import Lesson
    from portal.extensions import db

    lesson = db.session.get(Lesson, track.lesson_id)
    return lesson.course.id if lesson else None


def post_editing_aids(
    course_id: int | None, source: str, target: str, source_texts: list[str]
) -> dict:
    """Return the glossary terms and memory suggestions a post-editor needs."""
    from translation.memory import TranslationMemory
    from translation.queries import glossary_for

    glossary = glossary_for(course_id, source, target)
    terms = [
        {"term": term.term, "translation": term.output()}
        for term in (glossary.terms.values() if glossary else [])
    ]
    threshold = current_app.config["SETTINGS"].tm_fuzzy_threshold
    matches = TranslationMemory(source, target, threshold).lookup(source_texts)
    suggestions = [
        {"text": match.target, "score": round(match.score)} if match else None
        for match in matches
    ]
    return {"terms": terms, "suggestions": suggestions}
