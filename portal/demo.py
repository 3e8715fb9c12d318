"""A demo course whose lecture is a real recording, processed by the real pipeline."""

import logging
import tempfile
from pathlib import Path

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from courses import operations as courses
from courses.models import Course
from portal.accounts import operations as accounts
from portal.accounts.models import Role
from portal.extensions import db
from portal.jobs import huey
from transcripts import operations as transcripts
from transcripts.media import make_slide_video
from translation import service as translation

log = logging.getLogger(__name__)

DEMO_AUDIO = Path(__file__).resolve().parents[1] / "demo" / "en_jfk.wav"
DEMO_TITLE = "Leadership in public health"
DEMO_PASSWORD = "academy-demo"
DEMO_USERS = [
    (
        "instructor@demo.academy",
        "Dr. Amina Yusupova",
        Role.INSTRUCTOR,
        "UZ",
        "physician",
    ),
    ("trainee@demo.academy", "Nurse Dilnoza Karimova", Role.TRAINEE, "KZ", "nurse"),
    ("manager@demo.academy", "Milan Petrović", Role.MANAGER, "RS", "other"),
    ("admin@demo.academy", "Portal Administrator", Role.ADMIN, "CN", "other"),
]


def _user(email, name, role, country, profession):
    existing = accounts.find_user_by_email(email)
    if existing:
        return existing
    return accounts.register_user(
        email=email,
        name=name,
        password=DEMO_PASSWORD,
        country=country,
        profession=profession,
        role=role,
    )


def _process_lecture(lesson, instructor) -> None:
    with tempfile.TemporaryDirectory() as work:
        video = make_slide_video(DEMO_AUDIO, Path(work) / "lecture.mp4", DEMO_TITLE)
        with video.open("rb") as stream:
            upload = FileStorage(
                stream, filename="lecture.mp4", content_type="video/mp4"
            )
            # Run the job here, so the demo opens with its subtitles ready.
            immediate, huey.immediate = huey.immediate, True
            try:
                job = transcripts.accept_upload(lesson, upload, instructor)
            finally:
                huey.immediate = immediate
    log.info("Demo lecture processed: %s", job.message)


def seed_demo() -> Course:
    """Create the demo users and course once; return the course."""
    users = [_user(*fields) for fields in DEMO_USERS]
    instructor, trainee = users[0], users[1]
    course = db.session.scalar(select(Course).filter_by(title=DEMO_TITLE))
    if course:
        return course
    course = courses.create_course(
        instructor,
        title=DEMO_TITLE,
        description="A short opening lecture on service and responsibility, "
        "with subtitles made on this server from the speech.",
        spoken_language="en",
        target_languages=translation.reachable_targets("en"),
    )
    module = courses.add_module(course, "Why we serve")
    lesson = courses.add_lesson(module, "Ask what you can do")
    _process_lecture(lesson, instructor)
    courses.enrol_trainee(trainee, course)
    return course
