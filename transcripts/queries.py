"""Reads of recordings, jobs and tracks."""

from sqlalchemy import case, select

from portal.extensions import db
from transcripts.models import ProcessingJob, Provenance, Recording, SubtitleTrack


def latest_recording(lesson_id: int) -> Recording | None:
    """Return the lesson's most recent recording."""
    query = (
        select(Recording)
        .filter_by(lesson_id=lesson_id)
        .order_by(Recording.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def tracks_of(lesson_id: int) -> list[SubtitleTrack]:
    """Return the lesson's tracks: the spoken language first, then by language."""
    spoken_first = case((SubtitleTrack.provenance == Provenance.ASR, 0), else_=1)
    query = (
        select(SubtitleTrack)
        .filter_by(lesson_id=lesson_id)
        .order_by(spoken_first, SubtitleTrack.language)
    )
    return list(db.session.scalars(query))


def job_status(job: ProcessingJob) -> dict:
    """Describe a job for the status poller."""
    return {
        "id": job.id,
        "state": job.state.value,
        "step": job.step,
        "step_label": job.step_label,
        "progress": job.progress,
        "message": job.message,
        "notes": job.notes,
        "detected_language": job.detected_language,
        "is_finished": job.state.value in ("done", "failed"),
    }
