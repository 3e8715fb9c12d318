"""The portal's own pages in English, Chinese, Russian and Arabic."""

from datetime import datetime

import pytest
from sqlalchemy import select

from courses import operations as courses
from portal import UI_LOCALES
from portal.accounts.models import Role, User
from portal.catalogs import check, compile_catalogs, locales
from portal.extensions import db
from tests.conftest import PASSWORD, csrf_token, log_in


def _page(client, url: str, language: str | None = None) -> str:
    headers = {"Accept-Language": language} if language else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _choose(client, locale: str, next_url: str = "/", token_url: str = "/login"):
    form = {
        "locale": locale,
        "next": next_url,
        "csrf_token": csrf_token(client, token_url),
    }
    return client.post("/language", data=form)


def _course(make_user):
    owner = make_user(role=Role.INSTRUCTOR, name="Dr. Amina Yusupova")
    course = courses.create_course(
        owner,
        title="Hand hygiene",
        spoken_language="en",
        target_languages=["zh-Hans", "ar"],
    )
    course.created_at = datetime(2026, 3, 8, 9, 30)
    db.session.commit()
    return course


def test_catalogs_are_complete_and_current(tmp_path):
    problems = check(tmp_path / "messages.pot")

    assert problems == [], "run scripts/catalogs.sh update, then translate:\n" + (
        "\n".join(problems)
    )


def test_every_ui_locale_has_a_catalog_that_compiles(tmp_path):
    written = compile_catalogs(tmp_path)

    assert set(UI_LOCALES) <= set(locales())
    assert all(path.stat().st_size > 0 for path in written)


@pytest.mark.parametrize(
    ("language", "lang", "direction", "words"),
    [
        ("en", "en", "ltr", "Sign in"),
        ("zh-CN,zh;q=0.9", "zh-Hans", "ltr", "登录"),
        ("ru", "ru", "ltr", "Войти"),
        ("ar", "ar", "rtl", "تسجيل الدخول"),
    ],
)
def test_login_page_follows_the_browser_language(
    client, language, lang, direction, words
):
    html = _page(client, "/login", language)

    assert f'<html lang="{lang}" dir="{direction}">' in html
    assert f"<h1>{words}</h1>" in html


@pytest.mark.parametrize("url", ["/", "/login", "/register", "/course"])
@pytest.mark.parametrize(
    ("language", "title"),
    [("zh", "丝路健康学院"), ("ru", "Шёлковый путь"), ("ar", "أكاديمية طريق الحرير")],
)
def test_trainee_pages_are_translated(client, make_user, url, language, title):
    if url == "/course":
        url = f"/courses/{_course(make_user).id}"

    html = _page(client, url, language)

    assert title in html
    assert "Sign in" not in html.replace('lang="en"', "")


def test_switcher_names_each_language_in_its_own_script(client):
    html = _page(client, "/")

    for code, name in [("en", "English"), ("zh-Hans", "简体中文"), ("ru", "Русский")]:
        assert f'lang="{code}"' in html and f">{name}</button>" in html
    assert 'lang="ar"\n            dir="rtl"' in html and ">العربية</button>" in html


def test_guest_choice_is_kept_in_the_session(client):
    response = _choose(client, "ar", next_url="/register?from=header")

    assert response.status_code == 302
    assert response.headers["Location"] == "/register?from=header"
    assert 'dir="rtl"' in _page(client, "/", "en")


def test_signed_in_choice_is_stored_on_the_account(app, make_user):
    user = make_user()
    first = app.test_client()
    log_in(first, user)

    _choose(first, "zh", token_url="/")

    db.session.refresh(user)
    assert user.locale == "zh"
    second = app.test_client()
    log_in(second, user)
    assert "课程" in _page(second, "/", "ru")


def test_registration_keeps_the_language_of_the_form(client):
    _choose(client, "ru")
    form = {
        "name": "Ольга Иванова",
        "email": "olga@example.ru",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "country": "RU",
        "profession": "nurse",
        "csrf_token": csrf_token(client, "/register"),
    }

    client.post("/register", data=form)

    assert db.session.scalar(select(User.locale)) == "ru"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x"],
)
def test_switcher_redirects_only_within_the_portal(client, next_url):
    response = _choose(client, "ru", next_url=next_url)

    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("form", "status"),
    [({"locale": "ru"}, 400), ({"locale": "xx", "csrf": True}, 400)],
)
def test_switcher_refuses_bad_requests(client, form, status):
    if form.pop("csrf", False):
        form["csrf_token"] = csrf_token(client)

    response = client.post("/language", data=form)

    assert response.status_code == status
    assert '<html lang="en"' in _page(client, "/")


@pytest.mark.parametrize(
    ("language", "date"),
    [
        ("en", "March 8, 2026"),
        ("zh", "2026年3月8日"),
        ("ru", "8 марта 2026\u202fг."),
        ("ar", "8 مارس 2026"),
    ],
)
def test_course_dates_follow_the_locale(client, make_user, language, date):
    course = _course(make_user)

    assert date in _page(client, "/", language)
    assert date in _page(client, f"/courses/{course.id}", language)


def test_course_languages_are_endonyms_with_tags(client, make_user):
    course = _course(make_user)

    html = _page(client, f"/courses/{course.id}", "ru")

    assert '<span lang="zh-Hans" dir="ltr">简体中文</span> <code>zh-Hans</code>' in html
    assert '<span lang="ar" dir="rtl">العربية</span> <code>ar</code>' in html


def test_error_pages_are_translated(client):
    response = client.get("/courses/999", headers={"Accept-Language": "zh"})

    assert response.status_code == 404
    assert "此页面不存在。" in response.get_data(as_text=True)


def test_pages_tell_caches_they_vary_by_language(client):
    response = client.get("/login")

    assert "Accept-Language" in response.headers["Vary"]
