"""A real Huey consumer process runs the job; stalled jobs are run again."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from sqlalchemy import update

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from portal.jobs import huey
from portal.timeutil import utcnow
from tests.conftest import CORPUS, MODELS
from tests.test_pipeline import upload
from transcripts.models import JobState, ProcessingJob
from transcripts.operations import requeue_stalled

pytestmark = pytest.mark.slow


@pytest.fixture
def lesson(make_user, whisper_models):
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="Speech", spoken_language="en", target_languages=["es"]
    )
    return owner, courses.add_lesson(courses.add_module(course, "One"), "Two")


@pytest.fixture
def queued_mode():
    """Send tasks to the SQLite queue instead of running them in the request."""
    huey.immediate = False
    huey.flush()
    yield huey
    huey.flush()
    huey.immediate = True


def _worker_env(app) -> dict:
    settings = app.config["SETTINGS"]
    return os.environ | {
        "DATABASE_URL": settings.database_url,
        "ACADEMY_INSTANCE": str(settings.instance_path),
        "MEDIA_PATH": str(settings.media_path),
        "MODELS_PATH": str(MODELS),
        "QUEUE_PATH": huey.storage.filename,
        "RUN_JOBS_IMMEDIATELY": "0",
    }


def _wait_for_job(job_id: int, seconds: float) -> ProcessingJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        job = db.session.get(ProcessingJob, job_id)
        if job.state in (JobState.DONE, JobState.FAILED):
            return job
        time.sleep(0.5)
    return job


def test_consumer_process_runs_the_queued_job(app, lesson, login, queued_mode):
    owner, lesson = lesson
    client = login(owner)
    response = upload(client, lesson, CORPUS / "audio/en_jfk.mp3")
    job_id = response.json["id"]
    assert response.json["state"] == "queued"

    worker = subprocess.Popen(
        [sys.executable, "-m", "portal.cli", "worker"],
        env=_worker_env(app),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        job = _wait_for_job(job_id, seconds=180)
    finally:
        worker.terminate()
        _out, errors = worker.communicate(timeout=30)

    assert job.state == JobState.DONE, errors.decode()[-3000:]
    assert job.detected_language == "en"


def test_stalled_job_is_run_again(app, lesson, login):
    owner, lesson = lesson
    response = upload(login(owner), lesson, CORPUS / "audio/en_jfk.flac")
    job_id = response.json["id"]
    long_ago = utcnow() - timedelta(hours=1)
    # As if a worker died mid-job: state running, no report for an hour.
    db.session.execute(
        update(ProcessingJob)
        .where(ProcessingJob.id == job_id)
        .values(state=JobState.RUNNING, step="transcribing", updated_at=long_ago)
    )
    db.session.commit()

    requeued = requeue_stalled(timedelta(minutes=10))

    db.session.expire_all()
    job = db.session.get(ProcessingJob, job_id)
    assert requeued == [job_id]
    assert (job.state, job.attempts) == (JobState.DONE, 2)


def _queued_long_ago(client, lesson) -> int:
    job_id = upload(client, lesson, CORPUS / "audio/en_jfk.mp3").json["id"]
    db.session.execute(
        update(ProcessingJob)
        .where(ProcessingJob.id == job_id)
        .values(updated_at=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    return job_id


def _pending_job_ids() -> list[int]:
    return [task.args[0] for task in huey.pending()]


def test_queued_job_whose_queue_entry_was_lost_is_queued_again(
    lesson, login, queued_mode
):
    owner, lesson = lesson
    job_id = _queued_long_ago(login(owner), lesson)
    huey.flush()  # as if a worker took the task and died before starting it

    requeued = requeue_stalled(timedelta(minutes=10))

    assert requeued == [job_id]
    assert _pending_job_ids() == [job_id]


def test_queued_job_still_waiting_in_the_queue_is_left_alone(
    lesson, login, queued_mode
):
    owner, lesson = lesson
    job_id = _queued_long_ago(login(owner), lesson)

    assert requeue_stalled(timedelta(minutes=10)) == []
    assert _pending_job_ids() == [job_id]
