"""Translate with argostranslate language packs (CTranslate2 models), offline.

A pack is a `.argosmodel` zip: one folder holding `metadata.json`, a CTranslate2
model in `model/` and a SentencePiece (or BPE) tokenizer. Packs are installed
into the instance folder only, never downloaded.

argostranslate reads its folders from the environment when it is first
imported and creates them at once, in the home folder unless told otherwise,
so the import is done here with those variables pointing under the instance.
Its default sentence splitter (MiniSBD) would download a model at first use;
the texts that reach an engine are already single sentences, so the splitter
is replaced by the portal's own rule-based one.
"""

import importlib.util
import json
import logging
import os
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask_babel import lazy_gettext as _l

from translation.engines import (
    EngineUnavailable,
    Pair,
    PairNotSupported,
    TranslationError,
)
from translation.languages import normalise

logger = logging.getLogger(__name__)

PIVOT = "en"
_REQUIRED_MEMBERS = ("metadata.json", "model/model.bin")
_TOKENIZERS = ("sentencepiece.model", "bpe.model")
_import_lock = threading.Lock()


class PackRejected(TranslationError):
    """Raised when a file is not an argostranslate pack the portal can install."""


@dataclass(frozen=True)
class LanguagePack:
    """An installed pack: where it lies and which pair it translates."""

    path: Path
    source: str
    target: str
    version: str
    name: str

    @property
    def pair(self) -> Pair:
        return (self.source, self.target)


def import_argos(data_dir: Path):
    """Import argostranslate with its data, settings and caches under data_dir."""
    with _import_lock:
        import sys

        if "argostranslate.translate" in sys.modules:
            return sys.modules["argostranslate"]
        wanted = {
            "XDG_DATA_HOME": data_dir / "data",
            "XDG_CONFIG_HOME": data_dir / "config",
            "XDG_CACHE_HOME": data_dir / "cache",
            "ARGOS_PACKAGES_DIR": data_dir / "packages",
            "ARGOS_PACKAGE_INDEX": "file:///nonexistent/",
        }
        saved = {key: os.environ.get(key) for key in wanted}
        os.environ.update({key: str(value) for key, value in wanted.items()})
        try:
            import argostranslate.package
            import argostranslate.sbd
            import argostranslate.translate  # noqa: F401
        except ImportError as error:
            raise EngineUnavailable(
                f"argostranslate cannot be imported: {error}"
            ) from error
        finally:
            # Only argostranslate's import should see these folders.
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        return sys.modules["argostranslate"]


def _metadata(data: bytes) -> dict:
    try:
        metadata = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PackRejected(
            _l("metadata.json is not valid JSON: %(error)s", error=str(error))
        ) from None
    if not isinstance(metadata, dict):
        raise PackRejected(_l("metadata.json does not describe a pack"))
    if metadata.get("type", "translate") != "translate":
        raise PackRejected(
            _l("the pack does not translate (its type is not translate)")
        )
    for key in ("from_code", "to_code"):
        try:
            normalise(str(metadata.get(key, "")))
        except ValueError:
            raise PackRejected(
                _l("metadata.json has no valid %(key)s", key=key)
            ) from None
    return metadata


def _top_folder(names: list[str]) -> str:
    tops = set()
    for name in names:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts or "\\" in name:
            raise PackRejected(_l("unsafe path in the archive: %(name)s", name=name))
        tops.add(path.parts[0])
    if len(tops) != 1:
        raise PackRejected(_l("a pack holds exactly one folder"))
    return tops.pop()


def inspect_pack(file: Path, max_unpacked_bytes: int) -> dict:
    """Check a `.argosmodel` file without unpacking it and return its metadata."""
    if not zipfile.is_zipfile(file):
        raise PackRejected(_l("not an argostranslate pack (not a zip archive)"))
    try:
        with zipfile.ZipFile(file) as archive:
            infos = [info for info in archive.infolist() if not info.is_dir()]
            top = _top_folder([info.filename for info in infos])
            names = {info.filename for info in infos}
            for member in _REQUIRED_MEMBERS:
                if f"{top}/{member}" not in names:
                    raise PackRejected(_l("the pack has no %(file)s", file=member))
            if not any(f"{top}/{t}" in names for t in _TOKENIZERS):
                raise PackRejected(_l("the pack has no tokenizer model"))
            if sum(info.file_size for info in infos) > max_unpacked_bytes:
                raise PackRejected(_l("the pack unpacks to more than the size limit"))
            return _metadata(archive.read(f"{top}/metadata.json")) | {"_top": top}
    except (zipfile.BadZipFile, OSError, KeyError) as error:
        raise PackRejected(
            _l("the archive is damaged: %(error)s", error=str(error))
        ) from None


def _read_pack(folder: Path) -> LanguagePack | None:
    try:
        metadata = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
        source = normalise(metadata["from_code"])
        target = normalise(metadata["to_code"])
    except (OSError, ValueError, KeyError, TypeError):
        logger.warning("Skipping %s: not a readable language pack", folder)
        return None
    if metadata.get("type", "translate") != "translate":
        return None
    return LanguagePack(
        folder,
        source,
        target,
        str(metadata.get("package_version", "")),
        f"{metadata.get('from_name', source)} → {metadata.get('to_name', target)}",
    )


