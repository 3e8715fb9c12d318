"""Admin translation pages and the course glossary page."""

import io
import re
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from tests.conftest import CORPUS, csrf_token
from translation import operations, queries
from translation.models import GlossaryTerm, TranslationUnit

ADMIN = "/admin/translation"
TMX = CORPUS / "translation/tico19/all.en-zh.tmx"


def _post(client, url, data, page=ADMIN, follow=False):
    fields = {"csrf_token": csrf_token(client, page)}
    for name, value in data.items():
        fields[name] = FileStorage(*value) if isinstance(value, tuple) else value
    # Encoded in memory: the test client's own temporary file is never closed.
    boundary, body = encode_multipart(fields)
    content_type = f"multipart/form-data; boundary={boundary}"
    return client.post(
        url, data=body, content_type=content_type, follow_redirects=follow
    )


@pytest.fixture
def admin(make_user, login):
    return login(make_user(Role.ADMIN))


@pytest.fixture
def course(make_user):
    owner = make_user(Role.INSTRUCTOR)
    return courses.create_course(
        owner, title="ICU", spoken_language="en", target_languages=["es"]
    )


def test_stranger_is_sent_to_sign_in(client):
    assert client.get(ADMIN).status_code == 302


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.INSTRUCTOR, Role.MANAGER])
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", ADMIN),
        ("post", f"{ADMIN}/packs"),
        ("post", f"{ADMIN}/memory"),
        ("post", f"{ADMIN}/preferences"),
    ],
)
def test_only_admins_reach_the_admin_pages(make_user, login, role, method, url):
    client = login(make_user(role))
    data = {"csrf_token": csrf_token(client, "/")} if method == "post" else None
    assert getattr(client, method)(url, data=data).status_code == 403


def test_admin_sees_pairs_with_their_engines(admin, install_pack):
    install_pack("en", "fr")

    page = admin.get(ADMIN).get_data(as_text=True)

    assert "argos" in page and "apertium" in page
    assert "en_fr" in page


def test_admin_installs_a_pack_by_upload(admin, pack_files, app):
    with pack_files[("es", "en")].open("rb") as pack:
        response = _post(admin, f"{ADMIN}/packs", {"pack": (pack, "es_en.argosmodel")})

    assert response.status_code == 302
    assert (app.config["SETTINGS"].argos_path / "packages" / "es_en").is_dir()
    assert "es → en" in admin.get(ADMIN).get_data(as_text=True)


def test_a_file_that_is_not_a_pack_gets_a_clear_message(admin, bad_packs, app):
    with bad_packs["text"].open("rb") as pack:
        response = _post(
            admin, f"{ADMIN}/packs", {"pack": (pack, "x.argosmodel")}, follow=True
        )

    assert response.status_code == 200
    assert response.request.path == ADMIN
    assert "not a language pack" in response.get_data(as_text=True)
    assert not (app.config["SETTINGS"].argos_path / "packages").exists() or not any(
        (app.config["SETTINGS"].argos_path / "packages").iterdir()
    )


def test_a_huge_upload_is_refused_before_it_is_read(admin, app, monkeypatch):
    settings = replace(app.config["SETTINGS"], max_tmx_bytes=1000)
    monkeypatch.setitem(app.config, "SETTINGS", settings)
    body = io.BytesIO(b"<tmx>" + b" " * 2000 + b"</tmx>")

    response = _post(
        admin,
        f"{ADMIN}/memory",
        {"tmx": (body, "big.tmx"), "target": "zh"},
        follow=True,
    )

    assert response.status_code == 200
    assert "larger than the limit" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(TranslationUnit.id))) == 0


def test_admin_imports_a_tmx(admin):
    with TMX.open("rb") as tmx:
        response = _post(
            admin,
            f"{ADMIN}/memory",
            {"tmx": (tmx, "all.en-zh.tmx"), "source": "en", "target": "zh"},
        )

    assert response.status_code == 302
    assert db.session.scalar(select(func.count(TranslationUnit.id))) == 3070


def test_a_broken_tmx_gets_a_clear_message_and_stores_nothing(admin):
    response = _post(
        admin,
        f"{ADMIN}/memory",
        {"tmx": (io.BytesIO(b"<tmx><body><tu>"), "x.tmx"), "target": "zh"},
        follow=True,
    )

    assert response.status_code == 200
    assert "not a TMX translation memory" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(TranslationUnit.id))) == 0


def test_a_tmx_pair_into_its_own_language_gets_a_clear_message(admin):
    with TMX.open("rb") as tmx:
        response = _post(
            admin,
            f"{ADMIN}/memory",
            {"tmx": (tmx, "all.en-zh.tmx"), "source": "zh", "target": "zh"},
            follow=True,
        )

    assert response.status_code == 200
    assert "both zh" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(TranslationUnit.id))) == 0


