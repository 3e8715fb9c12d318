"""Changes to recordings, jobs and tracks."""

import logging
import uuid
from datetime import timedelta
from pathlib import Path

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from courses.models import Lesson
from portal.accounts.models import User
from portal.errors import UserError
from portal.extensions import db
from portal.timeutil import utcnow
from portal.uploads import keep_upload
from transcripts import media
from transcripts.editing import parse_cues
from transcripts.formats import (
    SubtitleCue,
    SubtitleEncodingError,
    SubtitleFormatError,
    read_subtitles,
)
from transcripts.models import (
    JobState,
    ProcessingJob,
    Provenance,
    Recording,
    SubtitleTrack,
)
from transcripts.pipeline import media_folder, store_track
from transcripts.queries import latest_recording
from translation.service import SPOKEN_LANGUAGES

log = logging.getLogger(__name__)

ALLOWED_SUFFIX_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789")


def _safe_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if 1 < len(suffix) <= 6 and set(suffix[1:]) <= ALLOWED_SUFFIX_CHARS:
        return suffix
    return ".bin"


def _save_upload(upload: FileStorage, lesson: Lesson) -> Path:
    folder = media_folder() / str(lesson.id)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{uuid.uuid4().hex}{_safe_suffix(upload.filename or '')}"
    keep_upload(upload, target)
    return target


def _jobs_in_queue() -> set[int]:
    from portal.jobs import huey

    return {task.args[0] for task in huey.pending() if task.name == "process_recording"}


def _enqueue(job: ProcessingJob) -> None:
    from transcripts.tasks import process_recording

    course = job.recording and db.session.get(Lesson, job.recording.lesson_id).course
    targets = list(course.target_languages) if course else []
    spoken = (
        course.spoken_language if course and course.spoken_language != "auto" else None
    )
    process_recording(job.id, targets, job.requested_language or spoken)


def accept_upload(
    lesson: Lesson, upload: FileStorage | None, user: User
) -> ProcessingJob:
    """Store a recording if it is usable media and queue its processing job."""
    if upload is None or not upload.filename:
        raise UserError(_("Choose a video or audio file to upload."))
    path = _save_upload(upload, lesson)
    try:
        info = media.probe(path)
        recording = Recording(
            lesson_id=lesson.id,
            original_filename=Path(upload.filename).name[:255],
            stored_name=str(path.relative_to(media_folder())),
            content_type=info.mime_type,
            size_bytes=path.stat().st_size,
            duration_seconds=info.duration_seconds,
            has_video=info.has_video,
            uploaded_by_id=user.id,
        )
        job = ProcessingJob(recording=recording)
        db.session.add_all([recording, job])
        db.session.commit()
    except BaseException:
        db.session.rollback()
        path.unlink(missing_ok=True)
        raise
    log.info(
        "Recording %s uploaded to lesson %s by %s", recording.id, lesson.id, user.email
    )
    _enqueue(job)
    return job


def retry_job(job: ProcessingJob, user: User) -> ProcessingJob:
    """Queue a failed job again."""
    # Lock the row: of two retries clicked together, only one queues the job.
    job = db.session.get(
        ProcessingJob, job.id, with_for_update=True, populate_existing=True
    )
    if job.state != JobState.FAILED:
        raise UserError(_("Only a failed job can be retried."))
    job.state, job.step, job.progress = JobState.QUEUED, "queued", 0.0
    job.say(None)
    db.session.commit()
    log.info("Job %s retried by %s", job.id, user.email)
    _enqueue(job)
    return job


def rerun_recording(
    recording: Recording, language: str | None, user: User
) -> ProcessingJob:
    """Queue a new run of a recording, in the language the instructor names."""
    if language and language not in SPOKEN_LANGUAGES:
        raise UserError(_("Choose a language from the list."))
    latest = recording.latest_job
    if latest and latest.state in (JobState.QUEUED, JobState.RUNNING):
        raise UserError(_("This recording is still being processed; wait for it."))
    job = ProcessingJob(recording=recording, requested_language=language or None)
    db.session.add(job)
    db.session.commit()
    log.info(
        "Recording %s re-run in %s by %s", recording.id, language or "auto", user.email
    )
    _enqueue(job)
    return job


def requeue_stalled(after: timedelta) -> list[int]:
    """Queue again the jobs that have not moved for `after`.

    A running job whose worker died stops reporting; a queued job whose queue
    entry was lost (a worker killed between taking the task and starting it)
    waits forever. Queued jobs still waiting in the queue are left alone.
    """
    limit = utcnow() - after
    unmoved = db.session.scalars(
        db.select(ProcessingJob).where(
            ProcessingJob.state.in_([JobState.RUNNING, JobState.QUEUED]),
            ProcessingJob.updated_at < limit,
        )
    ).all()
    waiting = _jobs_in_queue()
    stalled = [job for job in unmoved if job.id not in waiting]
    for job in stalled:
        log.warning("Job %s stalled in %s; queued again", job.id, job.step)
        job.state, job.step = JobState.QUEUED, "queued"
    db.session.commit()
    for job in stalled:
        _enqueue(job)
    return [job.id for job in stalled]


MAX_SUBTITLE_BYTES = 5 * 1024 * 1024


def _read_subtitle_upload(upload: FileStorage | None) -> list:
    if upload is None or not upload.filename:
        raise UserError(_("Choose a WebVTT (.vtt) or SubRip (.srt) file."))
    data = upload.stream.read(MAX_SUBTITLE_BYTES + 1)
    if len(data) > MAX_SUBTITLE_BYTES:
        raise UserError(_("A subtitle file may be at most 5 MB."))
    try:
        cues = read_subtitles(data, upload.filename)
    except SubtitleEncodingError:
        raise UserError(
            _(
                "This file's text encoding is not recognised. "
                "Save it as UTF-8 and try again."
            )
        ) from None
    except SubtitleFormatError as error:
        raise UserError(
            _("This subtitle file cannot be read (%(detail)s).", detail=str(error))
        ) from None
    if not cues:
        raise UserError(_("This subtitle file holds no cues."))
    return cues


def import_track(
    lesson: Lesson, upload: FileStorage | None, language: str, user: User
) -> SubtitleTrack:
    """Store an SRT or WebVTT file as the lesson's track in `language`."""
    # The editor's rules, so every imported track can be edited and exported.
    cues = parse_cues(
        [
            {"uid": cue.identifier, "start": cue.start, "end": cue.end,
             "text": cue.plain_text}
            for cue in _read_subtitle_upload(upload)
        ]
    )  # fmt: skip
    replaced = db.session.scalars(
        db.select(SubtitleTrack).filter_by(lesson_id=lesson.id, language=language)
    ).all()
    for track in replaced:
        db.session.delete(track)
    recording = latest_recording(lesson.id)
    track = store_track(
        lesson.id,
        recording.id if recording else None,
        language,
        Provenance.HUMAN,
        "import",
        # NOTE: markup (italics, voices) is dropped on import; keep it once the
        # editor (issue 5) can show and edit it.
        [SubtitleCue(c.start, c.end, c.text, identifier=c.uid or "") for c in cues],
    )
    log.info(
        "Track %s (%s, %d cues) imported into lesson %s by %s",
        track.id, language, len(cues), lesson.id, user.email,
    )  # fmt: skip
    return track
