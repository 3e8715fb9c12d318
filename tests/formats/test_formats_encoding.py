"""Encoding detection: read what can be told apart, refuse what cannot."""

import codecs
import random

import pytest

from transcripts.formats import (
    SubtitleEncodingError,
    SubtitleFormatError,
    decode_subtitle_bytes,
    read_subtitles,
)

SRT_TEMPLATE = (
    "1\n00:00:01,000 --> 00:00:02,000\n{}\n\n2\n00:00:03,000 --> 00:00:04,000\n{}\n"
)

# One pair of cue lines per language the portal teaches in, in the legacy
# encoding that language's subtitle files most often use.
LEGACY_SAMPLES = [
    ("cp1252", "Café crème, déjà vu.", "Ça va très bien, merci à vous."),
    ("cp1252", "¿Dónde está el baño?", "¡Mañana por la mañana!"),
    ("cp1252", "Grüße aus München", "schöne Straße"),
    ("cp1251", "Привет, как дела?", "Всё хорошо, спасибо."),
    ("koi8_r", "Привет, как дела?", "Всё хорошо, спасибо большое."),
    ("cp1256", "مرحبا بكم في الدورة الطبية", "شكرا جزيلا"),
    ("gb2312", "你好，欢迎来到医学课程", "谢谢大家"),
    ("big5", "你好，歡迎來到醫學課程", "謝謝大家"),
    # Very short cues still decode when only one reading makes sense.
    ("cp1251", "Да", "Нет"),
    ("cp1252", "Oui", "Café"),
    # Other languages' code pages are read when they clearly fit best.
    ("cp1250", "Zażółć gęślą jaźń", "Dzień dobry"),
    ("cp1253", "Καλημέρα σας", "Ευχαριστώ πολύ"),
    ("cp932", "こんにちは、元気ですか。", "ありがとう"),
    ("euc_kr", "안녕하세요, 의학 강좌에 오신 것을 환영합니다", "감사합니다"),
]


@pytest.mark.parametrize(("encoding", "first", "second"), LEGACY_SAMPLES)
def test_legacy_encodings_of_the_portal_languages(
    encoding: str, first: str, second: str
) -> None:
    text = SRT_TEMPLATE.format(first, second)
    cues = read_subtitles(text.encode(encoding), "lesson.srt")
    assert [cue.text for cue in cues] == [first, second]


@pytest.mark.parametrize(
    ("mark", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks(mark: bytes, codec: str) -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nمرحبا 你好\n"
    cues = read_subtitles(mark + text.encode(codec), "lesson.vtt")
    assert cues[0].text == "مرحبا 你好"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(codec: str) -> None:
    text = SRT_TEMPLATE.format("Hello", "你好")
    assert decode_subtitle_bytes(text.encode(codec)) == text


@pytest.mark.parametrize(
    "data",
    [
        bytes(random.Random(7).randrange(256) for _ in range(400)),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom",
        bytes(range(128, 256)) * 3,
    ],
    ids=["random", "png", "mp4", "high-bytes"],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(SubtitleEncodingError):
        read_subtitles(data, "lesson.srt")


@pytest.mark.parametrize(
    ("encoding", "first", "second"),
    [
        # Hebrew in Windows-1255 reads as plausible Cyrillic in Windows-1251.
        ("cp1255", "שלום עולם", "תודה רבה"),
        # Two Chinese characters are too little to tell GB2312 from Big5.
        ("gb2312", "是", "不"),
    ],
)
def test_unidentifiable_encodings_are_refused(
    encoding: str, first: str, second: str
) -> None:
    data = SRT_TEMPLATE.format(first, second).encode(encoding)
    with pytest.raises(SubtitleEncodingError) as error:
        read_subtitles(data, "lesson.srt")
    assert "UTF-8" in str(error.value)
    assert isinstance(error.value, SubtitleFormatError)


def test_named_encoding_is_used_as_given() -> None:
    data = SRT_TEMPLATE.format("Да", "Нет").encode("cp1251")
    cues = read_subtitles(data, "lesson.srt", encoding="cp1251")
    assert [cue.text for cue in cues] == ["Да", "Нет"]


def test_wrong_named_encoding_is_a_clear_error() -> None:
    with pytest.raises(SubtitleEncodingError, match="not valid utf-8"):
        read_subtitles("Café".encode("cp1252"), "lesson.srt", encoding="utf-8")
    with pytest.raises(SubtitleEncodingError):
        read_subtitles(b"x", "lesson.srt", encoding="no-such-codec")
