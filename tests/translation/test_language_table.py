import pytest

from translation.languages import (
    LANGUAGES,
    UnknownLanguage,
    endonym,
    english_name,
    get_language,
    has_word_spaces,
    is_rtl,
    iso639_3,
    normalise,
)

REQUIRED = [
    "en", "zh", "zh-Hant", "es", "fr", "ru", "ar", "ur", "fa", "kk",
    "uz", "ky", "tg", "tk", "mn", "ps", "hi", "bn", "ne", "si", "ta", "th", "lo",
    "km", "my", "vi", "id", "ms", "tl", "sw", "am", "ha", "yo", "sr", "hr", "bs",
    "sh", "mk", "bg", "ro", "hu", "pl", "cs", "sk", "uk", "be", "tr", "az", "ka",
    "hy", "el", "it", "pt", "de", "ca", "gl", "eu", "he",
]  # fmt: skip


@pytest.mark.parametrize("code", REQUIRED)
def test_table_covers_the_required_languages(code):
    language = LANGUAGES[code]
    assert language.endonym and language.english_name
    assert len(language.iso639_3) == 3


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("EN", "en"),
        (" en_us ", "en-US"),
        ("zh_CN", "zh"),
        ("zh-sg", "zh"),
        ("zh-Hans", "zh"),
        ("zh_TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-hans-cn", "zh"),
        ("zh-Hant-TW", "zh-Hant"),
        ("zh", "zh"),
        ("cmn_CN", "zh"),
        ("cmn-Hant", "zh-Hant"),
        ("zt", "zh-Hant"),
        ("zh-yue", "zh-yue"),
        ("sr_latn_rs", "sr-Latn-RS"),
        ("eng", "en"),
        ("spa", "es"),
        ("hbs", "sh"),
        ("iw", "he"),
        ("fil", "tl"),
        ("es-419", "es-419"),
        ("ckb", "ckb"),
    ],
)
def test_normalise_gives_canonical_tags(given, expected):
    assert normalise(given) == expected


@pytest.mark.parametrize("bad", ["", "e", "en--US", "en US", "12", "zh-*"])
def test_normalise_rejects_what_is_not_a_tag(bad):
    with pytest.raises(ValueError):
        normalise(bad)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("zh-Hans", "简体中文"),
        ("zh_TW", "繁體中文"),
        ("ru", "Русский"),
        ("ar", "العربية"),
        ("kk", "Қазақ тілі"),
        ("sr-Latn-RS", "Srpski"),
        ("sr-RS", "Српски"),
        ("es-MX", "Español"),
        ("xx-unknown", "xx-unknown"),
    ],
)
def test_endonym_falls_back_to_shorter_tags_then_to_the_tag(code, name):
    assert endonym(code) == name


def test_english_name_and_iso_code():
    assert english_name("ur") == "Urdu"
    assert iso639_3("en-GB") == "eng"
    assert iso639_3("sh") == "hbs"
    with pytest.raises(UnknownLanguage):
        get_language("tlh")


@pytest.mark.parametrize(
    "code", ["ar", "ur", "fa", "he", "ps", "ug", "ar-EG", "az-Arab"]
)
def test_right_to_left_languages(code):
    assert is_rtl(code)


@pytest.mark.parametrize("code", ["en", "zh-Hans", "tg", "uz", "xx", "ur-Latn", "am"])
def test_left_to_right_languages(code):
    assert not is_rtl(code)


@pytest.mark.parametrize("code", ["zh", "zh-Hant", "ja", "th", "lo", "km", "my"])
def test_languages_written_without_spaces(code):
    assert not has_word_spaces(code)


@pytest.mark.parametrize("code", ["en", "vi", "ko", "ar", "xx", "sr-Latn"])
def test_languages_written_with_spaces(code):
    assert has_word_spaces(code)
