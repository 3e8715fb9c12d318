"""The main job end to end, through the test client, on real recordings."""

import csv
import re

import jiwer
import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from portal.messages import Message
from tests.conftest import CORPUS, csrf_token
from transcripts.formats import read_webvtt
from transcripts.media import make_slide_video
from transcripts.models import JobState, ProcessingJob, Recording, SubtitleTrack

pytestmark = pytest.mark.slow


def reference(name: str) -> str:
    """Return the expected transcript the corpus manifest gives for a file."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        for row in csv.DictReader(manifest, delimiter="\t"):
            if row["local_file"] == name:
                return row["expected_result"]
    raise KeyError(name)


def word_error_rate(expected: str, actual: str) -> float:
    clean = jiwer.Compose(
        [jiwer.ToLowerCase(), jiwer.RemovePunctuation(), jiwer.RemoveMultipleSpaces(),
         jiwer.Strip(), jiwer.ReduceToListOfListOfWords()]
    )  # fmt: skip
    return jiwer.wer(
        expected, actual, reference_transform=clean, hypothesis_transform=clean
    )


@pytest.fixture
def lesson_page(make_user, login, whisper_models):
    """An instructor signed in on the upload page of a new lesson."""
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="Public health", spoken_language="auto", target_languages=["es"]
    )
    lesson = courses.add_lesson(courses.add_module(course, "Leadership"), "JFK")
    return login(owner), lesson


def upload(client, lesson, path, as_json=True):
    url = f"/lessons/{lesson.id}/recording"
    headers = {"Accept": "application/json"} if as_json else {}
    with path.open("rb") as media:
        fields = {
            "recording": FileStorage(media, path.name),
            "csrf_token": csrf_token(client, url),
        }
        # Encoded in memory: the test client's own temporary file is never closed.
        boundary, body = encode_multipart(fields)
    content_type = f"multipart/form-data; boundary={boundary}"
    return client.post(url, data=body, headers=headers, content_type=content_type)


def test_jfk_video_gets_english_and_spanish_tracks(lesson_page, tmp_path):
    client, lesson = lesson_page
    video = make_slide_video(CORPUS / "audio/en_jfk.wav", tmp_path / "jfk.mp4", "JFK")

    response = upload(client, lesson, video)

    assert response.status_code == 202, response.get_data(as_text=True)
    status = client.get(f"/jobs/{response.json['id']}.json").json
    assert (status["state"], status["detected_language"]) == ("done", "en")
    tracks = {t.language: t for t in db.session.scalars(select(SubtitleTrack))}
    assert set(tracks) == {"en", "es"}
    english = read_webvtt(
        client.get(f"/tracks/{tracks['en'].id}.vtt").get_data(as_text=True)
    )
    spoken = " ".join(cue.plain_text for cue in english)
    assert word_error_rate(reference("audio/en_jfk.wav"), spoken) <= 0.10
    spanish_vtt = client.get(f"/tracks/{tracks['es'].id}.vtt").get_data(as_text=True)
    spanish = read_webvtt(spanish_vtt)
    assert [(c.start, c.end) for c in spanish] == [(c.start, c.end) for c in english]
    assert tracks["es"].engine == "apertium"
    assert "país" in " ".join(cue.plain_text for cue in spanish)


def test_lesson_page_offers_a_track_per_language(lesson_page, tmp_path, make_user):
    client, lesson = lesson_page
    upload(
        client,
        lesson,
        make_slide_video(CORPUS / "audio/en_jfk.wav", tmp_path / "v.mp4"),
    )

    html = client.get(f"/lessons/{lesson.id}").get_data(as_text=True)

    assert re.search(r'<track kind="subtitles" srclang="en"\s+label="English"', html)
    assert re.search(r'<track kind="subtitles" srclang="es"\s+label="Español"', html)
    assert 'class="cue" data-start="0.0"' in html
    media_url = f"/recordings/{db.session.scalar(select(Recording.id))}/media"
    with client.get(media_url, headers={"Range": "bytes=0-99"}) as media:
        assert (media.status_code, len(media.data)) == (206, 100)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("video/mp4_video_only_NO_AUDIO_1s.mp4", "no sound track"),
        ("audio/edge_notsound.wav", "not a video or audio recording"),
    ],
)
def test_unusable_upload_is_refused_and_nothing_is_stored(
    lesson_page, app, name, reason
):
    client, lesson = lesson_page

    response = upload(client, lesson, CORPUS / name)

    assert response.status_code == 422
    assert reason in response.json["error"]
    assert db.session.scalar(select(func.count(Recording.id))) == 0
    assert db.session.scalar(select(func.count(ProcessingJob.id))) == 0
    media = app.config["SETTINGS"].media_path
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_refusal_is_shown_as_a_page_without_javascript(lesson_page):
    client, lesson = lesson_page

    response = upload(client, lesson, CORPUS / "audio/edge_notsound.wav", as_json=False)

    assert response.status_code == 422
    assert "not a video or audio recording" in response.get_data(as_text=True)


def test_silent_video_is_accepted_with_no_cues(lesson_page):
    client, lesson = lesson_page

    response = upload(
        client, lesson, CORPUS / "video/mp4_black_video_silent_audio_10s.mp4"
    )

    job = db.session.get(ProcessingJob, response.json["id"])
    assert job.state == JobState.DONE
    assert job.message == "No speech found in this recording."
    assert db.session.scalar(select(func.count(SubtitleTrack.id))) == 0


def test_upload_over_the_size_cap_is_refused_and_nothing_is_stored(lesson_page, app):
    client, lesson = lesson_page
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 100_000
    try:
        response = upload(client, lesson, CORPUS / "audio/en_jfk.wav")
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit

    assert response.status_code == 413
    assert "larger than the limit" in response.json["error"]
    assert db.session.scalar(select(func.count(Recording.id))) == 0


def test_accepted_upload_is_linked_not_left_in_the_spool(lesson_page, app):
    client, lesson = lesson_page

    upload(client, lesson, CORPUS / "video/mp4_black_video_silent_audio_10s.mp4")

    media = app.config["SETTINGS"].media_path
    assert list((media / "incoming").iterdir()) == []
    assert len(list((media / str(lesson.id)).iterdir())) == 1


def test_media_is_served_with_the_probed_type_not_the_declared_one(lesson_page):
    client, lesson = lesson_page
    path = CORPUS / "video/mp4_black_video_silent_audio_10s.mp4"
    url = f"/lessons/{lesson.id}/recording"
    with path.open("rb") as media:
        fields = {
            "recording": FileStorage(media, "lecture.html", content_type="text/html"),
            "csrf_token": csrf_token(client, url),
        }
        boundary, body = encode_multipart(fields)
    client.post(
        url, data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    recording = db.session.scalar(select(Recording))

    with client.get(f"/recordings/{recording.id}/media") as served:
        assert served.mimetype == "video/mp4"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in served.headers["Content-Security-Policy"]


def test_job_messages_are_stored_untranslated_and_shown_per_reader(lesson_page):
    client, lesson = lesson_page
    response = upload(
        client, lesson, CORPUS / "video/mp4_black_video_silent_audio_10s.mp4"
    )
    job = db.session.get(ProcessingJob, response.json["id"])
    job.add_note(Message("Your edited %(lang)s track was kept.", lang="Español"))
    db.session.commit()

    english = client.get(f"/jobs/{job.id}.json").json
    client.post(
        "/language",
        data={"locale": "zh", "next": "/", "csrf_token": csrf_token(client, "/")},
    )
    chinese = client.get(f"/jobs/{job.id}.json").json
    page = client.get(url_of(lesson)).get_data(as_text=True)

    assert (job.message, job.message_args) == ("No speech found in this recording.", {})
    assert english["message"] == "No speech found in this recording."
    assert chinese["message"] == "此录音中未检测到语音。"
    assert chinese["notes"] != english["notes"]
    assert "Español" in chinese["notes"][0]
    assert "此录音中未检测到语音。" in page


def test_lost_media_file_gives_404_and_a_clear_job_failure(lesson_page, app):
    client, lesson = lesson_page
    response = upload(
        client, lesson, CORPUS / "video/mp4_black_video_silent_audio_10s.mp4"
    )
    recording = db.session.scalar(select(Recording))
    (app.config["SETTINGS"].media_path / recording.stored_name).unlink()
    job = db.session.get(ProcessingJob, response.json["id"])
    job.state = JobState.FAILED
    db.session.commit()

    missing = client.get(f"/recordings/{recording.id}/media")
    client.post(
        f"/jobs/{job.id}/retry", data={"csrf_token": csrf_token(client, url_of(lesson))}
    )

    db.session.expire_all()
    assert missing.status_code == 404
    assert (
        "stored recording file is missing"
        in db.session.get(ProcessingJob, job.id).message
    )


def url_of(lesson) -> str:
    return f"/lessons/{lesson.id}/recording"
