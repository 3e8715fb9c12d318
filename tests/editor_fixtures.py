"""A lesson with a recording and English + Spanish tracks, without running Whisper."""

import shutil
from dataclasses import dataclass

import pytest

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from tests.conftest import CORPUS
from transcripts.media import make_slide_video
from transcripts.models import Provenance, Recording
from transcripts.pipeline import store_track
from translation import service as translation

JFK_CUES = [
    (0.0, 2.1, "And so my fellow Americans,"),
    (2.76, 7.34, "ask not what your country can do for you,"),
    (7.74, 10.36, "ask what you can do for your country."),
]


@dataclass
class Cue:
    start: float
    end: float
    text: str


@pytest.fixture(scope="session")
def jfk_video(tmp_path_factory):
    folder = tmp_path_factory.mktemp("video")
    return make_slide_video(CORPUS / "audio/en_jfk.wav", folder / "jfk.mp4", "JFK")


@pytest.fixture
def lesson_with_tracks(app, make_user, jfk_video):
    """Make an instructor's lesson with a recording, English and Spanish tracks."""
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="Civic duty", spoken_language="en", target_languages=["es"]
    )
    lesson = courses.add_lesson(courses.add_module(course, "Speeches"), "Inaugural")
    media = app.config["SETTINGS"].media_path / str(lesson.id)
    media.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(jfk_video, media / "jfk.mp4")
    recording = Recording(
        lesson_id=lesson.id,
        original_filename="jfk.mp4",
        stored_name=f"{lesson.id}/jfk.mp4",
        content_type="video/mp4",
        size_bytes=jfk_video.stat().st_size,
        duration_seconds=11.0,
        has_video=True,
        uploaded_by_id=owner.id,
    )
    db.session.add(recording)
    db.session.commit()
    cues = [Cue(*fields) for fields in JFK_CUES]
    english = store_track(
        lesson.id, recording.id, "en", Provenance.ASR, "faster-whisper", cues
    )
    engine = translation.engine_for("en", "es")
    spanish_cues = translation.translate_cues(english.cues, "en", "es", engine)
    spanish = store_track(
        lesson.id, recording.id, "es", Provenance.MACHINE_TRANSLATION, engine.name,
        spanish_cues, english,
    )  # fmt: skip
    return owner, course, lesson, english, spanish
