"""Know the languages the portal translates between, by their BCP-47 tags."""

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Language:
    """One language as the portal shows it and as engines name it."""

    code: str
    english_name: str
    endonym: str
    iso639_3: str
    is_rtl: bool = False
    has_word_spaces: bool = True


class UnknownLanguage(LookupError):
    """Raised when a tag names no language in the table."""


_LANGUAGES = (
    Language("en", "English", "English", "eng"),
    # `zh` is Chinese in Simplified characters, as the portal's tracks have always
    # been tagged; Traditional characters are the distinct `zh-Hant`.
    Language("zh", "Chinese (Simplified)", "简体中文", "zho", has_word_spaces=False),
    Language(
        "zh-Hant", "Chinese (Traditional)", "繁體中文", "zho", has_word_spaces=False
    ),
    Language("ja", "Japanese", "日本語", "jpn", has_word_spaces=False),
    Language("ko", "Korean", "한국어", "kor"),
    Language("es", "Spanish", "Español", "spa"),
    Language("fr", "French", "Français", "fra"),
    Language("pt", "Portuguese", "Português", "por"),
    Language("it", "Italian", "Italiano", "ita"),
    Language("de", "German", "Deutsch", "deu"),
    Language("ca", "Catalan", "Català", "cat"),
    Language("gl", "Galician", "Galego", "glg"),
    Language("eu", "Basque", "Euskara", "eus"),
    Language("ro", "Romanian", "Română", "ron"),
    Language("hu", "Hungarian", "Magyar", "hun"),
    Language("pl", "Polish", "Polski", "pol"),
    Language("cs", "Czech", "Čeština", "ces"),
    Language("sk", "Slovak", "Slovenčina", "slk"),
    Language("el", "Greek", "Ελληνικά", "ell"),
    Language("ru", "Russian", "Русский", "rus"),
    Language("uk", "Ukrainian", "Українська", "ukr"),
    Language("be", "Belarusian", "Беларуская", "bel"),
    Language("bg", "Bulgarian", "Български", "bul"),
    Language("mk", "Macedonian", "Македонски", "mkd"),
    Language("sr", "Serbian", "Српски", "srp"),
    Language("sr-Latn", "Serbian (Latin)", "Srpski", "srp"),
    Language("hr", "Croatian", "Hrvatski", "hrv"),
    Language("bs", "Bosnian", "Bosanski", "bos"),
    # `sh` is deprecated in BCP-47 but is the only tag for the macrolanguage
    # that Apertium's `hbs` data covers as a whole.
    Language("sh", "Serbo-Croatian", "Srpskohrvatski", "hbs"),
    Language("tr", "Turkish", "Türkçe", "tur"),
    Language("az", "Azerbaijani", "Azərbaycanca", "aze"),
    Language("ka", "Georgian", "ქართული", "kat"),
    Language("hy", "Armenian", "Հայերեն", "hye"),
    Language("kk", "Kazakh", "Қазақ тілі", "kaz"),
    Language("uz", "Uzbek", "Oʻzbekcha", "uzb"),
    Language("ky", "Kyrgyz", "Кыргызча", "kir"),
    Language("tg", "Tajik", "Тоҷикӣ", "tgk"),
    Language("tk", "Turkmen", "Türkmençe", "tuk"),
    Language("mn", "Mongolian", "Монгол", "mon"),
    Language("ar", "Arabic", "العربية", "ara", is_rtl=True),
    Language("fa", "Persian", "فارسی", "fas", is_rtl=True),
    Language("ur", "Urdu", "اردو", "urd", is_rtl=True),
    Language("ps", "Pashto", "پښتو", "pus", is_rtl=True),
    Language("he", "Hebrew", "עברית", "heb", is_rtl=True),
    Language("ug", "Uyghur", "ئۇيغۇرچە", "uig", is_rtl=True),
    Language("ckb", "Central Kurdish", "کوردی", "ckb", is_rtl=True),
    Language("sd", "Sindhi", "سنڌي", "snd", is_rtl=True),
    Language("dv", "Divehi", "ދިވެހި", "div", is_rtl=True),
    Language("yi", "Yiddish", "ייִדיש", "yid", is_rtl=True),
    Language("hi", "Hindi", "हिन्दी", "hin"),
    Language("bn", "Bengali", "বাংলা", "ben"),
    Language("ne", "Nepali", "नेपाली", "nep"),
    Language("si", "Sinhala", "සිංහල", "sin"),
    Language("ta", "Tamil", "தமிழ்", "tam"),
    Language("th", "Thai", "ไทย", "tha", has_word_spaces=False),
    Language("lo", "Lao", "ລາວ", "lao", has_word_spaces=False),
    Language("km", "Khmer", "ខ្មែរ", "khm", has_word_spaces=False),
    Language("my", "Burmese", "မြန်မာ", "mya", has_word_spaces=False),
    Language("bo", "Tibetan", "བོད་ཡིག", "bod", has_word_spaces=False),
    Language("vi", "Vietnamese", "Tiếng Việt", "vie"),
    Language("id", "Indonesian", "Bahasa Indonesia", "ind"),
    Language("ms", "Malay", "Bahasa Melayu", "msa"),
    Language("tl", "Tagalog", "Tagalog", "tgl"),
    Language("sw", "Swahili", "Kiswahili", "swa"),
    Language("am", "Amharic", "አማርኛ", "amh"),
    Language("ha", "Hausa", "Hausa", "hau"),
    Language("yo", "Yoruba", "Yorùbá", "yor"),
)

