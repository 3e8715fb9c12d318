"""`academy translate IN.vtt --to LANG --out OUT.vtt`."""

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest

from portal.cli import main
from tests.translation.engines import needs_apertium
from transcripts.formats import parse_webvtt, read_srt, read_subtitles
from translation import operations, service
from translation.engines import TranslationError

SOURCE = """WEBVTT - Lecture 3: wound care
Kind: captions
Language: en

NOTE
Reviewed by the course author; keep this comment in English.

STYLE
::cue(.drug) {
  color: yellow;
}

REGION
id:left width:40% lines:3 regionanchor:0%,100% viewportanchor:10%,90%

intro
00:00:01.000 --> 00:00:03.500 region:left line:80% align:start
<v Dr. Amina>And so my <i>fellow</i> Americans,

00:00:03.500 --> 00:00:07.000
ask not what your country
can do for you.

NOTE the next cue is spoken off camera

q-3
00:00:08.000 --> 00:00:09.000 position:10% size:50%
Give aspirin &amp; wash your hands.

NOTE end of part one
"""

SRT_SOURCE = """2
00:00:01,000 --> 00:00:03,000
{\\an8}Wash your hands.

4
00:00:03,500 --> 00:00:05,000
{\\an1}Ask your country.

"""


def _run(app, *args):
    return app.test_cli_runner().invoke(main, ["translate", *map(str, args)])


def _without_text(document):
    """Return the document with empty cue text: its structure only."""
    return replace(document, cues=[replace(cue, text="") for cue in document.cues])


def _assert_clean_failure(result, message: str, folder: Path) -> None:
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # a message, no traceback
    assert message in result.output
    assert "Traceback" not in result.output
    assert not list(folder.glob("*.part")) and not list(folder.glob(".*.part"))


@needs_apertium
def test_the_whole_webvtt_document_is_kept(app, tmp_path):
    source = tmp_path / "talk.vtt"
    source.write_text(SOURCE, encoding="utf-8")
    operations.add_glossary_term(None, "en", "aspirin")
    out = tmp_path / "talk.es.vtt"

    result = _run(app, source, "--to", "es", "--out", out)

    assert result.exit_code == 0, result.output
    original = parse_webvtt(SOURCE)
    translated = parse_webvtt(out.read_text(encoding="utf-8"))
    assert _without_text(translated) == replace(
        _without_text(original),
        header=original.header.replace("Language: en", "Language: es"),
    )
    assert translated.notes == original.notes  # comments are not translated
    assert "Americans" not in translated.cues[0].text
    assert "país" in translated.cues[1].text
    assert "aspirin" in translated.cues[2].text
    assert '"engine": "apertium"' in result.output


@needs_apertium
def test_srt_keeps_its_numbers_and_positions(app, tmp_path):
    source = tmp_path / "talk.srt"
    source.write_text(SRT_SOURCE, encoding="utf-8")
    out = tmp_path / "talk.es.srt"

    result = _run(app, source, "--to", "es", "--out", out)

    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8")
    assert written.startswith("2\n00:00:01,000 --> 00:00:03,000\n{\\an8}")
    assert "\n\n4\n00:00:03,500 --> 00:00:05,000\n{\\an1}" in written
    original, translated = read_srt(SRT_SOURCE), read_srt(written)
    assert [(c.identifier, c.settings) for c in translated] == [
        (c.identifier, c.settings) for c in original
    ]
    assert "Wash" not in translated[0].text


@needs_apertium
@pytest.mark.parametrize(
    ("name", "content", "out_name"),
    [("talk.vtt", SOURCE, "talk.es.srt"), ("talk.srt", SRT_SOURCE, "talk.es.vtt")],
)
def test_converting_between_formats_keeps_the_cues(
    app, tmp_path, name, content, out_name
):
    source = tmp_path / name
    source.write_text(content, encoding="utf-8")
    out = tmp_path / out_name

    result = _run(app, source, "--to", "es", "--out", out)

    assert result.exit_code == 0, result.output
    original = read_subtitles(source.read_bytes(), source.name)
    translated = read_subtitles(out.read_bytes(), out.name)
    assert [(c.start, c.end) for c in translated] == [
        (c.start, c.end) for c in original
    ]
    if out.suffix == ".vtt":
        assert [c.settings for c in translated] == ["line:0", "align:left"]


