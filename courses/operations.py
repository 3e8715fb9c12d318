"""Changes to courses, modules, lessons and enrolments."""

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from courses.models import Course, Enrolment, Lesson, Module
from portal.accounts.models import User
from portal.extensions import db

log = logging.getLogger(__name__)


def create_course(
    owner: User,
    *,
    title: str,
    spoken_language: str,
    target_languages: list[str],
    description: str = "",
    **speech_settings,
) -> Course:
    """Create a course taught by `owner`."""
    course = Course(
        title=title.strip(),
        description=description.strip(),
        spoken_language=spoken_language,
        target_languages=[code for code in target_languages if code != spoken_language],
        owner_id=owner.id,
    )
    _apply_speech_settings(course, **speech_settings)
    db.session.add(course)
    db.session.commit()
    log.info("Course %s %r created by %s", course.id, course.title, owner.email)
    return course


def _apply_speech_settings(
    course: Course,
    *,
    recognition_terms: str | None = None,
    chinese_script: str | None = None,
    has_speech_translation: bool | None = None,
) -> None:
    if recognition_terms is not None:
        course.recognition_terms = recognition_terms.strip()
    if chinese_script is not None:
        course.chinese_script = chinese_script
    if has_speech_translation is not None:
        course.has_speech_translation = has_speech_translation


def update_speech_settings(course: Course, user: User, **settings) -> Course:
    """Change how the course's recordings are recognised."""
    _apply_speech_settings(course, **settings)
    db.session.commit()
    log.info("Speech settings of course %s changed by %s", course.id, user.email)
    return course


def add_module(course: Course, title: str) -> Module:
    """Append a module to the course."""
    count = db.session.scalar(
        select(func.count(Module.id)).filter_by(course_id=course.id)
    )
    module = Module(course_id=course.id, title=title.strip(), position=count)
    db.session.add(module)
    db.session.commit()
    log.info("Module %s added to course %s", module.id, course.id)
    return module


def add_lesson(module: Module, title: str) -> Lesson:
    """Append a lesson to the module."""
    count = db.session.scalar(
        select(func.count(Lesson.id)).filter_by(module_id=module.id)
    )
    lesson = Lesson(module_id=module.id, title=title.strip(), position=count)
    db.session.add(lesson)
    db.session.commit()
    log.info("Lesson %s added to module %s", lesson.id, module.id)
    return lesson


def enrol_trainee(user: User, course: Course) -> Enrolment:
    """Enrol the user in the course; enrolling twice keeps the first enrolment."""
    existing = db.session.scalar(
        select(Enrolment).filter_by(course_id=course.id, user_id=user.id)
    )
    if existing:
        return existing
    enrolment = Enrolment(course_id=course.id, user_id=user.id)
    db.session.add(enrolment)
    try:
        db.session.commit()
    except IntegrityError:
        # A double click raced us to the unique constraint; the other one won.
        db.session.rollback()
        return db.session.scalar(
            select(Enrolment).filter_by(course_id=course.id, user_id=user.id)
        )
    log.info("User %s enrolled in course %s", user.email, course.id)
    return enrolment
