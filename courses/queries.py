"""Reads of courses, lessons and enrolments."""

from flask import abort
from sqlalchemy import select

from courses.models import Course, Enrolment, Lesson, Module
from portal.accounts.models import Role, User
from portal.extensions import db


def list_courses() -> list[Course]:
    """Return every course, newest first."""
    return list(db.session.scalars(select(Course).order_by(Course.created_at.desc())))


def get_or_404(model, object_id: int):
    """Return the row with this id or answer 404."""
    return db.session.get(model, object_id) or abort(404)


def is_enrolled(user: User, course: Course) -> bool:
    """Tell whether the user is enrolled in the course."""
    query = select(Enrolment.id).filter_by(course_id=course.id, user_id=user.id)
    return db.session.scalar(query) is not None


def can_edit(user: User, course: Course) -> bool:
    """Tell whether the user may change the course: its owner or an admin."""
    if not user.is_authenticated:
        return False
    return user.role == Role.ADMIN or course.owner_id == user.id


def can_view_lessons(user: User, course: Course) -> bool:
    """Tell whether the user may watch the course's lessons."""
    if not user.is_authenticated:
        return False
    if can_edit(user, course) or user.has_role(Role.MANAGER):
        return True
    return is_enrolled(user, course)


def lessons_of(course: Course) -> list[Lesson]:
    """Return the course's lessons in teaching order."""
    query = (
        select(Lesson)
        .join(Module)
        .where(Module.course_id == course.id)
        .order_by(Module.position, Lesson.position)
    )
    return list(db.session.scalars(query))


MAX_RECOGNITION_TERMS = 200


def course_terms(course: Course) -> list[str]:
    """Return the course's glossary terms for the recogniser, once each, in order."""
    terms: list[str] = []
    for line in (course.recognition_terms or "").splitlines():
        term = " ".join(line.split())
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_RECOGNITION_TERMS]
