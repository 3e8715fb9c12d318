"""The processing job: audio, speech-to-text, cues, translations.

The job row is the truth: each step records its state and progress there, so the
instructor sees what happens and a stalled job can be found and run again.
"""

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from courses.models import Course, Lesson
from courses.queries import course_terms
from portal.errors import MediaRejected
from portal.extensions import db
from portal.messages import Message, plural_message
from portal.timeutil import utcnow
from transcripts import media
from transcripts.chinese import SIMPLIFIED, is_chinese, tagged_by_script, to_script
from transcripts.cues import DraftCue, build_cues
from transcripts.editing import usable_uid
from transcripts.longform import Chunk, LongTranscriber, speech_seconds
from transcripts.models import (
    Cue,
    JobState,
    ProcessingJob,
    Provenance,
    Recording,
    SubtitleTrack,
    TranscriptChunk,
)
from transcripts.speech import (
    Segment,
    SpeechEngine,
    SpeechRequest,
    Transcript,
    WhisperEngine,
    WhisperOptions,
)
from translation import service as translation
from translation.languages import endonym

log = logging.getLogger(__name__)

# Share of the progress bar each step takes.
EXTRACT_END, TRANSCRIBE_END, CUES_END = 5.0, 80.0, 85.0
ENGLISH = "en"


def speech_engine() -> SpeechEngine:
    """Return the speech engine: one set on the app (tests), else the configured."""
    engine = current_app.extensions.get("speech_engine")
    if engine is not None:
        return engine
    settings = current_app.config["SETTINGS"]
    return WhisperEngine(
        settings.whisper_model,
        settings.models_path,
        settings.whisper_threads,
        WhisperOptions(beam_size=settings.whisper_beam_size),
    )


def translation_engine_name(engine: SpeechEngine) -> str:
    """Name Whisper's speech-to-English translation after the model that made it."""
    return (
        "whisper-base-translate" if is_draft_translator(engine) else "whisper-translate"
    )


def is_draft_translator(engine: SpeechEngine) -> bool:
    """Tell whether the engine's speech translations are only rough drafts."""
    return getattr(engine, "is_base_model", True)


def media_folder() -> Path:
    """Return the folder that holds uploaded recordings."""
    return current_app.config["SETTINGS"].media_path


def recording_path(recording: Recording) -> Path:
    """Return where a recording's file lies."""
    return media_folder() / recording.stored_name


def _report(
    job: ProcessingJob, step: str, progress: float, message: Message | None = None
) -> None:
    job.step, job.progress = step, round(progress, 1)
    job.say(message)
    db.session.commit()


class _ProgressReporter:
    """Write recognition progress to the job row, at most once a percent."""

    def __init__(self, job: ProcessingJob, step: str, begin: float, end: float):
        self.job, self.step = job, step
        self.begin, self.end = begin, end
        self.last = -1.0

    def __call__(self, fraction: float) -> None:
        progress = self.begin + fraction * (self.end - self.begin)
        if progress - self.last >= 1.0:
            self.last = progress
            _report(self.job, self.step, progress)


@dataclass(frozen=True)
class CourseSpeech:
    """What a course asks of speech-to-text."""

    terms: tuple[str, ...] = ()
    chinese_script: str = SIMPLIFIED
    has_speech_translation: bool = False


def course_speech(recording: Recording) -> CourseSpeech:
    """Read the speech settings of the course a recording belongs to."""
    lesson = db.session.get(Lesson, recording.lesson_id)
    course: Course | None = lesson.course if lesson else None
    if course is None:
        return CourseSpeech()
    return CourseSpeech(
        tuple(course_terms(course)),
        course.chinese_script or SIMPLIFIED,
        bool(course.has_speech_translation),
    )