def _remember_wash_your_hands() -> None:
    tmx = (
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>Wash your hands.'
        '</seg></tuv><tuv xml:lang="zh"><seg>请洗手。</seg></tuv></tu></body></tmx>'
    )
    operations.import_memory(io.BytesIO(tmx.encode()), "en", "zh", "t.tmx")


def test_memory_segments_are_used_and_counted(app, tmp_path):
    _remember_wash_your_hands()
    source = tmp_path / "a.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,000\nWash your hands.\n\n")
    out = tmp_path / "a.zh.srt"

    result = _run(app, source, "--to", "zh", "--out", out)

    assert result.exit_code == 0, result.output
    [cue] = read_subtitles(out.read_bytes(), out.name)
    assert cue.text == "请洗手。"
    assert '"translation-memory": 1' in result.output


ONE_CUE = b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n"


@pytest.mark.parametrize(
    ("name", "content", "args", "message"),
    [
        ("in.vtt", None, ["--to", "es"], "does not exist"),
        ("in.srt", bytes(range(256)) * 8, ["--to", "es"], "cannot be read"),
        (
            "in.vtt",
            b"\x00\xff\xfe garbage \x80\x81" * 50,
            ["--to", "es"],
            "cannot be read",
        ),
        ("in.vtt", b"", ["--to", "es"], "must start with the word WEBVTT"),
        ("in.srt", b"", ["--to", "es"], "holds no cue"),
        ("in.vtt", b"WEBVTT\n\nNOTE only a comment\n", ["--to", "es"], "holds no cue"),
        ("in.vtt", ONE_CUE, ["--to", "es", "--out", "out.txt"], ".vtt or .srt"),
        ("in.vtt", ONE_CUE, ["--to", "xx"], "No installed engine"),
        ("in.vtt", ONE_CUE, ["--to", "not a language!"], "not a language tag"),
        ("in.vtt", ONE_CUE, ["--to", "es", "--out", "gone/out.vtt"], "gone"),
        ("in.vtt", ONE_CUE, ["--to", "es", "--course", "999"], "no course"),
    ],
)
def test_bad_input_gives_a_clear_message(app, tmp_path, name, content, args, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    if "--out" not in args:
        args = [*args, "--out", "out.vtt"]
    args = [str(tmp_path / a) if a.startswith(("out", "gone")) else a for a in args]

    result = _run(app, source, *args)

    _assert_clean_failure(result, message, tmp_path)
    assert not (tmp_path / "out.vtt").exists()
    assert not (tmp_path / "out.txt").exists()


def test_a_failed_translation_leaves_out_as_it_was(app, tmp_path, monkeypatch):
    source = tmp_path / "in.vtt"
    source.write_bytes(ONE_CUE)
    out = tmp_path / "out.vtt"
    out.write_text("the previous translation")

    def fail(*_args, **_kwargs):
        raise TranslationError("apertium stopped after 30 s")

    monkeypatch.setattr(service, "engine_for", lambda *_args: _Engine())
    monkeypatch.setattr(service, "translate_cues", fail)
    result = _run(app, source, "--to", "es", "--out", out)

    _assert_clean_failure(result, "The translation failed: apertium stopped", tmp_path)
    assert out.read_text() == "the previous translation"


def test_a_failed_write_leaves_out_as_it_was(app, tmp_path, monkeypatch):
    source = tmp_path / "in.vtt"
    source.write_bytes(ONE_CUE)
    out = tmp_path / "out.vtt"
    out.write_text("the previous translation")

    def full_disk(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(service, "engine_for", lambda *_args: _Engine())
    monkeypatch.setattr(Path, "replace", full_disk)
    result = _run(app, source, "--to", "es", "--out", out)

    _assert_clean_failure(result, "No space left on device", tmp_path)
    assert out.read_text() == "the previous translation"


@needs_apertium
def test_a_file_the_writer_refuses_is_not_written(app, tmp_path):
    # The W3C parser keeps a cue that ends before it starts; no writer does.
    source = tmp_path / "in.vtt"
    source.write_text("WEBVTT\n\n00:02.000 --> 00:01.000\nHello.\n")
    out = tmp_path / "out.vtt"

    result = _run(app, source, "--to", "es", "--out", out)

    _assert_clean_failure(result, "must end after it starts", tmp_path)
    assert not out.exists()


class _Engine:
    """An engine that translates by echoing, for failures after the engine."""

    name = "echo"

    def pairs(self):
        return {("en", "es")}

    def translate(self, texts, source, target):
        return list(texts)


class _TagLosingEngine(_Engine):
    """An engine that loses the placeholders standing for inline tags."""

    def translate(self, texts, source, target):
        return [re.sub(r"XM\d+X", "", text) for text in texts]


def test_inline_markup_an_engine_lost_is_reported(app, tmp_path, monkeypatch):
    source = tmp_path / "in.vtt"
    source.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<i>Plain line.</i>\n\n"
        "00:00:02.000 --> 00:00:03.000\n<v Nurse>Wash <b>both</b> hands.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.vtt"
    monkeypatch.setattr(service, "engine_for", lambda *_args: _TagLosingEngine())

    result = _run(app, source, "--to", "es", "--out", out)

    assert result.exit_code == 0, result.output
    assert '"markup_dropped": [2]' in result.output
    cues = parse_webvtt(out.read_text(encoding="utf-8")).cues
    assert [cue.text for cue in cues] == [
        "<i>Plain line.</i>",
        "<v Nurse>Wash both hands.</v>",
    ]


def test_the_source_file_is_never_overwritten(app, tmp_path):
    source = tmp_path / "in.vtt"
    source.write_bytes(ONE_CUE)

    result = _run(app, source, "--to", "es", "--out", tmp_path / "." / "in.vtt")

    _assert_clean_failure(result, "another file than its source", tmp_path)
    assert source.read_bytes() == ONE_CUE


@needs_apertium
def test_a_regional_target_falls_back_to_its_language(app, tmp_path):
    source = tmp_path / "in.vtt"
    source.write_bytes(ONE_CUE)
    out = tmp_path / "out.vtt"

    result = _run(app, source, "--to", "es_ES", "--out", out)

    assert result.exit_code == 0, result.output
    assert '"engine": "apertium"' in result.output


def test_cues_left_untranslated_are_written_warned_about_and_exit_3(app, tmp_path):
    _remember_wash_your_hands()
    source = tmp_path / "a.vtt"
    source.write_text(
        "WEBVTT\nLanguage: en\n\n00:01.000 --> 00:02.000\nWash your hands.\n\n"
        "00:02.000 --> 00:03.000\nSit down.\n"
    )
    out = tmp_path / "a.zh.vtt"

    result = _run(app, source, "--to", "zh", "--out", out)

    assert result.exit_code == 3
    assert "1 of 2 cues were left in en" in result.output
    document = parse_webvtt(out.read_text(encoding="utf-8"))
    assert [cue.text for cue in document.cues] == ["请洗手。", "Sit down."]
    assert document.header.endswith("Language: zh")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--course", "99999999999999999999"], "There is no course"),
        (["--from", "en-GB"], "No installed engine"),
    ],
)
def test_an_unknown_course_or_unreached_source_is_refused_cleanly(
    app, tmp_path, args, message
):
    source = tmp_path / "in.vtt"
    source.write_bytes(ONE_CUE)

    result = _run(app, source, "--to", "es", "--out", tmp_path / "out.vtt", *args)

    _assert_clean_failure(result, message, tmp_path)