def test_admin_prefers_an_engine_for_a_pair(admin):
    from translation.memory import Segment, store_segments

    store_segments([Segment("Wash your hands.", "Lávese las manos.")], "en", "es", "t")
    db.session.commit()
    data = {"source": "en", "target": "es", "engine": "translation-memory"}

    response = _post(admin, f"{ADMIN}/preferences", data)

    assert response.status_code == 302
    assert queries.preferences() == {("en", "es"): "translation-memory"}
    _post(admin, f"{ADMIN}/preferences", {**data, "engine": ""})
    assert queries.preferences() == {}


def test_engine_that_does_not_cover_the_pair_is_refused(admin):
    data = {"source": "en", "target": "es", "engine": "translation-memory"}

    response = _post(admin, f"{ADMIN}/preferences", data, follow=True)

    assert "does not translate en to es here" in response.get_data(as_text=True)
    assert queries.preferences() == {}


def test_unknown_engine_is_refused(admin):
    data = {"source": "en", "target": "es", "engine": "deepl"}
    response = _post(admin, f"{ADMIN}/preferences", data, follow=True)
    assert response.status_code == 200
    assert "no engine named deepl" in response.get_data(as_text=True)


def test_form_without_csrf_token_is_refused(admin):
    response = admin.post(
        f"{ADMIN}/preferences", data={"source": "en", "target": "es", "engine": ""}
    )
    assert response.status_code == 400


def test_instructor_edits_the_glossary_of_their_course(course, login):
    client = login(course.owner)
    page = f"/courses/{course.id}/glossary"

    added = _post(
        client,
        f"/glossary/terms?course_id={course.id}",
        {"term": "Heparin", "translation": "", "target": ""},
        page=page,
    )
    imported = _post(
        client,
        f"/glossary/import?course_id={course.id}",
        {"terms": (io.BytesIO(b"fever\tfiebre\n"), "t.tsv"), "target": "es"},
        page=page,
    )

    assert added.status_code == imported.status_code == 302
    html = client.get(page).get_data(as_text=True)
    assert "Heparin" in html and "fiebre" in html
    terms = queries.glossary_for(course.id, "en", "es").terms
    assert terms["heparin"].translation is None
    assert terms["fever"].translation == "fiebre"

    row = db.session.scalar(select(GlossaryTerm).filter_by(term="Heparin"))
    deleted = _post(client, f"/glossary/terms/{row.id}/delete", {}, page=page)
    assert deleted.status_code == 302
    assert "Heparin" not in client.get(page).get_data(as_text=True)


def test_another_instructor_cannot_touch_the_glossary(course, make_user, login):
    row = operations.add_glossary_term(course.id, "en", "Heparin")
    client = login(make_user(Role.INSTRUCTOR))

    assert client.get(f"/courses/{course.id}/glossary").status_code == 403
    token = csrf_token(client, "/")
    response = client.post(
        f"/glossary/terms/{row.id}/delete", data={"csrf_token": token}
    )
    assert response.status_code == 403
    organisation = client.post(
        "/glossary/terms", data={"term": "x", "csrf_token": token}
    )
    assert organisation.status_code == 403


@pytest.mark.parametrize("role", [Role.TRAINEE, Role.MANAGER])
def test_trainees_and_managers_cannot_edit_glossaries(course, make_user, login, role):
    client = login(make_user(role))
    assert client.get(f"/courses/{course.id}/glossary").status_code == 403


def test_glossary_file_that_is_not_utf8_gets_a_clear_message(course, login):
    client = login(course.owner)
    page = f"/courses/{course.id}/glossary"

    response = _post(
        client,
        f"/glossary/import?course_id={course.id}",
        {"terms": (io.BytesIO("fièvre".encode("latin-1")), "t.csv")},
        page=page,
        follow=True,
    )

    assert response.status_code == 200
    assert response.request.path == page
    assert "not UTF-8" in response.get_data(as_text=True)


def test_admin_edits_the_organisation_glossary(admin):
    response = _post(
        admin, "/glossary/terms", {"term": "Ambu bag", "translation": "", "target": ""}
    )
    assert response.status_code == 302
    html = admin.get(ADMIN).get_data(as_text=True)
    assert "Ambu bag" in html
    # A double click must not send the form twice.
    assert '<button type="submit" data-once>Add term</button>' in html


@pytest.fixture
def organisation_terms(app):
    """The organisation glossary filled with every TICO-19 term list."""
    for path in sorted((CORPUS / "translation/tico19/terminology").glob("*.csv")):
        operations.import_glossary(path.read_text(encoding="utf-8-sig"), None)
    return db.session.scalar(select(func.count(GlossaryTerm.id)))