def store_track(
    lesson_id,
    recording_id,
    language,
    provenance,
    engine,
    cues,
    source=None,
    is_draft=False,
):
    """Write a track and its cues in one transaction."""
    track = SubtitleTrack(
        lesson_id=lesson_id,
        recording_id=recording_id,
        language=language,
        provenance=provenance,
        engine=engine,
        source_track_id=source.id if source else None,
        is_draft=is_draft,
    )
    sources = source.cues if source else [None] * len(cues)
    taken: set[str] = set()
    track.cues = [
        Cue(
            # An imported file's own cue ids are kept when they can be.
            uid=_claim(usable_uid(getattr(cue, "identifier", None), taken), taken),
            position=index,
            start=round(cue.start, 3),
            end=round(cue.end, 3),
            text=cue.text,
            # A translated cue may say where it came from (translation memory).
            provenance=Provenance(getattr(cue, "provenance", None) or provenance),
            language=_own_language(getattr(cue, "language", None), language),
            source_uid=origin.uid if origin else None,
            source_text=origin.text if origin else None,
        )
        for index, (cue, origin) in enumerate(zip(cues, sources, strict=True))
    ]
    db.session.add(track)
    db.session.commit()
    return track


def _claim(uid: str, taken: set[str]) -> str:
    taken.add(uid)
    return uid


def _own_language(cue_language: str | None, track_language: str) -> str | None:
    return cue_language if cue_language and cue_language != track_language else None


def _drop_machine_tracks(recording: Recording) -> set[str]:
    """Remove tracks an earlier run made; keep what people wrote or edited.

    Returns the languages of the tracks kept, which this run must not redo.
    """
    tracks = db.session.scalars(
        db.select(SubtitleTrack).filter_by(lesson_id=recording.lesson_id)
    ).all()
    by_id = {track.id: track for track in tracks}
    kept = {t for t in tracks if t.provenance == Provenance.HUMAN or t.is_edited}
    # An edited translation still needs the tracks it was translated from
    # (Traditional Chinese from Simplified, Simplified from the speech).
    kept |= {source for track in kept for source in _sources(track, by_id)}
    doomed = [t for t in tracks if t not in kept]
    # Translations before the tracks they point at.
    for track in sorted(doomed, key=lambda t: -len(_sources(t, by_id))):
        db.session.delete(track)
        db.session.flush()
    db.session.commit()
    return {track.language for track in kept}


def _sources(track: SubtitleTrack, by_id: dict) -> list[SubtitleTrack]:
    """Return the tracks a track was translated from, nearest first."""
    chain = []
    while (track := by_id.get(track.source_track_id)) is not None:
        chain.append(track)
    return chain


def _spoken_track(job, recording, language, engine, cues, kept) -> SubtitleTrack:
    """Store the recognised track, unless a person's track in that language stays."""
    if language in kept:
        job.add_note(
            Message("Your edited %(lang)s track was kept.", lang=endonym(language))
        )
        return db.session.scalar(
            db.select(SubtitleTrack).filter_by(
                lesson_id=recording.lesson_id, language=language
            )
        )
    return store_track(
        recording.lesson_id, recording.id, language, Provenance.ASR, engine.name, cues
    )


def _translate(job: ProcessingJob, spoken: SubtitleTrack, targets: list[str]):
    recording = job.recording
    made: list[SubtitleTrack] = [spoken]
    # Chinese last: a Traditional track can then be converted from a Simplified one.
    targets = sorted(targets, key=lambda code: (is_chinese(code), code))
    for done, target in enumerate(targets):
        source_track, engine = _route(made, target)
        if engine is None:
            job.add_note(
                Message(
                    "No installed engine translates %(src)s to %(dst)s.",
                    src=spoken.language,
                    dst=target,
                )
            )
            continue
        progress = CUES_END + (100 - CUES_END) * done / len(targets)
        _report(job, "translating", progress, Message(endonym(target)))
        texts = translation.translate_cues(
            source_track.cues, source_track.language, target, engine
        )
        if source_track is not spoken:
            texts = _keep_untranslated(source_track, texts)
        _note_untranslated(job, texts, spoken.language, target)
        made.append(
            store_track(
                recording.lesson_id,
                recording.id,
                target,
                Provenance.MACHINE_TRANSLATION,
                engine.name,
                texts,
                source_track,
            )
        )


