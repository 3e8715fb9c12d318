"""The subtitle editor's operations and endpoints: saves, versions, conflicts, flags."""

import pytest
from sqlalchemy import select

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from tests.conftest import csrf_token
from transcripts.formats import read_webvtt
from transcripts.models import CueFlag


def _edit(client, track, version, cues):
    token = csrf_token(client, f"/tracks/{track.id}/edit")
    return client.put(
        f"/tracks/{track.id}/cues.json",
        json={"version": version, "cues": cues},
        headers={"X-CSRFToken": token},
    )


def _state(client, track):
    return client.get(f"/tracks/{track.id}/cues.json").json


@pytest.fixture
def editor(login, lesson_with_tracks):
    owner, _course, lesson, english, spanish = lesson_with_tracks
    return login(owner), lesson, english, spanish


def test_saving_a_fixed_word_makes_a_human_cue_and_a_version(editor):
    client, lesson, english, _spanish = editor
    cues = _state(client, english)["cues"]
    cues[0]["text"] = "And so, my fellow Americans,"

    response = _edit(client, english, 1, cues)

    assert response.status_code == 200, response.json
    saved = response.json
    assert saved["track"]["version"] == 2
    assert [c["provenance"] for c in saved["cues"]] == ["human", "asr", "asr"]
    versions = client.get(f"/tracks/{english.id}/versions.json").json["versions"]
    assert [v["number"] for v in versions] == [2, 1]
    vtt = read_webvtt(client.get(f"/tracks/{english.id}.vtt").get_data(as_text=True))
    assert vtt[0].plain_text == "And so, my fellow Americans,"


def test_a_new_cue_gets_an_identifier(editor):
    client, _lesson, english, _spanish = editor
    cues = _state(client, english)["cues"]
    cues.insert(1, {"uid": None, "start": 2.2, "end": 2.7, "text": "(applause)"})

    saved = _edit(client, english, 1, cues).json

    assert len(saved["cues"]) == 4
    assert saved["cues"][1]["uid"] and saved["cues"][1]["provenance"] == "human"


def test_second_editor_with_an_old_version_gets_a_conflict(editor):
    client, _lesson, english, _spanish = editor
    cues = _state(client, english)["cues"]
    first = [dict(c) for c in cues]
    first[0]["text"] = "First editor's text"
    second = [dict(c) for c in cues]
    second[0]["text"] = "Second editor's text"

    assert _edit(client, english, 1, first).status_code == 200
    conflict = _edit(client, english, 1, second)

    assert conflict.status_code == 409
    assert "Someone else saved" in conflict.json["error"]
    assert conflict.json["current"]["cues"][0]["text"] == "First editor's text"


def test_restoring_an_old_version_brings_back_its_cues(editor):
    client, _lesson, english, _spanish = editor
    cues = _state(client, english)["cues"]
    cues[2]["text"] = "ask what you can do."
    _edit(client, english, 1, cues)
    token = csrf_token(client, f"/tracks/{english.id}/edit")

    restored = client.post(
        f"/tracks/{english.id}/versions/1/restore",
        json={"version": 2},
        headers={"X-CSRFToken": token},
    ).json

    assert restored["track"]["version"] == 3
    assert restored["cues"][2]["text"] == "ask what you can do for your country."
    assert restored["cues"][2]["provenance"] == "asr"


@pytest.mark.parametrize(
    "cue",
    [
        {"uid": None, "start": 5, "end": 4, "text": "backwards"},
        {"uid": None, "start": "soon", "end": 4, "text": "not a time"},
        {"uid": None, "start": 1, "end": 2, "text": "x" * 1001},
    ],
)
def test_invalid_cues_are_refused_and_nothing_changes(editor, cue):
    client, _lesson, english, _spanish = editor

    response = _edit(client, english, 1, [cue])

    assert response.status_code == 400
    assert response.json["error"]
    assert len(_state(client, english)["cues"]) == 3


def test_editing_the_source_marks_translations_stale_and_retranslates(editor):
    client, _lesson, english, spanish = editor
    cues = _state(client, english)["cues"]
    cues[1]["text"] = "ask not what your hospital can do for you,"
    _edit(client, english, 1, cues)

    stale = [c["is_stale"] for c in _state(client, spanish)["cues"]]
    token = csrf_token(client, f"/tracks/{spanish.id}/edit")
    uids = [c["uid"] for c in _state(client, spanish)["cues"]]
    fresh = client.post(
        f"/tracks/{spanish.id}/retranslate",
        json={"version": 1, "uids": uids},
        headers={"X-CSRFToken": token},
    ).json

    assert stale == [False, True, False]
    assert "hospital" in fresh["cues"][1]["text"]
    assert not any(c["is_stale"] for c in fresh["cues"])


