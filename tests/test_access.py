"""Who may reach which page."""

import pytest

from courses import operations as courses
from portal.accounts.models import Role


@pytest.fixture
def course(make_user):
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="Triage", spoken_language="en", target_languages=["es"]
    )
    lesson = courses.add_lesson(courses.add_module(course, "Basics"), "Intro")
    return course, lesson


SIGNED_IN_PAGES = ["/courses/new", "/lessons/{lesson}/recording", "/lessons/{lesson}"]


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_stranger_is_sent_to_sign_in(client, course, url):
    course, lesson = course
    response = client.get(url.format(lesson=lesson.id))

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", ["/courses/new", "/lessons/{lesson}/recording"])
def test_trainee_cannot_reach_instructor_pages(login, make_user, course, url):
    course, lesson = course
    client = login(make_user(Role.TRAINEE))

    assert client.get(url.format(lesson=lesson.id)).status_code == 403


def test_instructor_cannot_edit_another_instructors_course(login, make_user, course):
    course, lesson = course
    client = login(make_user(Role.INSTRUCTOR))

    assert client.get(f"/lessons/{lesson.id}/recording").status_code == 403
    assert client.get(f"/courses/{course.id}").status_code == 200


def test_lesson_needs_enrolment(login, make_user, course):
    course, lesson = course
    client = login(make_user(Role.TRAINEE))

    before = client.get(f"/lessons/{lesson.id}")
    client.post(
        f"/courses/{course.id}/enrol", data={"csrf_token": _token(client, course)}
    )
    after = client.get(f"/lessons/{lesson.id}")

    assert before.status_code == 302
    assert after.status_code == 200


def test_enrolling_twice_keeps_one_enrolment(login, make_user, course):
    from sqlalchemy import func, select

    from courses.models import Enrolment
    from portal.extensions import db

    course, _lesson = course
    client = login(make_user(Role.TRAINEE))
    token = _token(client, course)
    for _ in range(2):
        client.post(f"/courses/{course.id}/enrol", data={"csrf_token": token})

    assert db.session.scalar(select(func.count(Enrolment.id))) == 1


def test_unknown_lesson_is_404(login, make_user):
    client = login(make_user(Role.ADMIN))

    assert client.get("/lessons/999999").status_code == 404


def _token(client, course):
    from tests.conftest import csrf_token

    return csrf_token(client, f"/courses/{course.id}")
