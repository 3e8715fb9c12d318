"""Re-running a recording's speech-to-text: who may, and when."""

import pytest
from sqlalchemy import func, select

from courses import operations as courses
from courses.models import Lesson
from portal.accounts.models import Role
from portal.extensions import db
from tests.conftest import csrf_token
from transcripts.models import JobState, ProcessingJob, Recording


@pytest.fixture
def recording(make_user):
    """A recording whose job is still running (no file is needed for that)."""
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="ICU", spoken_language="auto", target_languages=[]
    )
    lesson = courses.add_lesson(courses.add_module(course, "One"), "Two")
    recording = Recording(
        lesson_id=lesson.id, original_filename="talk.mp4", stored_name="x.mp4",
        content_type="video/mp4", size_bytes=1, duration_seconds=1.0,
        has_video=True, uploaded_by_id=owner.id,
    )  # fmt: skip
    db.session.add_all([recording, ProcessingJob(recording=recording)])
    db.session.commit()
    return recording


def post_rerun(client, recording, language="en"):
    token = csrf_token(client, f"/lessons/{recording.lesson_id}/recording")
    return client.post(
        f"/recordings/{recording.id}/rerun",
        data={"language": language, "csrf_token": token},
    )


def jobs() -> int:
    return db.session.scalar(select(func.count(ProcessingJob.id)))


@pytest.mark.parametrize("state", [JobState.QUEUED, JobState.RUNNING])
def test_a_recording_still_in_process_is_not_run_twice(login, recording, state):
    recording.latest_job.state = state
    db.session.commit()
    client = login(owner_of(recording))

    response = post_rerun(client, recording)

    assert response.status_code == 400
    assert "still being processed" in response.get_data(as_text=True)
    assert jobs() == 1


def owner_of(recording):
    return db.session.get(Lesson, recording.lesson_id).course.owner


@pytest.mark.parametrize("role", [Role.INSTRUCTOR, Role.TRAINEE])
def test_only_the_course_owner_may_rerun(login, make_user, recording, role):
    client = login(make_user(role))
    course_id = db.session.get(Lesson, recording.lesson_id).course.id
    token = csrf_token(client, f"/courses/{course_id}")

    response = client.post(
        f"/recordings/{recording.id}/rerun", data={"csrf_token": token}
    )

    assert response.status_code == 403
    assert jobs() == 1


def test_rerun_of_a_missing_recording_is_not_found(login, make_user):
    client = login(make_user(Role.INSTRUCTOR))
    token = csrf_token(client, "/courses/new")

    response = client.post("/recordings/999/rerun", data={"csrf_token": token})

    assert response.status_code == 404
