"""Import SRT/WebVTT files as lesson tracks; export any track as VTT, SRT, text."""

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from tests.conftest import CORPUS, csrf_token
from transcripts.formats import read_srt, read_webvtt
from transcripts.models import Provenance, SubtitleTrack


@pytest.fixture
def lesson_setup(make_user, login):
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="Cardiology", spoken_language="en", target_languages=[]
    )
    lesson = courses.add_lesson(courses.add_module(course, "ECG"), "Leads")
    return login(owner), lesson


def import_file(client, lesson, path, language):
    url = f"/lessons/{lesson.id}/recording"
    with path.open("rb") as handle:
        fields = {
            "subtitles": FileStorage(handle, path.name),
            "language": language,
            "csrf_token": csrf_token(client, url),
        }
        boundary, body = encode_multipart(fields)
    return client.post(
        f"/lessons/{lesson.id}/tracks",
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_srt_import_and_export_keep_every_cue(lesson_setup):
    client, lesson = lesson_setup
    source = CORPUS / "subtitles/srt_cdown/gb2312.srt"

    response = import_file(client, lesson, source, "zh")

    assert response.status_code == 302, response.get_data(as_text=True)
    track = db.session.scalar(select(SubtitleTrack))
    assert track.provenance == Provenance.HUMAN
    expected = read_srt(source.read_bytes().decode("gb2312"))
    srt = client.get(f"/tracks/{track.id}.srt").get_data(as_text=True)
    exported = read_srt(srt)
    assert [(c.start, c.end, c.plain_text) for c in exported] == [
        (c.start, c.end, c.plain_text) for c in expected
    ]
    assert [c.identifier for c in exported] == [
        str(n) for n in range(1, len(expected) + 1)
    ]
    vtt = read_webvtt(client.get(f"/tracks/{track.id}.vtt").get_data(as_text=True))
    assert [c.identifier for c in vtt] == [cue.uid for cue in track.cues]
    text = client.get(f"/tracks/{track.id}.txt?download=1")
    assert "attachment" in text.headers["Content-Disposition"]
    assert expected[0].plain_text.split("\n")[0] in text.get_data(as_text=True)


def test_import_replaces_the_track_of_that_language(lesson_setup):
    client, lesson = lesson_setup
    vtt = sorted((CORPUS / "subtitles").rglob("*.vtt"))
    import_file(client, lesson, CORPUS / "subtitles/srt_cdown/gb2312.srt", "zh")

    import_file(client, lesson, CORPUS / "subtitles/srt_cdown/gb2312.srt", "zh")

    assert len(db.session.scalars(select(SubtitleTrack)).all()) == 1
    assert vtt  # the corpus has WebVTT files too; their reading is tested in formats


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"WEBVTT\n\n00:00.000 --> garbage\nHello\n", "Line 3"),
        (bytes(range(256)) * 8, "encoding is not recognised"),
        (b"", "Line 1: a WebVTT file must start with the word WEBVTT"),
    ],
)
def test_broken_subtitle_file_is_refused_with_a_message(
    lesson_setup, tmp_path, content, message
):
    client, lesson = lesson_setup
    path = tmp_path / "broken.vtt"
    path.write_bytes(content)

    response = import_file(client, lesson, path, "en")

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(SubtitleTrack)) is None


def test_trainee_cannot_import(make_user, login, lesson_setup):
    _owner_client, lesson = lesson_setup
    client = login(make_user(Role.TRAINEE))

    response = client.post(
        f"/lessons/{lesson.id}/tracks", data={"csrf_token": csrf_token(client, "/")}
    )

    assert response.status_code == 403


def test_import_refuses_a_cue_ending_before_it_starts(lesson_setup):
    client, lesson = lesson_setup

    response = import_file(
        client, lesson, CORPUS / "subtitles/webvtt_wpt/timings-negative.vtt", "en"
    )

    assert response.status_code == 400
    assert "ends before it starts" in response.get_data(as_text=True)
    assert db.session.scalar(select(SubtitleTrack)) is None


def test_a_reimported_track_never_answers_not_modified(lesson_setup):
    client, lesson = lesson_setup
    import_file(client, lesson, CORPUS / "subtitles/srt_cdown/gb2312.srt", "fr")
    first = client.get(f"/tracks/{db.session.scalar(select(SubtitleTrack.id))}.vtt")
    tag = first.headers["ETag"]

    import_file(client, lesson, CORPUS / "subtitles/media3_srt/typical.srt", "fr")
    track_id = db.session.scalar(select(SubtitleTrack.id))
    again = client.get(f"/tracks/{track_id}.vtt", headers={"If-None-Match": tag})

    assert again.status_code == 200
    assert again.get_data() != first.get_data()


def test_imported_cue_ids_are_kept(lesson_setup):
    client, lesson = lesson_setup
    source = CORPUS / "subtitles/webvttpy/using_identifiers.vtt"

    import_file(client, lesson, source, "en")

    track = db.session.scalar(select(SubtitleTrack))
    expected = [c.identifier for c in read_webvtt(source.read_text(encoding="utf-8"))]
    exported = read_webvtt(client.get(f"/tracks/{track.id}.vtt").get_data(as_text=True))
    assert [c.identifier for c in exported if c.identifier in expected] == [
        i for i in expected if i
    ]