def _keep_untranslated(source_track: SubtitleTrack, texts: list) -> list:
    """Leave the cues a made track kept in the spoken language as they were.

    Converting Simplified to Traditional does not translate the English cues
    the memory lacked; they stay marked as what they are.
    """
    return [
        replace(
            new, text=old.text, provenance=old.provenance.value, language=old.language
        )
        if old.language
        else new
        for old, new in zip(source_track.cues, texts, strict=True)
    ]


def _route(made: list[SubtitleTrack], target: str):
    """Choose the track to translate from: the spoken one, else one made from it.

    Only Chinese goes two steps: English to Simplified (say, by the memory),
    then to Traditional by conversion, when no engine reaches it directly.
    """
    spoken = made[0]
    engine = translation.engine_for(spoken.language, target)
    if engine is not None or not is_chinese(target):
        return spoken, engine
    for track in made[1:]:
        if is_chinese(track.language):
            engine = translation.engine_for(track.language, target)
            if engine is not None:
                return track, engine
    return spoken, None


def untranslated_count(cues) -> int:
    """Count cues an engine left in the source language (the memory alone does)."""
    translated = {Provenance.MACHINE_TRANSLATION, Provenance.TRANSLATION_MEMORY}
    return sum(
        1
        for cue in cues
        if Provenance(getattr(cue, "provenance", None) or "machine-translation")
        not in translated
    )


def _note_untranslated(job: ProcessingJob, cues, source: str, target: str) -> None:
    missing = untranslated_count(cues)
    if missing:
        note = plural_message(
            "%(n)s of %(total)s cue of the %(dst)s track is not in the translation "
            "memory and stays in %(src)s.",
            "%(n)s of %(total)s cues of the %(dst)s track are not in the translation "
            "memory and stay in %(src)s.",
            len(cues),
            n=missing, total=len(cues), dst=endonym(target), src=endonym(source),
        )  # fmt: skip
        job.add_note(note)


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
        _fail(job, error.stored)
    except Exception:
        log.exception("Job %s failed", job.id)
        _fail(
            job,
            Message(
                "Processing stopped because of an error on our side "
                "(job %(id)s). Press retry; if it fails again, tell an "
                "administrator.",
                id=job.id,
            ),
        )
    finally:
        audio.unlink(missing_ok=True)


def _process(job, recording, audio, target_languages, spoken_language):
    _extract_speech(recording_path(recording), audio)
    settings, engine = course_speech(recording), speech_engine()
    language = job.requested_language or spoken_language
    request = SpeechRequest(language, terms=settings.terms)
    # With a speech translation to make, recognition takes half the bar.
    middle = (EXTRACT_END + TRANSCRIBE_END) / 2
    middle = middle if settings.has_speech_translation else TRANSCRIBE_END
    _report(job, "transcribing", EXTRACT_END)
    transcript = recognise(job, engine, audio, request, (EXTRACT_END, middle))
    job.detected_language = transcript.language
    # A track in Traditional characters is zh-Hant: zh is Simplified.
    spoken = tagged_by_script(transcript.language, settings.chinese_script)
    cues = make_cues(transcript.segments, settings.chinese_script)
    kept = _drop_machine_tracks(recording)
    if not cues:
        _finish(job, Message("No speech found in this recording."))
        return
    english = None
    if settings.has_speech_translation and spoken != ENGLISH:
        span = (middle, TRANSCRIBE_END)
        english = _speech_translation(job, engine, audio, request, span)
    _report(job, "cues", TRANSCRIBE_END)
    asr_track = _spoken_track(job, recording, spoken, engine, cues, kept)
    if english and ENGLISH not in kept:
        _store_english_draft(recording, engine, english, asr_track)
    done = kept | ({spoken, ENGLISH} if english else {spoken})
    targets = [code for code in target_languages if not _has_track(code, done)]
    _translate(job, asr_track, targets)
    _finish(job, Message("Subtitles ready."))


def _has_track(target: str, done: set[str]) -> bool:
    """Tell whether a target language is already covered by a track made or kept.

    A regional or script variant counts as its language (en-GB is en), except
    for Chinese: Simplified and Traditional readers each need their own track.
    """
    if is_chinese(target):
        return target in done
    return target.split("-")[0] in {code.split("-")[0] for code in done}


