"""The ``subtitles`` click group, run on every subtitle file of the corpus."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import CORPUS as CORPUS_ROOT
from transcripts.cli_subtitles import subtitles
from transcripts.formats import (
    SubtitleFormatError,
    read_subtitles,
    read_webvtt,
)

SUBTITLES = CORPUS_ROOT
SUBTITLES = SUBTITLES / "subtitles"
pytestmark = pytest.mark.skipif(
    not SUBTITLES.is_dir(), reason=f"no corpus at {SUBTITLES}"
)


def corpus_files() -> list:
    if not SUBTITLES.is_dir():
        return []
    paths = sorted(SUBTITLES.glob("*/*.vtt")) + sorted(SUBTITLES.glob("*/*.srt"))
    return [pytest.param(path, id=f"{path.parent.name}/{path.name}") for path in paths]


def expected_cues(path: Path):
    """Return the cues the library reads, or the error it raises."""
    try:
        return read_subtitles(path.read_bytes(), path.name)
    except SubtitleFormatError as error:
        return error


def assert_clear_error(result, error: SubtitleFormatError) -> None:
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # no traceback
    assert "Error:" in result.output
    assert f"Line {error.line}" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path", corpus_files())
def test_show(path: Path) -> None:
    result = CliRunner().invoke(subtitles, ["show", str(path)])
    expected = expected_cues(path)
    if isinstance(expected, SubtitleFormatError):
        assert_clear_error(result, expected)
        return
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records == [
        {"id": cue.identifier, "start": cue.start, "end": cue.end, "text": cue.text}
        for cue in expected
    ]


@pytest.mark.parametrize("path", corpus_files())
def test_convert_to_webvtt(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.vtt"
    result = CliRunner().invoke(subtitles, ["convert", str(path), str(target)])
    expected = expected_cues(path)
    if isinstance(expected, SubtitleFormatError):
        assert_clear_error(result, expected)
        return
    if any(cue.end <= cue.start for cue in expected):
        # A valid WebVTT file cannot hold a cue that ends before it starts.
        assert result.exit_code == 1
        assert "must end after it starts" in result.output
        return
    assert result.exit_code == 0, result.output
    cues = read_webvtt(target.read_text(encoding="utf-8"))
    ordered = sorted(expected, key=lambda cue: cue.start)
    assert [(c.start, c.end, shown_lines(c)) for c in cues] == [
        (c.start, c.end, shown_lines(c)) for c in ordered
    ]


def shown_lines(cue) -> list[str]:
    # The writer drops lines that are only spaces; nothing visible changes.
    return [line for line in cue.plain_text.split("\n") if line.strip()]


def test_convert_between_srt_vtt_and_txt(tmp_path: Path) -> None:
    source = SUBTITLES / "media3_srt" / "typical.srt"
    runner = CliRunner()
    vtt, srt, txt = tmp_path / "a.vtt", tmp_path / "b.srt", tmp_path / "c.txt"
    assert runner.invoke(subtitles, ["convert", str(source), str(vtt)]).exit_code == 0
    assert runner.invoke(subtitles, ["convert", str(vtt), str(srt)]).exit_code == 0
    assert runner.invoke(subtitles, ["convert", str(srt), str(txt)]).exit_code == 0
    assert srt.read_text().rstrip("\n") == source.read_text().rstrip("\n")
    assert txt.read_text().splitlines() == [
        "This is the first subtitle.",
        "This is the second subtitle.",
        "Second subtitle with second line.",
        "This is the third subtitle.",
    ]


def test_show_plain_strips_tags() -> None:
    path = SUBTITLES / "webvttpy" / "cue_tags.vtt"
    result = CliRunner().invoke(subtitles, ["show", "--plain", str(path)])
    texts = [json.loads(line)["text"] for line in result.output.splitlines()]
    assert texts == [
        "When the moon hits your eye",
        "Like a big-a pizza pie",
        "That's amore",
    ]


def test_show_with_named_encoding() -> None:
    path = SUBTITLES / "srt_cdown" / "gb2312.srt"
    result = CliRunner().invoke(subtitles, ["show", "--encoding", "gb2312", str(path)])
    assert (
        json.loads(result.output.splitlines()[0])["text"]
        == "宇宙守护神  保护我们远离邪恶"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["show", "missing.srt"], "Cannot read"),
        (["convert", "missing.srt", "out.vtt"], "Cannot read"),
        (["convert", "in.srt", "out.docx"], "use a .vtt, .srt or .txt"),
    ],
)
def test_errors_are_clear(arguments: list[str], message: str, tmp_path: Path) -> None:
    (tmp_path / "in.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    paths = [arguments[0], *(str(tmp_path / name) for name in arguments[1:])]
    result = CliRunner().invoke(subtitles, paths)
    assert result.exit_code == 1
    assert message in result.output
    assert isinstance(result.exception, SystemExit)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "clip.srt"
    path.write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(subtitles, ["show", str(path)])
    assert result.exit_code == 1
    assert "binary data" in result.output or "encoding" in result.output
