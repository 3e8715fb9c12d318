"""Keep the UI message catalogs in portal/locale/ in step with the code.

Run as `python -m portal.catalogs extract|update|compile|check|init LOCALE`
(`scripts/catalogs.sh` does the same); the README explains the workflow.
"""

import contextlib
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
TEMPLATE = LOCALE_DIR / "messages.pot"
PACKAGES = ["portal", "courses", "transcripts", "translation"]
# The source language: its catalog repeats each message, so that wording can be
# edited in the catalog without touching code.
SOURCE_LOCALE = "en"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def extract(template: Path = TEMPLATE) -> Path:
    """Write a catalog template of every UI message in the code and templates."""
    # From the root, so the catalogs name files by their path in the repository.
    with contextlib.chdir(ROOT):
        _extract_here(template.resolve())
    return template


def _extract_here(template: Path) -> None:
    _pybabel(
        "extract",
        "--mapping-file=babel.cfg",
        "--keywords=_l lazy_gettext Message plural_message:1,2",
        "--add-location=file",
        "--sort-by-file",
        "--project=Silk Road Health Academy",
        "--copyright-holder=Silk Road Health Academy contributors",
        "--version=0.1",
        f"--output-file={template}",
        *PACKAGES,
    )


def catalog_path(locale: str) -> Path:
    """Return the path of a locale's .po file."""
    return LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"


def locales() -> list[str]:
    """Return the locales that have a catalog."""
    return sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/*/*.po"))


def _fill_source_catalog() -> None:
    path = catalog_path(SOURCE_LOCALE)
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=SOURCE_LOCALE)
    for message in catalog:
        if message.id and not message.string:
            message.string = message.id
    _write_po(catalog, path)


def _write_po(catalog, path: Path) -> None:
    with path.open("wb") as stream:
        write_po(stream, catalog, include_previous=True, width=76)


def update() -> None:
    """Extract the messages again and merge them into every catalog."""
    extract()
    _pybabel(
        "update",
        f"--input-file={TEMPLATE}",
        f"--output-dir={LOCALE_DIR}",
        "--ignore-obsolete",
        "--previous",
    )
    _fill_source_catalog()


def init(locale: str) -> None:
    """Start a catalog for a new locale from a fresh template."""
    extract()
    _pybabel(
        "init", f"--input-file={TEMPLATE}", f"--output-dir={LOCALE_DIR}", "-l", locale
    )


def compile_catalogs(target: Path = LOCALE_DIR) -> list[Path]:
    """Compile each catalog to a .mo file under `target`, leaving out fuzzy entries."""
    written = []
    for locale in locales():
        with catalog_path(locale).open("rb") as stream:
            catalog = read_po(stream, locale=locale)
        mo_path = target / locale / "LC_MESSAGES" / "messages.mo"
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with mo_path.open("wb") as stream:
            write_mo(stream, catalog)
        written.append(mo_path)
    return written


def problems(locale: str, template: Path) -> list[str]:
    """List what keeps a locale's catalog from matching the template in full."""
    with template.open("rb") as stream:
        wanted = {message.id for message in read_po(stream) if message.id}
    with catalog_path(locale).open("rb") as stream:
        catalog = read_po(stream, locale=locale)
    found = []
    for message_id in sorted(wanted - {m.id for m in catalog if m.id}, key=str):
        found.append(f"{locale}: missing {message_id!r}")
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            found.append(f"{locale}: fuzzy {message.id!r}")
        elif not message.string or not all(_strings(message)):
            found.append(f"{locale}: untranslated {message.id!r}")
        found += [f"{locale}: {error} in {message.id!r}" for error in message.check()]
    return found


def _strings(message) -> tuple[str, ...]:
    string = message.string
    return tuple(string) if isinstance(string, tuple | list) else (string,)


def check(template: Path | None = None) -> list[str]:
    """List every problem of every catalog against freshly extracted messages."""
    template = extract(template or LOCALE_DIR / "check.pot")
    try:
        return [
            problem for locale in locales() for problem in problems(locale, template)
        ]
    finally:
        if template.parent == LOCALE_DIR:
            template.unlink()


def main(argv: list[str]) -> int:
    """Run one catalog command from the command line."""
    command, *args = argv or ["help"]
    if command == "extract":
        print(extract())
    elif command == "update":
        update()
    elif command == "init" and len(args) == 1:
        init(args[0])
    elif command == "compile":
        for path in compile_catalogs():
            print(path.relative_to(ROOT))
    elif command == "check":
        found = check()
        print("\n".join(found) or "The catalogs are complete and current.")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
