"""Settings read once, from environment variables, with documented defaults."""

import contextlib
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

GIB = 1024**3
# The UI catalogs; their .mo files are compiled at install time.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    """Everything the app and the worker read from the environment."""

    instance_path: Path
    secret_key: str
    database_url: str
    queue_path: Path
    media_path: Path
    models_path: Path
    max_upload_bytes: int
    whisper_model: str
    whisper_threads: int
    whisper_beam_size: int
    transcribe_chunk_seconds: float
    run_jobs_immediately: bool
    argos_path: Path
    max_pack_bytes: int
    max_tmx_bytes: int
    tm_fuzzy_threshold: float
    translation_dir: Path = LOCALE_DIR

    def flask_config(self) -> dict:
        """Return the Flask configuration keys derived from these settings."""
        return {
            "SECRET_KEY": self.secret_key,
            "SQLALCHEMY_DATABASE_URI": self.database_url,
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
            "MAX_CONTENT_LENGTH": self.max_upload_bytes,
            "WTF_CSRF_TIME_LIMIT": None,
            "BABEL_DEFAULT_LOCALE": "en",
            "BABEL_TRANSLATION_DIRECTORIES": str(self.translation_dir),
            "SETTINGS": self,
        }


def _database_url(instance: Path) -> str:
    url = _env("DATABASE_URL", f"sqlite:///{instance / 'academy.db'}")
    # Plain postgresql:// URLs would pick psycopg2; we ship psycopg 3.
    return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)


def _instance_secret(instance: Path) -> str:
    """Return this instance's own secret key, made once on first start."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        handle, draft = tempfile.mkstemp(dir=instance)
        with os.fdopen(handle, "w") as out:
            out.write(secrets.token_urlsafe(48))
        # A link never replaces: of two processes starting together, one wins.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        os.unlink(draft)
    return path.read_text().strip()


def load_settings(**overrides) -> Settings:
    """Read the settings from the environment; keyword arguments win."""
    instance = Path(_env("ACADEMY_INSTANCE", "instance")).resolve()
    values = {
        "instance_path": instance,
        # A fixed default would let anyone sign a session cookie as an admin.
        "secret_key": os.environ.get("SECRET_KEY") or _instance_secret(instance),
        "database_url": _database_url(instance),
        "queue_path": Path(_env("QUEUE_PATH", str(instance / "queue.db"))),
        "media_path": Path(_env("MEDIA_PATH", str(instance / "media"))),
        "models_path": Path(_env("MODELS_PATH", str(instance / "models"))),
        "max_upload_bytes": int(_env("MAX_UPLOAD_BYTES", str(4 * GIB))),
        # "base" is the bundled model; any faster-whisper name or a folder works.
        "whisper_model": _env("WHISPER_MODEL", "base"),
        "whisper_threads": int(_env("WHISPER_THREADS", str(os.cpu_count() or 2))),
        "whisper_beam_size": int(_env("WHISPER_BEAM_SIZE", "5")),
        # Long recordings are recognised in windows this long, cut at a pause.
        "transcribe_chunk_seconds": float(_env("TRANSCRIBE_CHUNK_SECONDS", "600")),
        "run_jobs_immediately": _env("RUN_JOBS_IMMEDIATELY", "0") == "1",
        # argostranslate's packs, settings and caches, kept out of the home folder.
        "argos_path": Path(_env("ARGOS_PATH", str(instance / "argos"))),
        "max_pack_bytes": int(_env("MAX_PACK_BYTES", str(2 * GIB))),
        "max_tmx_bytes": int(_env("MAX_TMX_BYTES", str(200 * 1024**2))),
        # rapidfuzz ratio (0-100) a memory segment needs to replace the engine.
        "tm_fuzzy_threshold": float(_env("TM_FUZZY_THRESHOLD", "90")),
    }
    values.update(overrides)
    return Settings(**values)
