"""`academy languages`, `academy tm`, `academy glossary` and `academy translate`."""

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.errors import UserError
from translation import operations, service
from translation.languages import normalise

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _fail(error: UserError):
    raise click.ClickException(error.message) from error


@click.group("languages")
def languages() -> None:
    """Install and list translation language packs and pairs."""


@languages.command("install")
@click.argument("file", type=_FILE)
@with_appcontext
def install_pack(file: Path) -> None:
    """Install an argostranslate `.argosmodel` language pack from FILE."""
    try:
        pack = operations.install_language_pack(file)
    except UserError as error:
        _fail(error)
    click.echo(f"Installed {pack.source} -> {pack.target} ({pack.path.name}).")


@languages.command("list")
@with_appcontext
def list_pairs() -> None:
    """Print the installed packs, then every pair and the engines that cover it."""
    for pack in service.argos_engine().packs():
        click.echo(f"pack  {pack.source} -> {pack.target}  {pack.version}  {pack.path}")
    for (source, target), engines in sorted(service.registry().pairs().items()):
        click.echo(f"pair  {source} -> {target}  {', '.join(engines)}")


@click.group("tm")
def memory() -> None:
    """Manage the translation memory."""


@memory.command("import")
@click.argument("file", type=_FILE)
@click.option("--source", "source", default="en", show_default=True)
@click.option("--target", "target", required=True, help="e.g. zh")
@with_appcontext
def import_tmx(file: Path, source: str, target: str) -> None:
    """Import the SOURCE-TARGET segments of a TMX file into the memory."""
    try:
        with file.open("rb") as stream:
            read, stored = operations.import_memory(stream, source, target, file.name)
    except UserError as error:
        _fail(error)
    click.echo(
        f"Imported {read} segments ({normalise(source)} -> {normalise(target)}), "
        f"{stored} distinct source texts."
    )


@click.group("glossary")
def glossary() -> None:
    """Manage the organisation's and the courses' glossaries."""


@glossary.command("import")
@click.argument("file", type=_FILE)
@click.option(
    "--course",
    "course_id",
    type=int,
    default=None,
    help="Course id; the organisation's glossary when left out.",
)
@click.option("--source", default=None, help="Source language if the file lacks it.")
@click.option("--target", default=None, help="Target language if the file lacks it.")
@with_appcontext
def import_glossary(file: Path, course_id, source, target) -> None:
    """Import terms from a CSV or TSV file (TICO-19 term lists work as they are)."""
    try:
        text = file.read_text(encoding="utf-8-sig")
        count = operations.import_glossary(text, course_id, source, target)
    except UnicodeDecodeError:
        raise click.ClickException(f"{file.name} is not UTF-8 text.") from None
    except UserError as error:
        _fail(error)
    click.echo(f"Imported {count} glossary terms.")


# `academy translate` wrote OUT, but some cues are still in the source language.
PARTLY_TRANSLATED = 3


@click.command("translate")
@click.argument("source_file", type=_FILE)
@click.option("--to", "target", required=True, help="BCP-47 target language.")
@click.option(
    "--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path)
)
@click.option("--from", "source", default="en", show_default=True)
@click.option(
    "--course",
    "course_id",
    type=int,
    default=None,
    help="Use this course's glossary on top of the organisation's.",
)
@with_appcontext
def translate(source_file: Path, target: str, out_file: Path, source, course_id):
    """Translate a subtitle file; only the cue text changes.

    Timings, identifiers and settings stay; a WebVTT file written as WebVTT
    also keeps its header and its STYLE, REGION and NOTE blocks (notes are not
    translated), with its `Language:` header line set to the target.
    OUT is written only when the translation ran to the end, and never over
    the input. Cues no engine covers (the translation memory alone knows only
    its segments) stay in the source language: the report counts them, a
    warning says so, and the exit status is 3, so a script can tell.
    """
    from translation.subtitles import translate_subtitle_file

    try:
        report = translate_subtitle_file(
            source_file, out_file, normalise(source), normalise(target), course_id
        )
    except UserError as error:
        _fail(error)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(json.dumps(report, ensure_ascii=False))
    kept = sum(
        n for name, n in report["provenance"].items() if name in ("asr", "human")
    )
    if kept:
        # The memory alone leaves sentences it lacks untranslated: say so loudly.
        click.echo(
            f"Warning: {kept} of {report['cues']} cues were left in {source} "
            f"(no engine but the translation memory covers {source}→{target}).",
            err=True,
        )
        raise SystemExit(PARTLY_TRANSLATED)
