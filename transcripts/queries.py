"""Reads of recordings, jobs and tracks."""

from dataclasses import asdict

from sqlalchemy import case, select

from portal.extensions import db
from transcripts.models import (
    CueFlag,
    ProcessingJob,
    Provenance,
    Recording,
    SubtitleTrack,
    TrackVersion,
)


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
        "message": job.shown_message,
        "notes": job.shown_notes,
        "detected_language": job.detected_language,
        "is_finished": job.state.value in ("done", "failed"),
    }


def editor_state(track: SubtitleTrack) -> dict:
    """Describe a track for the subtitle editor."""
    from transcripts.cues import CueRules
    from transcripts.editing import stale_cues

    stale = stale_cues(track)
    aids = _post_editing_aids(track)
    return {
        "track": {
            "id": track.id,
            "language": track.language,
            "version": track.version,
            "provenance": track.provenance.value,
            "is_translation": track.source_track_id is not None,
        },
        "cues": [
            {
                "uid": cue.uid,
                "start": cue.start,
                "end": cue.end,
                "text": cue.text,
                "provenance": cue.provenance.value,
                "source_text": cue.source_text,
                "is_stale": cue.uid in stale,
                "suggestion": suggestion,
            }
            for cue, suggestion in zip(track.cues, aids["suggestions"], strict=True)
        ],
        "glossary": aids["terms"],
        # Who made a cue's text, in the reader's language, for the badges.
        "provenance_labels": {kind.value: kind.label for kind in Provenance},
        "rules": asdict(CueRules()),
        "flags": [flag_state(flag) for flag in open_flags(track)],
    }


def _post_editing_aids(track: SubtitleTrack) -> dict:
    """Glossary terms and memory suggestions for a translated track's cues."""
    source = db.session.get(SubtitleTrack, track.source_track_id or 0)
    if source is None:
        return {"terms": [], "suggestions": [None] * len(track.cues)}
    from courses.models import Lesson
    from translation.service import post_editing_aids

    course_id = db.session.get(Lesson, track.lesson_id).module.course_id
    texts = [cue.source_text or "" for cue in track.cues]
    return post_editing_aids(course_id, source.language, track.language, texts)


def open_flags(track: SubtitleTrack) -> list[CueFlag]:
    """Return the track's unresolved flags, oldest first."""
    query = (
        select(CueFlag)
        .filter_by(track_id=track.id, resolved_at=None)
        .order_by(CueFlag.id)
    )
    return list(db.session.scalars(query))


def flag_state(flag: CueFlag) -> dict:
    """Describe a flag for the editor."""
    return {
        "id": flag.id,
        "cue_uid": flag.cue_uid,
        "cue_text": flag.cue_text,
        "comment": flag.comment,
        "reporter": flag.reporter.name,
        "created_at": flag.created_at.isoformat() + "Z",
    }


def versions_of(track: SubtitleTrack) -> list[dict]:
    """List the saved versions of a track, newest first."""
    query = (
        select(TrackVersion)
        .filter_by(track_id=track.id)
        .order_by(TrackVersion.number.desc())
    )
    return [
        {
            "number": version.number,
            "author": version.author.name if version.author else version.note,
            "created_at": version.created_at.isoformat() + "Z",
            "cue_count": len(version.cues),
        }
        for version in db.session.scalars(query)
    ]


def version_cues(track: SubtitleTrack, number: int) -> list[dict] | None:
    """Return the cues of one saved version, or None."""
    query = select(TrackVersion.cues).filter_by(track_id=track.id, number=number)
    return db.session.scalar(query)
