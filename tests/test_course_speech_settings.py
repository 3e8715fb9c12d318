"""Instructors set how their course's speech is recognised."""

import pytest

from courses import operations as courses
from courses.models import Course
from portal.accounts.models import Role
from portal.extensions import db
from tests.conftest import csrf_token


@pytest.fixture
def course(make_user):
    owner = make_user(Role.INSTRUCTOR)
    return courses.create_course(
        owner, title="ICU", spoken_language="en", target_languages=[]
    )


def post_settings(client, course, **fields):
    url = f"/courses/{course.id}/speech"
    data = {"csrf_token": csrf_token(client, url), "chinese_script": "zh-Hans"}
    return client.post(url, data=data | fields)


def test_owner_sets_terms_script_and_speech_translation(login, course):
    client = login(course.owner)

    page = client.get(f"/courses/{course.id}/speech").get_data(as_text=True)
    response = post_settings(
        client,
        course,
        recognition_terms="noradrenaline\nECMO",
        chinese_script="zh-Hant",
        has_speech_translation="y",
    )

    assert 'name="recognition_terms"' in page
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Course, course.id)
    assert saved.recognition_terms == "noradrenaline\nECMO"
    assert (saved.chinese_script, saved.has_speech_translation) == ("zh-Hant", True)


@pytest.mark.parametrize(
    ("fields", "status"),
    [({"chinese_script": "zh-Latn"}, 200), ({"recognition_terms": "x" * 10_001}, 200)],
)
def test_invalid_settings_are_shown_again_and_not_saved(login, course, fields, status):
    client = login(course.owner)

    response = post_settings(client, course, **fields)

    assert response.status_code == status
    assert 'class="error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Course, course.id).chinese_script == "zh-Hans"


def test_another_instructor_may_not_change_them(login, make_user, course):
    client = login(make_user(Role.INSTRUCTOR))

    assert client.get(f"/courses/{course.id}/speech").status_code == 403


def test_new_course_form_takes_the_terms(login, make_user):
    client = login(make_user(Role.INSTRUCTOR))
    data = {
        "csrf_token": csrf_token(client, "/courses/new"),
        "title": "Pharmacology",
        "spoken_language": "en",
        "recognition_terms": "amoxicillin",
        "chinese_script": "zh-Hans",
    }

    response = client.post("/courses/new", data=data)

    assert response.status_code == 302
    assert db.session.query(Course).one().recognition_terms == "amoxicillin"
