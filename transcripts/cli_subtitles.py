"""Command-line tools for subtitle files, registered as ``academy subtitles``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

import click

from transcripts.formats import (
    SubtitleCue,
    SubtitleFormatError,
    read_subtitles,
    write_srt,
    write_text,
    write_webvtt,
)

WRITERS: Mapping[str, Callable[[Iterable[SubtitleCue]], str]] = MappingProxyType(
    {".vtt": write_webvtt, ".srt": write_srt, ".txt": write_text}
)

_ENCODING_HELP = "Text encoding of the file; detected when left out."


@click.group("subtitles")
def subtitles() -> None:
    """Show and convert subtitle files (WebVTT, SubRip, plain text)."""


@subtitles.command("show")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--encoding", default=None, help=_ENCODING_HELP)
@click.option("--plain", is_flag=True, help="Print text without tags.")
def show(file: Path, encoding: str | None, plain: bool) -> None:
    """Print the cues of FILE as JSON, one cue per line."""
    for cue in _read(file, encoding):
        click.echo(json.dumps(_cue_record(cue, plain), ensure_ascii=False))


@subtitles.command("convert")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--encoding", default=None, help=_ENCODING_HELP)
def convert(source: Path, target: Path, encoding: str | None) -> None:
    """Convert SOURCE to TARGET; the extension (.vtt, .srt, .txt) picks the format."""
    writer = WRITERS.get(target.suffix.lower())
    if writer is None:
        raise click.ClickException(
            f"Cannot write {target.name}: use a .vtt, .srt or .txt file name."
        )
    cues = _read(source, encoding)
    try:
        output = writer(cues)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    _write(target, output)
    click.echo(f"Wrote {len(cues)} cues to {target}.")


def _cue_record(cue: SubtitleCue, plain: bool) -> dict[str, object]:
    text = cue.plain_text if plain else cue.text
    return {"id": cue.identifier, "start": cue.start, "end": cue.end, "text": text}


def _read(path: Path, encoding: str | None) -> list[SubtitleCue]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise click.ClickException(f"Cannot read {path}: {error.strerror}.") from error
    try:
        return read_subtitles(data, path.name, encoding)
    except SubtitleFormatError as error:
        raise click.ClickException(f"{path.name}: {error}") from error


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        raise click.ClickException(f"Cannot write {path}: {error.strerror}.") from error
