"""Chinese subtitles in the script the course asks for, converted with OpenCC."""

from functools import lru_cache

from translation.languages import normalise

SIMPLIFIED, TRADITIONAL = "zh-Hans", "zh-Hant"
# OpenCC's phrase-aware conversions, from either script into the wanted one.
CONVERSIONS = {SIMPLIFIED: "t2s", TRADITIONAL: "s2t"}


@lru_cache(maxsize=2)
def _converter(config: str):
    """Load an OpenCC converter once per process; it holds only dictionaries."""
    import opencc

    return opencc.OpenCC(config)


def is_chinese(language: str | None) -> bool:
    """Tell whether a language code names Chinese (zh, zh-CN, zh-Hant, ...)."""
    return bool(language) and language.split("-")[0].lower() == "zh"


def tagged_by_script(language: str | None, script: str) -> str | None:
    """Return the tag of recognised speech: Chinese by its script (zh, zh-Hant)."""
    return normalise(script) if is_chinese(language) else language


def to_script(text: str, script: str) -> str:
    """Write Chinese text in Simplified or Traditional characters."""
    config = CONVERSIONS.get(script)
    if config is None:
        raise ValueError(f"unknown Chinese script {script!r}")
    return _converter(config).convert(text)
