"""A lesson's translated tracks: Apertium with the glossary, the test pack through
argostranslate, and the memory for Chinese, each cue marked with its provenance."""

import io
import uuid

import pytest
from sqlalchemy import delete, func, select

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from tests.translation.engines import needs_apertium
from transcripts import pipeline
from transcripts.editing import parse_cues, save_cues
from transcripts.formats import read_webvtt
from transcripts.models import (
    Cue,
    ProcessingJob,
    Provenance,
    Recording,
    SubtitleTrack,
    TrackVersion,
)
from translation import operations

pytestmark = needs_apertium

JFK = [
    (0.0, 2.2, "And so my fellow Americans,"),
    (2.2, 5.9, "ask not what your country can do for you,"),
    (6.4, 8.1, "ask what you can do for your country."),
    (8.5, 10.0, "Wash your hands."),
]
TMX = (
    '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header/><body>'
    '<tu><tuv xml:lang="en"><seg>Wash your hands.</seg></tuv>'
    '<tuv xml:lang="zh"><seg>请洗手。</seg></tuv></tu></body></tmx>'
).encode()


@pytest.fixture
def lesson_with_speech(app, make_user):
    """A lesson whose recording has an English speech track, as Whisper leaves it."""
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="Leadership", spoken_language="en", target_languages=[]
    )
    lesson = courses.add_lesson(courses.add_module(course, "Speeches"), "JFK")
    recording = Recording(
        lesson_id=lesson.id,
        original_filename="jfk.wav",
        stored_name="jfk.wav",
        content_type="audio/wav",
        size_bytes=1,
        duration_seconds=10.0,
        has_video=False,
        uploaded_by_id=owner.id,
    )
    db.session.add(recording)
    db.session.flush()
    job = ProcessingJob(recording_id=recording.id)
    track = SubtitleTrack(
        lesson_id=lesson.id,
        recording_id=recording.id,
        language="en",
        provenance=Provenance.ASR,
        engine="faster-whisper",
    )
    track.cues = [
        Cue(uid=str(uuid.uuid4()), position=i, start=s, end=e, text=t,
            provenance=Provenance.ASR)
        for i, (s, e, t) in enumerate(JFK)
    ]  # fmt: skip
    db.session.add_all([job, track])
    db.session.commit()
    return course, lesson, job, track


def _cues(client, track: SubtitleTrack):
    response = client.get(f"/tracks/{track.id}.vtt")
    assert response.status_code == 200
    return read_webvtt(response.get_data(as_text=True))


def test_lesson_gets_apertium_argos_and_memory_tracks(
    lesson_with_speech, install_pack, login
):
    course, lesson, job, speech = lesson_with_speech
    install_pack("en", "fr")
    operations.add_glossary_term(course.id, "en", "Americans")
    operations.import_memory(io.BytesIO(TMX), "en", "zh", "demo.tmx")

    pipeline._translate(job, speech, ["es", "fr", "zh"])

    tracks = {
        t.language: t
        for t in db.session.scalars(
            select(SubtitleTrack).filter_by(lesson_id=lesson.id)
        )
    }
    assert {tracks[k].engine for k in ("es", "fr", "zh")} == {
        "apertium",
        "argos",
        "translation-memory",
    }
    client = login(course.owner)
    page = client.get(f"/lessons/{lesson.id}").get_data(as_text=True)
    for language in ("es", "fr", "zh"):
        assert f'srclang="{language}"' in page

    spanish = _cues(client, tracks["es"])
    assert [(c.start, c.end) for c in spanish] == [(s, e) for s, e, _t in JFK]
    assert spanish[0].text.startswith("Y")
    assert "Americans" in spanish[0].text  # kept by the course glossary
    assert "país" in spanish[2].text

    french = [cue.text for cue in _cues(client, tracks["fr"])]
    assert "bonjour le monde" in " ".join(french)

    chinese = tracks["zh"].cues
    assert chinese[3].text == "请洗手。"
    assert chinese[3].provenance == Provenance.TRANSLATION_MEMORY
    # Not in the memory and no engine for Chinese: left in English, marked so.
    assert chinese[0].text == "And so my fellow Americans,"
    assert chinese[0].provenance == Provenance.ASR
    assert {c.provenance for c in tracks["es"].cues[:3]} == {
        Provenance.MACHINE_TRANSLATION
    }


def test_memory_beats_the_engine_and_is_marked(lesson_with_speech):
    course, lesson, job, speech = lesson_with_speech
    tmx = TMX.replace(b'"zh"', b'"es"').replace(
        "请洗手。".encode(), b"Lavaos las manos."
    )
    operations.import_memory(io.BytesIO(tmx), "en", "es", "course.tmx")

    pipeline._translate(job, speech, ["es"])

    track = db.session.scalar(select(SubtitleTrack).filter_by(language="es"))
    assert track.cues[3].text == "Lavaos las manos."
    assert track.cues[3].provenance == Provenance.TRANSLATION_MEMORY
    assert track.cues[0].provenance == Provenance.MACHINE_TRANSLATION


def test_admin_preference_changes_the_engine(lesson_with_speech):
    _course, _lesson, job, speech = lesson_with_speech
    operations.import_memory(
        io.BytesIO(TMX.replace(b'"zh"', b'"es"')), "en", "es", "x.tmx"
    )
    operations.set_engine_preference("en", "es", "translation-memory")

    pipeline._translate(job, speech, ["es"])

    track = db.session.scalar(select(SubtitleTrack).filter_by(language="es"))
    assert track.engine == "translation-memory"


def test_traditional_chinese_is_converted_from_the_simplified_track(
    lesson_with_speech,
):
    _course, lesson, job, speech = lesson_with_speech
    operations.import_memory(io.BytesIO(TMX), "en", "zh", "demo.tmx")

    pipeline._translate(job, speech, ["zh-Hant", "zh"])

    tracks = {
        t.language: t
        for t in db.session.scalars(
            select(SubtitleTrack).filter_by(lesson_id=lesson.id)
        )
    }
    simplified, traditional = tracks["zh"], tracks["zh-Hant"]
    assert (simplified.engine, traditional.engine) == ("translation-memory", "opencc")
    assert traditional.source_track_id == simplified.id
    assert simplified.cues[3].text == "请洗手。"
    assert traditional.cues[3].text == "請洗手。"
    # What the memory lacked stays English in both, marked and tagged so.
    for track in (simplified, traditional):
        first = track.cues[0]
        assert (first.text, first.provenance) == (JFK[0][2], Provenance.ASR)
        assert first.language == "en"
    assert len(job.shown_notes) == 2  # one per Chinese track: 3 of 4 stay English
    assert not any("zh-Hant" in str(note) for note in job.shown_notes)

    # Editing the Traditional track keeps the tracks it came from on a re-run;
    # without the edit, all three machine tracks go, the newest first.
    cues = [
        {"uid": c.uid, "start": c.start, "end": c.end, "text": c.text}
        for c in traditional.cues
    ]
    cues[3]["text"] = "請洗手！"
    save_cues(traditional, traditional.version, parse_cues(cues), _course.owner)
    assert pipeline._drop_machine_tracks(job.recording) == {"en", "zh", "zh-Hant"}
    db.session.execute(delete(TrackVersion))
    db.session.commit()
    assert pipeline._drop_machine_tracks(job.recording) == set()
    assert db.session.scalar(select(func.count(SubtitleTrack.id))) == 0