def installed_packs(packages_dir: Path) -> list[LanguagePack]:
    """List the packs installed in a folder, ordered by pair."""
    if not packages_dir.is_dir():
        return []
    # Dot folders are installs in progress.
    folders = [f for f in sorted(packages_dir.iterdir()) if not f.name.startswith(".")]
    packs = [_read_pack(folder) for folder in folders]
    return sorted((p for p in packs if p), key=lambda p: (p.pair, p.path.name))


def _folder_name(metadata: dict) -> str:
    source = normalise(metadata["from_code"])
    target = normalise(metadata["to_code"])
    return f"{source}_{target}"


def _swap_in(new: Path, final: Path, aside: Path) -> None:
    """Move a new pack folder into place, putting the old one back on failure."""
    if final.exists():
        final.rename(aside)
    try:
        new.rename(final)
    except OSError:
        if aside.exists():
            aside.rename(final)
        raise


class ArgosEngine:
    """Translate with the installed argostranslate packs, through English if need be."""

    name = "argos"

    def __init__(self, data_dir: Path, threads: int = 0) -> None:
        self.data_dir = data_dir
        self.packages_dir = data_dir / "packages"
        self.threads = threads
        # Loaded models, keyed by folder and the time the pack was installed.
        self._loaded: dict[tuple[Path, float], tuple] = {}
        self._lock = threading.Lock()

    def packs(self) -> list[LanguagePack]:
        """Return the installed packs."""
        return installed_packs(self.packages_dir)

    def _direct(self) -> dict[Pair, LanguagePack]:
        return {pack.pair: pack for pack in self.packs()}

    def routes(self) -> dict[Pair, list[LanguagePack]]:
        """Map each reachable pair to its packs: one direct, or two via English."""
        direct = self._direct()
        routes: dict[Pair, list[LanguagePack]] = {p: [k] for p, k in direct.items()}
        for (source, middle), first in direct.items():
            if middle != PIVOT:
                continue
            for (start, target), second in direct.items():
                if start == PIVOT and target != source:
                    routes.setdefault((source, target), [first, second])
        return routes

    def pairs(self) -> set[Pair]:
        """Return the pairs the installed packs translate, pivots included."""
        routes = self.routes()
        if routes and importlib.util.find_spec("argostranslate") is None:
            raise EngineUnavailable("argostranslate is not installed ([argos] extra)")
        return set(routes)

    def install(self, file: Path, max_unpacked_bytes: int) -> LanguagePack:
        """Install a `.argosmodel` file, replacing an older pack for the same pair."""
        metadata = inspect_pack(file, max_unpacked_bytes)
        self.packages_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=self.packages_dir))
        try:
            with zipfile.ZipFile(file) as archive:
                archive.extractall(staging)
            unpacked = staging / metadata["_top"]
            self._load(unpacked)  # refuse a pack argostranslate cannot load
            final = self.packages_dir / _folder_name(metadata)
            _swap_in(unpacked, final, staging / "previous")
        except (OSError, zipfile.BadZipFile, RuntimeError, ValueError) as error:
            raise PackRejected(
                _l("the pack cannot be installed: %(error)s", error=str(error))
            ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        logger.info("Installed language pack %s", final.name)
        return _read_pack(final)

    def _load(self, folder: Path) -> tuple:
        argos = import_argos(self.data_dir)
        import ctranslate2

        package = argos.package.Package(folder)
        if not hasattr(package, "tokenizer"):
            raise ValueError("the pack has no tokenizer model")
        translator = ctranslate2.Translator(
            str(folder / "model"), device="cpu", intra_threads=self.threads
        )
        return package, translator, _SentenceSplitter(package)

    def _loaded_pack(self, pack: LanguagePack) -> tuple:
        key = (pack.path, (pack.path / "metadata.json").stat().st_mtime)
        with self._lock:
            if key not in self._loaded:
                # A reinstalled pack replaces its old model in memory.
                for old in [k for k in self._loaded if k[0] == pack.path]:
                    del self._loaded[old]
                try:
                    self._loaded[key] = self._load(pack.path)
                except (OSError, RuntimeError, ValueError) as error:
                    raise EngineUnavailable(
                        f"language pack {pack.path.name} cannot be loaded: {error}"
                    ) from error
            return self._loaded[key]

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate each text through the pack (or the two packs) for the pair."""
        pair = (normalise(source), normalise(target))
        route = self.routes().get(pair)
        if route is None:
            raise PairNotSupported(*pair, engine=self.name)
        for pack in route:
            texts = self._translate_with(pack, texts)
        return texts

    def _translate_with(self, pack: LanguagePack, texts: list[str]) -> list[str]:
        argos = import_argos(self.data_dir)
        package, translator, splitter = self._loaded_pack(pack)
        result = []
        for text in texts:
            if not text.strip():
                result.append(text)
                continue
            lines = []
            for line in text.split("\n"):
                try:
                    [best] = argos.translate.apply_packaged_translation(
                        package, line, translator, splitter, num_hypotheses=1
                    )
                except (RuntimeError, ValueError) as error:
                    raise TranslationError(
                        f"pack {pack.path.name} failed on a sentence: {error}"
                    ) from error
                lines.append(best.value)
            result.append("\n".join(lines))
        return result


class _SentenceSplitter:
    """Split a text into sentences with the portal's rules; never downloads."""

    def __init__(self, package) -> None:
        self.pkg = package

    def split_sentences(self, text: str) -> list[str]:
        from translation.sentences import split_at_sentence_ends

        return [piece for piece, _closes in split_at_sentence_ends(text)] or [text]
