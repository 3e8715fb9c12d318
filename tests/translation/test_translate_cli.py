"""`academy translate IN.vtt --to LANG --out OUT.vtt`."""

import io
import shutil

import pytest

from portal.cli import main
from transcripts.formats import read_subtitles, read_webvtt
from translation import operations

needs_apertium = pytest.mark.skipif(
    shutil.which("apertium") is None, reason="Debian's apertium is not installed"
)

SOURCE = """WEBVTT

NOTE a comment the translation drops

intro
00:00:01.000 --> 00:00:03.500 align:start line:80%
<v Dr. Amina>And so my <i>fellow</i> Americans,

00:00:03.500 --> 00:00:07.000
ask not what your country
can do for you.

q-3
00:00:08.000 --> 00:00:09.000
Give aspirin &amp; wash your hands.
"""


def _run(app, *args):
    return app.test_cli_runner().invoke(main, ["translate", *map(str, args)])


@needs_apertium
def test_same_cues_timings_identifiers_and_settings(app, tmp_path):
    source = tmp_path / "talk.vtt"
    source.write_text(SOURCE, encoding="utf-8")
    operations.add_glossary_term(None, "en", "aspirin")
    out = tmp_path / "talk.es.vtt"

    result = _run(app, source, "--to", "es", "--out", out)

    assert result.exit_code == 0, result.output
    original = read_webvtt(SOURCE)
    translated = read_webvtt(out.read_text(encoding="utf-8"))
    assert [(c.identifier, c.start, c.end, c.settings) for c in translated] == [
        (c.identifier, c.start, c.end, c.settings) for c in original
    ]
    assert "Americans" not in translated[0].text
    assert "país" in translated[1].text
    assert "aspirin" in translated[2].text
    assert '"engine": "apertium"' in result.output


def test_memory_segments_are_used_and_counted(app, tmp_path):
    tmx = (
        '<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>Wash your hands.'
        '</seg></tuv><tuv xml:lang="zh"><seg>请洗手。</seg></tuv></tu></body></tmx>'
    )
    operations.import_memory(io.BytesIO(tmx.encode()), "en", "zh", "t.tmx")
    source = tmp_path / "a.srt"
    source.write_text("1\n00:00:01,000 --> 00:00:02,000\nWash your hands.\n\n")
    out = tmp_path / "a.zh.srt"

    result = _run(app, source, "--to", "zh", "--out", out)

    assert result.exit_code == 0, result.output
    [cue] = read_subtitles(out.read_bytes(), out.name)
    assert cue.text == "请洗手。"
    assert '"translation-memory": 1' in result.output


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", ["--to", "xx"], "No installed"),
        ("garbage, not subtitles", ["--to", "es"], "cannot be read"),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", ["--to", "es", "--ext"], ".vtt"),
    ],
)
def test_clear_errors(app, tmp_path, content, args, message):
    source = tmp_path / "in.vtt"
    source.write_text(content)
    out = tmp_path / ("out.txt" if "--ext" in args else "out.vtt")
    args = [a for a in args if a != "--ext"]

    result = _run(app, source, *args, "--out", out)

    assert result.exit_code == 1
    assert message in result.output
    assert not out.exists()