def _store_english_draft(recording, engine, cues, asr_track) -> None:
    store_track(
        recording.lesson_id,
        recording.id,
        ENGLISH,
        Provenance.MACHINE_TRANSLATION,
        translation_engine_name(engine),
        cues,
        asr_track,
        is_draft=is_draft_translator(engine),
    )


def _extract_speech(source: Path, audio: Path) -> None:
    """Extract the audio stream that holds speech; most files have only one."""
    streams = media.probe(source).audio_streams
    if streams <= 1:
        media.extract_audio(source, audio)
        return
    candidates = [audio.with_suffix(f".{n}.wav") for n in range(streams)]
    try:
        for index, candidate in enumerate(candidates):
            media.extract_audio(source, candidate, stream=index)
        best = max(range(streams), key=lambda n: speech_seconds(candidates[n]))
        log.info("Audio stream %d of %d holds the speech", best, streams)
        candidates[best].replace(audio)
    finally:
        for candidate in candidates:
            candidate.unlink(missing_ok=True)


def recognise(job, engine, audio, request, span, task="transcribe") -> Transcript:
    """Run speech-to-text chunk by chunk, keeping each chunk so a restart resumes."""
    request = SpeechRequest(request.language, task, request.terms)
    settings = current_app.config["SETTINGS"]
    transcriber = LongTranscriber(engine, request, settings.transcribe_chunk_seconds)
    step = "transcribing" if task == "transcribe" else "speech-translating"
    return transcriber.run(
        audio,
        done=_finished_chunks(job, task),
        on_chunk=lambda chunk: _keep_chunk(job, task, chunk),
        on_progress=_ProgressReporter(job, step, *span),
    )


def _finished_chunks(job: ProcessingJob, task: str) -> dict[int, Chunk]:
    rows = db.session.scalars(
        select(TranscriptChunk).filter_by(job_id=job.id, task=task)
    )
    return {
        row.position: Chunk(
            row.position,
            row.start,
            row.end,
            row.language,
            [Segment.from_json(item) for item in row.segments],
        )
        for row in rows
    }


def _keep_chunk(job: ProcessingJob, task: str, chunk: Chunk) -> None:
    row = TranscriptChunk(
        job_id=job.id,
        task=task,
        position=chunk.index,
        start=chunk.start,
        end=chunk.end,
        language=chunk.language,
        segments=[segment.as_json() for segment in chunk.segments],
    )
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        # A second worker (a re-queued job whose first worker still ran) stored
        # this chunk first; its result is as good as ours.
        db.session.rollback()
        log.warning("Job %s: %s chunk %d was already stored", job.id, task, chunk.index)
        return
    log.info("Job %s: %s chunk %d done at %.1f s", job.id, task, chunk.index, chunk.end)


def make_cues(segments: list[Segment], chinese_script: str) -> list[DraftCue]:
    """Build cues and write their Chinese in the course's script."""
    cues = build_cues(segments)
    for cue in cues:
        if is_chinese(cue.language):
            cue.text = to_script(cue.text, chinese_script)
            cue.language = tagged_by_script(cue.language, chinese_script)
    return cues


def _speech_translation(job, engine, audio, request, span) -> list[DraftCue]:
    """Make English cues with Whisper's own speech-to-English translation."""
    _report(job, "speech-translating", span[0])
    transcript = recognise(job, engine, audio, request, span, task="translate")
    cues = build_cues(transcript.segments)
    for cue in cues:
        cue.language = ENGLISH
    return cues


def _finish(job: ProcessingJob, message: Message) -> None:
    job.state, job.finished_at = JobState.DONE, utcnow()
    # Kept chunks only serve a restart; a finished job needs them no more.
    db.session.execute(delete(TranscriptChunk).where(TranscriptChunk.job_id == job.id))
    _report(job, "done", 100.0, message)
    log.info("Job %s done: %s", job.id, message)


def _fail(job: ProcessingJob, reason: Message) -> None:
    db.session.rollback()
    job.state, job.finished_at = JobState.FAILED, utcnow()
    _report(job, "failed", job.progress, reason)
    log.warning("Job %s failed: %s", job.id, reason)
