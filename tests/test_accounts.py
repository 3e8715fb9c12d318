"""Registration, sign-in, CSRF and the account commands."""

import re

import pytest
from sqlalchemy import select

from portal.accounts.models import Role, User
from portal.cli import main
from portal.extensions import db
from tests.conftest import PASSWORD, csrf_token


def _register(client, **overrides):
    form = {
        "name": "Aigerim Bekova",
        "email": "aigerim@example.kz",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "country": "KZ",
        "profession": "nurse",
        "facility": "Almaty City Hospital No. 7",
        "csrf_token": csrf_token(client, "/register"),
    } | overrides
    return client.post("/register", data=form)


def test_register_signs_in_a_trainee(client):
    response = _register(client)

    assert response.status_code == 302
    user = db.session.scalar(select(User))
    assert (user.role, user.country, user.facility) == (
        Role.TRAINEE,
        "KZ",
        "Almaty City Hospital No. 7",
    )
    assert user.password_hash != PASSWORD
    assert "Aigerim Bekova" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("language", ["en", "ru", "zh", "ar"])
def test_country_list_names_iso_countries_only(client, language):
    page = client.get("/register", headers={"Accept-Language": language})
    codes = set(re.findall(r'<option value="([A-Z]{2})"', page.get_data(as_text=True)))

    assert {"KZ", "PK", "RS", "KE", "LA", "CN"} <= codes
    assert not codes & {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
    assert len(codes) == 249


def test_register_refuses_a_taken_email(client, make_user):
    make_user(email="aigerim@example.kz")

    response = _register(client, email="AIGERIM@example.kz")

    assert response.status_code == 200
    assert "already exists" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(User)).all()) == 1


def test_form_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"email": "a@b.org", "password": "x"})

    assert response.status_code == 400


def test_wrong_password_is_refused(client, make_user):
    user = make_user()
    form = {"email": user.email, "password": "wrong", "csrf_token": csrf_token(client)}

    response = client.post("/login", data=form)

    assert response.status_code == 200
    assert "wrong" in response.get_data(as_text=True)


def test_login_ignores_a_foreign_next_url(client, make_user):
    user = make_user()
    form = {"email": user.email, "password": PASSWORD, "csrf_token": csrf_token(client)}

    response = client.post("/login?next=//evil.example/", data=form)

    assert response.headers["Location"] == "/"


def test_logout_needs_post_with_token(login, make_user):
    client = login(make_user())

    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})

    assert response.status_code == 302
    assert "Sign in" in client.get("/").get_data(as_text=True)


def test_cli_creates_users_and_sets_roles(app):
    runner = app.test_cli_runner()
    created = runner.invoke(
        main,
        ["create-user", "--email", "dr.li@example.cn", "--name", "Li Wei",
         "--password", PASSWORD, "--country", "CN", "--role", "instructor"],
    )  # fmt: skip
    promoted = runner.invoke(main, ["set-role", "dr.li@example.cn", "admin"])
    missing = runner.invoke(main, ["set-role", "nobody@example.org", "admin"])

    assert created.exit_code == 0, created.output
    assert promoted.exit_code == 0, promoted.output
    assert db.session.scalar(select(User.role)) == Role.ADMIN
    assert missing.exit_code == 1
    assert "No account" in missing.output


def test_instance_makes_and_keeps_its_own_secret_key(tmp_path, monkeypatch):
    from portal.config import load_settings

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("ACADEMY_INSTANCE", str(tmp_path / "one"))
    first = load_settings().secret_key
    again = load_settings().secret_key
    monkeypatch.setenv("ACADEMY_INSTANCE", str(tmp_path / "two"))
    other = load_settings().secret_key

    assert len(first) >= 40
    assert again == first
    assert other != first


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--email", "not-an-email", "not an e-mail address"),
        ("--name", " ", "name of at most 200"),
        ("--password", "short", "at least 8"),
        ("--country", "ZZZZ", "not an ISO 3166"),
        ("--country", "EU", "not an ISO 3166"),
        ("--country", "XA", "not an ISO 3166"),
    ],
)
def test_cli_refuses_invalid_accounts_without_a_traceback(app, option, value, message):
    values = {
        "--email": "ok@example.org",
        "--name": "Ok",
        "--password": PASSWORD,
        "--country": "KZ",
    } | {option: value}
    args = ["create-user", *[part for pair in values.items() for part in pair]]

    result = app.test_cli_runner().invoke(main, args)

    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(User)) is None