def test_trainee_flags_a_line_and_the_instructor_resolves_it(editor, make_user, login):
    client, lesson, english, _spanish = editor
    trainee = make_user(Role.TRAINEE)
    courses.enrol_trainee(trainee, lesson.course)
    trainee_client = login(trainee)
    token = csrf_token(trainee_client, f"/lessons/{lesson.id}")
    uid = english.cues[1].uid

    response = trainee_client.post(
        f"/tracks/{english.id}/flags",
        json={"cue_uid": uid, "comment": "It says 'country', I heard 'county'"},
        headers={"X-CSRFToken": token},
    )
    flags = _state(client, english)["flags"]
    client.post(
        f"/flags/{flags[0]['id']}/resolve",
        headers={"X-CSRFToken": csrf_token(client, f"/tracks/{english.id}/edit")},
    )

    assert response.status_code == 201
    assert [f["cue_uid"] for f in flags] == [uid]
    assert _state(client, english)["flags"] == []
    assert db.session.scalar(select(CueFlag.resolved_at)) is not None


def test_flag_needs_a_comment_and_an_enrolment(editor, make_user, login):
    _client, lesson, english, _spanish = editor
    stranger = login(make_user(Role.TRAINEE))
    token = csrf_token(stranger, "/")
    body = {"cue_uid": english.cues[0].uid, "comment": "wrong"}

    outsider = stranger.post(
        f"/tracks/{english.id}/flags", json=body, headers={"X-CSRFToken": token}
    )

    assert outsider.status_code == 403


def test_other_instructor_cannot_edit(editor, make_user, login):
    _client, _lesson, english, _spanish = editor
    other = login(make_user(Role.INSTRUCTOR))

    assert other.get(f"/tracks/{english.id}/edit").status_code == 403
    assert _edit(other, english, 1, []).status_code in (400, 403)


def test_post_editor_sees_glossary_terms_and_memory_suggestions(editor):
    from translation.memory import Segment, store_segments
    from translation.operations import add_glossary_term

    client, lesson, _english, spanish = editor
    source = "ask what you can do for your country."
    store_segments(
        [Segment(source, "pregunta qué puedes hacer tú por tu país.")],
        "en",
        "es",
        "test",
    )
    db.session.commit()
    add_glossary_term(lesson.course.id, "en", "country", "patria", target="es")

    state = _state(client, spanish)

    assert {"term": "country", "translation": "patria"} in state["glossary"]
    suggestion = state["cues"][2]["suggestion"]
    assert suggestion == {
        "text": "pregunta qué puedes hacer tú por tu país.",
        "score": 100,
    }
    assert state["cues"][0]["suggestion"] is None


def test_restore_brings_back_the_same_cues_with_their_provenance(editor):
    client, _lesson, english, _spanish = editor
    original = _state(client, english)["cues"]
    _edit(client, english, 1, [{"uid": None, "start": 0, "end": 3, "text": "All new"}])
    token = csrf_token(client, f"/tracks/{english.id}/edit")

    restored = client.post(
        f"/tracks/{english.id}/versions/1/restore",
        json={"version": 2},
        headers={"X-CSRFToken": token},
    ).json

    assert [(c["uid"], c["provenance"]) for c in restored["cues"]] == [
        (c["uid"], "asr") for c in original
    ]


def test_saving_without_a_change_makes_no_version(editor):
    client, _lesson, english, _spanish = editor
    cues = _state(client, english)["cues"]

    saved = _edit(client, english, 1, cues).json

    assert saved["track"]["version"] == 1
    assert client.get(f"/tracks/{english.id}/versions.json").json["versions"] == []


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("retranslate", {"version": 1, "uids": None}),
        ("retranslate", {"version": True, "uids": []}),
        ("cues.json", {"version": 1, "cues": [{"start": 0, "end": 1, "text": ["a"]}]}),
    ],
)
def test_malformed_editor_requests_get_a_clear_400(editor, path, body):
    client, _lesson, english, spanish = editor
    track = spanish if path == "retranslate" else english
    token = csrf_token(client, f"/tracks/{track.id}/edit")
    method = client.put if path == "cues.json" else client.post

    response = method(
        f"/tracks/{track.id}/{path}", json=body, headers={"X-CSRFToken": token}
    )

    assert response.status_code == 400
    assert response.json["error"]