def _term_rows(html: str) -> int:
    return html.count('action="/glossary/terms/')


def test_the_organisation_glossary_is_paged(admin, organisation_terms):
    first = admin.get(ADMIN).get_data(as_text=True)
    last_page = -(-organisation_terms // queries.TERMS_PER_PAGE)
    last = admin.get(f"{ADMIN}?page={last_page}").get_data(as_text=True)

    # 1,813 when case was ignored; "COVID-19 epidemic" and the Google list's
    # "covid-19 epidemic" (and three more) are two entries now.
    assert organisation_terms == 1817
    assert _term_rows(first) == queries.TERMS_PER_PAGE
    assert f"Terms 1–50 of {organisation_terms:,}" in first
    assert 'aria-current="page"' in first
    assert 'href="/admin/translation?page=2#glossary" rel="next"' in first
    assert _term_rows(last) == organisation_terms % queries.TERMS_PER_PAGE
    past_the_end = admin.get(f"{ADMIN}?page=999").get_data(as_text=True)
    assert f"Terms 1,801–1,817 of {organisation_terms:,}" in past_the_end


def test_a_search_filters_terms_and_stays_across_pages(admin, organisation_terms):
    html = admin.get(f"{ADMIN}?q=virus").get_data(as_text=True)
    matching = queries.glossary_page(None, "virus", 1).total

    assert 50 < matching < organisation_terms
    assert f"Terms 1–50 of {matching}" in html
    assert 'href="/admin/translation?page=2&amp;q=virus#glossary" rel="next"' in html
    assert 'role="search"' in html and 'value="virus"' in html
    spanish = admin.get(f"{ADMIN}?q=Bronquitis").get_data(as_text=True)
    assert "acute bronchitis" in spanish and "Bronquitis aguda" in spanish


@pytest.mark.parametrize("search", ["%", "_", "no such term"])
def test_a_search_without_matches_says_so(admin, organisation_terms, search):
    html = admin.get(ADMIN, query_string={"q": search}).get_data(as_text=True)

    assert _term_rows(html) == 0
    assert "No term matches" in html


def test_deleting_a_term_returns_to_the_same_page_and_search(admin, organisation_terms):
    row = queries.glossary_page(None, "virus", 2).items[0]
    url = f"/glossary/terms/{row.id}/delete?q=virus&page=2"

    response = _post(admin, url, {}, page=f"{ADMIN}?q=virus&page=2")

    assert response.status_code == 302
    assert response.location.endswith("/admin/translation?q=virus&page=2#glossary")
    assert db.session.scalar(select(GlossaryTerm.id).filter_by(id=row.id)) is None


def test_the_course_page_pages_the_organisation_glossary(
    course, login, organisation_terms
):
    client = login(course.owner)
    page = f"/courses/{course.id}/glossary"

    html = client.get(page, query_string={"q": "virus", "page": 2}).get_data(
        as_text=True
    )

    matching = queries.glossary_page(None, "virus", 1).total
    assert f"Terms 51–100 of {matching}" in html
    assert f'href="{page}?page=1&amp;q=virus#glossary" rel="prev"' in html
    assert _term_rows(html) == 0  # the organisation's terms are read-only here


def test_a_search_folds_case_in_every_script(admin, organisation_terms):
    def total(search: str) -> int:
        return queries.glossary_page(None, search, 1).total

    assert total("Грипп") == total("грипп") > 0
    assert total("ÉPIDÉMIE") == total("épidémie") > 0


@pytest.mark.parametrize(
    "url",
    [
        f"{ADMIN}?page=9223372036854775807",
        f"{ADMIN}?page=99999999999999999999999",
    ],
)
def test_a_page_number_too_large_for_the_database_shows_a_page(admin, url):
    assert admin.get(url).status_code == 200


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/courses/99999999999999999999"),
        ("get", "/lessons/99999999999999999999"),
        ("get", "/tracks/99999999999999999999.vtt"),
        ("get", "/courses/2147483648/glossary"),
        ("post", "/glossary/terms/99999999999999999999/delete"),
        ("post", "/glossary/terms?course_id=99999999999999999999"),
        ("post", "/glossary/terms?course_id=abc"),
    ],
)
def test_ids_out_of_the_database_range_are_not_found(admin, method, url):
    token = csrf_token(admin, ADMIN)

    response = getattr(admin, method)(url, data={"csrf_token": token})

    assert response.status_code == 404
    assert db.session.scalar(select(func.count(GlossaryTerm.id))) == 0


def test_the_admin_page_has_no_duplicate_ids(admin):
    html = admin.get(ADMIN).get_data(as_text=True)
    ids = re.findall(r'\sid="([^"]+)"', html)

    assert sorted(ids) == sorted(set(ids))
