"""The processing job: audio, speech-to-text, cues, translations.

The job row is the truth: each step records its state and progress there, so the
instructor sees what happens and a stalled job can be found and run again.
"""

import logging
import uuid
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from portal.errors import MediaRejected
from portal.extensions import db
from portal.timeutil import utcnow
from transcripts import media
from transcripts.cues import build_cues
from transcripts.models import (
    Cue,
    JobState,
    ProcessingJob,
    Provenance,
    Recording,
    SubtitleTrack,
)
from transcripts.speech import SpeechEngine, WhisperEngine
from translation import service as translation

log = logging.getLogger(__name__)

# Share of the progress bar each step takes.
EXTRACT_END, TRANSCRIBE_END, CUES_END = 5.0, 80.0, 85.0


def speech_engine() -> SpeechEngine:
    """Build the configured speech engine."""
    settings = current_app.config["SETTINGS"]
    return WhisperEngine(
        settings.whisper_model,
        settings.models_path,
        settings.whisper_threads,
    )


def media_folder() -> Path:
    """Return the folder that holds uploaded recordings."""
    return current_app.config["SETTINGS"].media_path


def recording_path(recording: Recording) -> Path:
    """Return where a recording's file lies."""
    return media_folder() / recording.stored_name


def _report(job: ProcessingJob, step: str, progress: float, message: str = "") -> None:
    job.step, job.progress, job.message = step, round(progress, 1), message
    db.session.commit()


class _ProgressReporter:
    """Write transcription progress to the job row, at most once a percent."""

    def __init__(self, job: ProcessingJob):
        self.job = job
        self.last = -1.0

    def __call__(self, fraction: float) -> None:
        progress = EXTRACT_END + fraction * (TRANSCRIBE_END - EXTRACT_END)
        if progress - self.last >= 1.0:
            self.last = progress
            _report(self.job, "transcribing", progress)


def store_track(
    lesson_id, recording_id, language, provenance, engine, cues, source=None
):
    """Write a track and its cues in one transaction."""
    track = SubtitleTrack(
        lesson_id=lesson_id,
        recording_id=recording_id,
        language=language,
        provenance=provenance,
        engine=engine,
        source_track_id=source.id if source else None,
    )
    sources = source.cues if source else [None] * len(cues)
    track.cues = [
        Cue(
            uid=str(uuid.uuid4()),
            position=index,
            start=round(cue.start, 3),
            end=round(cue.end, 3),
            text=cue.text,
            # A translated cue may say where it came from (translation memory).
            provenance=Provenance(getattr(cue, "provenance", None) or provenance),
            source_uid=origin.uid if origin else None,
            source_text=origin.text if origin else None,
        )
        for index, (cue, origin) in enumerate(zip(cues, sources, strict=True))
    ]
    db.session.add(track)
    db.session.commit()
    return track


def _drop_machine_tracks(recording: Recording) -> set[str]:
    """Remove tracks an earlier run made; keep what people wrote or edited.

    Returns the languages of the tracks kept, which this run must not redo.
    """
    tracks = db.session.scalars(
        db.select(SubtitleTrack).filter_by(lesson_id=recording.lesson_id)
    ).all()
    kept = {t for t in tracks if t.provenance == Provenance.HUMAN or t.is_edited}
    # An edited translation still needs the track it was translated from.
    kept |= {s for t in kept for s in tracks if s.id == t.source_track_id}
    doomed = [t for t in tracks if t not in kept]
    # Translations first: they point at their source track.
    for track in sorted(doomed, key=lambda t: t.source_track_id is None):
        db.session.delete(track)
        db.session.flush()
    db.session.commit()
    return {track.language for track in kept}


def _translate(job: ProcessingJob, source_track: SubtitleTrack, targets: list[str]):
    recording = job.recording
    for done, target in enumerate(targets):
        engine = translation.engine_for(source_track.language, target)
        if engine is None:
            job.notes = [
                *job.notes,
                _(
                    "No installed engine translates %(src)s to %(dst)s.",
                    src=source_track.language,
                    dst=target,
                ),
            ]
            continue
        progress = CUES_END + (100 - CUES_END) * done / len(targets)
        _report(job, "translating", progress, target)
        texts = translation.translate_cues(
            source_track.cues, source_track.language, target, engine
        )
        store_track(
            recording.lesson_id,
            recording.id,
            target,
            Provenance.MACHINE_TRANSLATION,
            engine.name,
            texts,
            source_track,
        )


def run_job(job_id: int, target_languages: list[str], spoken_language: str | None):
    """Run every step of a processing job, recording state on the job row."""
    job = db.session.get(ProcessingJob, job_id)
    if job is None or job.state == JobState.DONE:
        return
    job.state, job.attempts, job.notes = JobState.RUNNING, job.attempts + 1, []
    _report(job, "extracting", 0.0)
    recording = job.recording
    workdir = media_folder() / "work"
    workdir.mkdir(parents=True, exist_ok=True)
    audio = workdir / f"job-{job.id}.wav"
    try:
        _process(job, recording, audio, target_languages, spoken_language)
    except MediaRejected as error:
        _fail(job, error.message)
    except Exception:
        log.exception("Job %s failed", job.id)
        _fail(
            job,
            _(
                "Processing stopped because of an error on our side "
                "(job %(id)s). Press retry; if it fails again, tell an "
                "administrator.",
                id=job.id,
            ),
        )
    finally:
        audio.unlink(missing_ok=True)


def _spoken_track(job, recording, language, cues, kept) -> SubtitleTrack:
    """Store the recognised track, unless a person's track in that language stays."""
    if language in kept:
        job.notes = [
            *job.notes,
            _("Your edited %(lang)s track was kept.", lang=language),
        ]
        return db.session.scalar(
            db.select(SubtitleTrack).filter_by(
                lesson_id=recording.lesson_id, language=language
            )
        )
    return store_track(
        recording.lesson_id,
        recording.id,
        language,
        Provenance.ASR,
        "faster-whisper",
        cues,
    )


def _process(job, recording, audio, target_languages, spoken_language):
    media.extract_audio(recording_path(recording), audio)
    _report(job, "transcribing", EXTRACT_END)
    transcript = speech_engine().transcribe(
        audio, spoken_language, _ProgressReporter(job)
    )
    job.detected_language = transcript.language
    cues = build_cues(transcript.segments)
    kept = _drop_machine_tracks(recording)
    if not cues:
        _finish(job, _("No speech found in this recording."))
        return
    _report(job, "cues", TRANSCRIBE_END)
    spoken = transcript.language
    asr_track = _spoken_track(job, recording, spoken, cues, kept)
    targets = [
        code
        for code in target_languages
        if code.split("-")[0] != spoken and code not in kept
    ]
    _translate(job, asr_track, targets)
    _finish(job, _("Subtitles ready."))


# TODO: job messages are stored in English (the worker has no reader); store a
# message key and its arguments instead when the UI catalogs land (issue 4).
def _finish(job: ProcessingJob, message: str) -> None:
    job.state, job.finished_at = JobState.DONE, utcnow()
    _report(job, "done", 100.0, message)
    log.info("Job %s done: %s", job.id, message)


def _fail(job: ProcessingJob, reason: str) -> None:
    db.session.rollback()
    job.state, job.finished_at = JobState.FAILED, utcnow()
    _report(job, "failed", job.progress, reason)
    log.warning("Job %s failed: %s", job.id, reason)