LANGUAGES: dict[str, Language] = {language.code: language for language in _LANGUAGES}

# Tags a browser, an operating system or an old data set may still send.
_ALIASES = {
    "iw": "he",
    "in": "id",
    "ji": "yi",
    "mo": "ro",
    "fil": "tl",
    "cmn": "zh",
    "zsm": "ms",
    "pes": "fa",
    "khk": "mn",
    "uzn": "uz",
    "azj": "az",
    "npi": "ne",
    # argostranslate names its Traditional Chinese packs `zt`.
    "zt": "zh-Hant",
}
# Where Chinese is written in Traditional characters; elsewhere in Simplified.
_TRADITIONAL_REGIONS = {"TW", "HK", "MO"}
# BCP-47 prefers the two-letter code wherever ISO 639-1 has one.
_BY_ISO639_3 = {
    language.iso639_3: language.code
    for language in _LANGUAGES
    if len(language.code) == 2
}
_RTL_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm", "Rohg", "Mand"}
_UNSPACED_SCRIPTS = {"Hans", "Hant", "Jpan", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"}
_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


def _case_subtags(subtags: list[str]) -> list[str]:
    cased = [subtags[0].lower()]
    for subtag in subtags[1:]:
        if len(subtag) == 4 and subtag.isalpha():
            cased.append(subtag.title())
        elif len(subtag) == 2 and subtag.isalpha():
            cased.append(subtag.upper())
        else:
            cased.append(subtag.lower())
    return cased


def _chinese(subtags: list[str]) -> str:
    # A script subtag decides; a region only implies the usual script there.
    rest = subtags[1:]
    if rest and len(rest[0]) == 3 and rest[0].isalpha():
        return "-".join(subtags)  # an extended language (zh-yue) is another language
    script = next((s for s in rest if len(s) == 4 and s.isalpha()), None)
    if script is None:
        is_traditional = any(s in _TRADITIONAL_REGIONS for s in rest)
        return "zh-Hant" if is_traditional else "zh"
    return "zh" if script == "Hans" else f"zh-{script}"


# A pure function of its argument, asked for the same few tags per sentence.
@lru_cache(maxsize=1024)
def normalise(code: str) -> str:
    """Return a tag's canonical BCP-47 form: 'eng' -> 'en', 'en_us' -> 'en-US'.

    Chinese keeps only its script: 'zh-Hans', 'zh_CN' and 'cmn' give 'zh' (the
    Simplified characters the portal's tracks are in), 'zh-TW' gives 'zh-Hant'.
    """
    cleaned = code.strip().replace("_", "-")
    if not _TAG.match(cleaned):
        raise ValueError(f"not a language tag: {code!r}")
    subtags = _case_subtags(cleaned.split("-"))
    primary = _ALIASES.get(subtags[0], _BY_ISO639_3.get(subtags[0], subtags[0]))
    subtags = [*primary.split("-"), *subtags[1:]]
    if subtags[0] == "zh":
        return _chinese(subtags)
    return "-".join(subtags)


def without_region(code: str) -> str:
    """Return a tag without its region, which lookups ignore: 'es-419' -> 'es'."""
    primary, *rest = normalise(code).split("-")
    return "-".join([primary, *(s for s in rest if not _is_region(s))])


def _is_region(subtag: str) -> bool:
    return (len(subtag) == 2 and subtag.isupper()) or subtag.isdigit()


def _script(code: str) -> str | None:
    return next((s for s in code.split("-")[1:] if len(s) == 4 and s.isalpha()), None)


def find_language(code: str) -> Language | None:
    """Return the table entry for a tag, falling back to shorter prefixes."""
    subtags = normalise(code).split("-")
    for length in range(len(subtags), 0, -1):
        language = LANGUAGES.get("-".join(subtags[:length]))
        if language is not None:
            return language
    return None


def get_language(code: str) -> Language:
    """Return the table entry for a tag or raise UnknownLanguage."""
    language = find_language(code)
    if language is None:
        raise UnknownLanguage(code)
    return language


def endonym(code: str) -> str:
    """Return the language's name in its own script, or the tag if it is unknown."""
    language = find_language(code)
    return language.endonym if language else normalise(code)


def english_name(code: str) -> str:
    """Return the language's English name, or the tag if it is unknown."""
    language = find_language(code)
    return language.english_name if language else normalise(code)


def is_rtl(code: str) -> bool:
    """Tell whether text in this language is written right to left."""
    script = _script(normalise(code))
    if script is not None:
        return script in _RTL_SCRIPTS
    language = find_language(code)
    return language.is_rtl if language else False


def has_word_spaces(code: str) -> bool:
    """Tell whether the language separates words with spaces."""
    script = _script(normalise(code))
    if script is not None and script in _UNSPACED_SCRIPTS:
        return False
    language = find_language(code)
    return language.has_word_spaces if language else True


def iso639_3(code: str) -> str:
    """Return the ISO 639-3 code that Apertium and other engines use for a tag."""
    return get_language(code).iso639_3
