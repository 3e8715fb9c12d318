"""Speech settings of a course through the whole job: streams, scripts, drafts,
re-runs in another language, and a job that resumes after its worker stopped."""

import dataclasses
import subprocess
import sys
import time

import jiwer
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from portal.jobs import huey
from tests.conftest import CORPUS, MODELS, csrf_token
from tests.test_pipeline import reference, upload
from tests.test_speech import JFK, LIBRI, join, word_error_rate
from transcripts import operations
from transcripts.chinese import to_script
from transcripts.media import ffmpeg_binary, probe
from transcripts.models import (
    Cue,
    JobState,
    ProcessingJob,
    Provenance,
    SubtitleTrack,
    TranscriptChunk,
)
from transcripts.pipeline import run_job
from transcripts.speech import WhisperEngine

pytestmark = pytest.mark.slow


@pytest.fixture
def make_lesson(make_user, login, whisper_models):
    """Make an instructor's lesson in a course with the given settings."""

    def make(**settings):
        owner = make_user(Role.INSTRUCTOR)
        values = {"spoken_language": "auto", "target_languages": []} | settings
        course = courses.create_course(owner, title="Surgery", **values)
        lesson = courses.add_lesson(courses.add_module(course, "One"), "Two")
        return login(owner), lesson

    return make


def tracks() -> dict[str, SubtitleTrack]:
    return {t.language: t for t in db.session.scalars(select(SubtitleTrack))}


def text_of(track: SubtitleTrack) -> str:
    return " ".join(cue.text.replace("\n", " ") for cue in track.cues)


def test_the_audio_stream_that_holds_speech_is_transcribed(make_lesson, tmp_path):
    client, lesson = make_lesson()
    two_streams = tmp_path / "two_streams.mkv"
    tone = "aevalsrc=0.3*sin(2*PI*440*t)*(1+sin(2*PI*3*t))/2:s=44100:d=11"
    subprocess.run(
        [ffmpeg_binary(), "-nostdin", "-y", "-f", "lavfi", "-i", tone,
         "-i", str(CORPUS / "audio/en_jfk.wav"), "-map", "0:a", "-map", "1:a",
         "-c:a", "aac", str(two_streams)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert probe(two_streams).audio_streams == 2

    response = upload(client, lesson, two_streams)

    assert response.json["state"] == "done", response.json
    assert word_error_rate(JFK, text_of(tracks()["en"])) <= 0.1


@pytest.mark.parametrize(
    "name", ["video/mp4_audio_only_aac_1s.mp4", "video/webm_opus_audio_only_bbb.webm"]
)
def test_audio_only_uploads_are_processed(make_lesson, name):
    client, lesson = make_lesson()

    response = upload(client, lesson, CORPUS / name)

    assert response.status_code == 202
    job = db.session.get(ProcessingJob, response.json["id"])
    assert (job.state, job.message) == (
        JobState.DONE,
        "No speech found in this recording.",
    )


def character_error_rate(expected: str, actual: str) -> float:
    keep = "".join(ch for ch in actual if ch.isalnum())
    return jiwer.cer(expected, keep)


def test_chinese_comes_in_the_script_the_course_asks_for(make_lesson):
    client, lesson = make_lesson()
    name = "audio/zh_aishell_BAC009S0724W0121.wav"
    expected = reference(name).split()[0]

    response = upload(client, lesson, CORPUS / name)

    simplified = text_of(tracks()["zh"])
    assert to_script(simplified, "zh-Hans") == simplified
    assert character_error_rate(expected, simplified) <= 0.2
    course = lesson.course
    course.chinese_script = "zh-Hant"
    recording = db.session.get(ProcessingJob, response.json["id"]).recording
    operations.rerun_recording(recording, "zh", course.owner)
    assert "zh" not in tracks()  # zh is Simplified: this track is zh-Hant
    traditional = text_of(tracks()["zh-Hant"])
    assert traditional == to_script(simplified, "zh-Hant") != simplified


def test_the_course_terms_reach_the_recogniser(make_lesson):
    client, lesson = make_lesson(recognition_terms="ComfyUI\ncheckpoint")

    upload(client, lesson, CORPUS / "audio/en_hotwords_comfyui.mp3")

    assert "ComfyUI" in text_of(tracks()["en"])


def test_french_speech_gets_a_draft_english_track_from_whisper(make_lesson):
    client, lesson = make_lesson(has_speech_translation=True)

    upload(client, lesson, CORPUS / "audio/fr_commonvoice_17299458.wav")

    found = tracks()
    assert set(found) == {"fr", "en"}
    english = found["en"]
    assert (english.provenance, english.engine, english.is_draft) == (
        Provenance.MACHINE_TRANSLATION,
        "whisper-base-translate",
        True,
    )
    assert english.source_track_id == found["fr"].id
    assert "parole" in text_of(found["fr"]).lower()
    assert text_of(english).isascii() and len(text_of(english).split()) >= 3
    manage = client.get(f"/lessons/{lesson.id}/recording").get_data(as_text=True)
    assert 'class="badge draft">draft<' in manage
    player = client.get(f"/lessons/{lesson.id}").get_data(as_text=True)
    assert 'label="English (draft)"' in player


def rerun(client, lesson, recording_id, language):
    url = f"/recordings/{recording_id}/rerun"
    token = csrf_token(client, f"/lessons/{lesson.id}/recording")
    return client.post(url, data={"language": language, "csrf_token": token})


def test_instructor_reruns_in_another_language_and_keeps_own_edits(make_lesson):
    client, lesson = make_lesson()
    first = upload(client, lesson, CORPUS / "audio/en_pisets_test_sound.wav").json
    recording_id = db.session.get(ProcessingJob, first["id"]).recording_id
    mine = SubtitleTrack(
        lesson_id=lesson.id, recording_id=recording_id, language="en",
        provenance=Provenance.HUMAN,
        cues=[Cue(uid="x", position=0, start=0.0, end=1.0, text="Mine",
                  provenance=Provenance.HUMAN)],
    )  # fmt: skip
    db.session.add(mine)
    db.session.commit()

    page = client.get(f"/lessons/{lesson.id}/recording").get_data(as_text=True)
    response = rerun(client, lesson, recording_id, "ru")

    assert 'name="language"' in page and 'value="ru"' in page
    assert response.status_code == 302
    job = db.session.scalars(select(ProcessingJob).order_by(ProcessingJob.id)).all()[-1]
    assert (job.requested_language, job.detected_language) == ("ru", "ru")
    assert job.state == JobState.DONE
    kept = db.session.scalars(select(SubtitleTrack)).all()
    assert {(t.language, t.provenance) for t in kept} == {
        ("en", Provenance.HUMAN),
        ("ru", Provenance.ASR),
    }


@pytest.mark.parametrize("language", ["xx", "<script>"])
def test_rerun_in_an_unknown_language_is_refused(make_lesson, language):
    client, lesson = make_lesson()
    first = upload(client, lesson, CORPUS / "video/mp4_audio_only_aac_1s.mp4").json
    recording_id = db.session.get(ProcessingJob, first["id"]).recording_id

    response = rerun(client, lesson, recording_id, language)

    assert response.status_code == 400
    assert db.session.scalar(select(func.count(ProcessingJob.id))) == 1


class WorkerStopped(BaseException):
    """What a worker's restart looks like to the job: it just stops."""


class CountingEngine:
    """The real Whisper engine, counting its calls and stopping on one of them."""

    def __init__(self, engine, stop_at_call: int | None = None):
        self.engine, self.stop_at_call = engine, stop_at_call
        self.name, self.calls = engine.name, 0

    def detect_language(self, audio, *args):
        return self.engine.detect_language(audio, *args)

    def transcribe(self, audio, request):
        self.calls += 1
        if self.calls == self.stop_at_call:
            raise WorkerStopped
        return self.engine.transcribe(audio, request)


@pytest.fixture
def queued_uploads(app):
    """Queue jobs instead of running them, and recognise in 25-second windows."""
    settings = app.config["SETTINGS"]
    app.config["SETTINGS"] = dataclasses.replace(settings, transcribe_chunk_seconds=25)
    huey.immediate = False
    yield
    huey.flush()
    huey.immediate = True
    app.config["SETTINGS"] = settings
    app.extensions.pop("speech_engine", None)


def _upload_two_parts(lesson, tmp_path):
    """Upload JFK, 20 s of silence and LibriSpeech as one recording."""
    recording = tmp_path / "two_parts.wav"
    join(
        ["audio/en_jfk.wav", 20.0, "audio/en_librispeech_1995-1837-0001.wav"], recording
    )
    with recording.open("rb") as file:
        return operations.accept_upload(
            lesson, FileStorage(file, "two.wav"), lesson.course.owner
        )


def test_a_stopped_job_resumes_after_its_last_finished_chunk(
    app, make_lesson, queued_uploads, tmp_path
):
    client, lesson = make_lesson()
    job = _upload_two_parts(lesson, tmp_path)
    whisper = WhisperEngine("base", MODELS, threads=2)

    app.extensions["speech_engine"] = CountingEngine(whisper, stop_at_call=2)
    with pytest.raises(WorkerStopped):
        run_job(job.id, [], None)
    db.session.expire_all()
    first_chunk = db.session.scalars(select(TranscriptChunk)).one()
    kept_text = [s["text"] for s in first_chunk.segments]
    assert (first_chunk.position, job.state, job.step) == (
        0,
        JobState.RUNNING,
        "transcribing",
    )
    assert job.progress >= 5 + 75 * first_chunk.end / 40 - 1  # chunk 0 reported

    resumed = CountingEngine(whisper)
    app.extensions["speech_engine"] = resumed
    run_job(job.id, [], None)

    db.session.expire_all()
    assert job.state == JobState.DONE
    assert resumed.calls == 1  # the second chunk only
    english = text_of(tracks()["en"])
    assert english.startswith(" ".join(kept_text)[:20])
    assert word_error_rate(f"{JFK} {LIBRI}", english) <= 0.1
    assert db.session.scalar(select(func.count(TranscriptChunk.id))) == 0


def test_a_job_whose_worker_was_terminated_resumes(
    app, make_lesson, queued_uploads, tmp_path
):
    from tests.test_worker import _worker_env

    client, lesson = make_lesson()
    job = _upload_two_parts(lesson, tmp_path)
    env = _worker_env(app) | {"TRANSCRIBE_CHUNK_SECONDS": "25"}
    worker = subprocess.Popen(
        [sys.executable, "-m", "portal.cli", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        first = _wait_for_first_chunk(seconds=120)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    db.session.expire_all()
    assert first is not None and job.state == JobState.RUNNING

    resumed = CountingEngine(WhisperEngine("base", MODELS, threads=2))
    app.extensions["speech_engine"] = resumed
    run_job(job.id, [], None)

    db.session.expire_all()
    assert job.state == JobState.DONE and resumed.calls == 1
    assert word_error_rate(f"{JFK} {LIBRI}", text_of(tracks()["en"])) <= 0.1


def _wait_for_first_chunk(seconds: float) -> TranscriptChunk | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.expire_all()
        chunk = db.session.scalars(select(TranscriptChunk)).first()
        if chunk is not None:
            return chunk
        time.sleep(0.1)
    return None
