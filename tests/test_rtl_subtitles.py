"""Right-to-left subtitle tracks keep their punctuation at the correct end."""

import csv
import re
import unicodedata
import uuid

import pytest

from courses import operations as courses
from portal.accounts.models import Role
from portal.extensions import db
from tests.conftest import CORPUS
from transcripts.bidi import RLM, mark_rtl_text
from transcripts.formats import read_webvtt
from transcripts.models import Cue, Provenance, Recording, SubtitleTrack

TICO19 = CORPUS / "translation" / "tico19" / "medical_sentences_en_zh_fr_ru_es_ar.tsv"
# Sentences whose Arabic holds a Latin word or a number; a cue line starting
# there has no right-to-left character before it.
MIXED_SENTENCES = ["CMU_1:106", "PubMed_6:150", "PubMed_7:197"]


def _first_strong_direction(line: str) -> str | None:
    """Return 'rtl' or 'ltr' as the Unicode paragraph rule (P2) finds it."""
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return None


def _split_before_latin_or_digit(sentence: str) -> str:
    """Break a sentence into two cue lines where its first Latin word or digit is."""
    match = re.search(r"[A-Za-z0-9]", sentence)
    return sentence[: match.start()].rstrip() + "\n" + sentence[match.start() :]


def _corpus_arabic_cues() -> list[str]:
    vtt = (CORPUS / "subtitles" / "vttjs" / "languages_arabic.vtt").read_text(
        encoding="utf-8-sig"
    )
    # vtt.js keeps its Arabic sentence in the cue identifier.
    texts = [cue.identifier for cue in read_webvtt(vtt)]
    with TICO19.open(encoding="utf-8") as stream:
        rows = {row["tuid"]: row for row in csv.DictReader(stream, delimiter="\t")}
    texts += [
        _split_before_latin_or_digit(rows[tuid]["ar"]) for tuid in MIXED_SENTENCES
    ]
    return texts


def _track(language: str, texts: list[str], make_user) -> SubtitleTrack:
    owner = make_user(role=Role.INSTRUCTOR)
    course = courses.create_course(
        owner, title="Bidi", spoken_language="en", target_languages=[language]
    )
    lesson = courses.add_lesson(courses.add_module(course, "One"), "Lesson")
    track = SubtitleTrack(
        lesson_id=lesson.id, language=language, provenance=Provenance.HUMAN
    )
    track.cues = [
        Cue(
            uid=str(uuid.uuid4()),
            position=number,
            start=2.0 * number,
            end=2.0 * number + 1.5,
            text=text,
            provenance=Provenance.HUMAN,
        )
        for number, text in enumerate(texts)
    ]
    db.session.add(track)
    db.session.commit()
    return track


def _served_lines(client, track) -> list[list[str]]:
    response = client.get(f"/tracks/{track.id}.vtt")
    assert response.status_code == 200
    return [
        cue.text.split("\n") for cue in read_webvtt(response.get_data(as_text=True))
    ]


def test_corpus_lines_need_the_mark():
    lines = [line for text in _corpus_arabic_cues() for line in text.split("\n")]

    directions = {_first_strong_direction(line) for line in lines}

    # Without a mark some lines would be laid out left to right (or by default).
    assert directions - {"rtl"}


@pytest.mark.parametrize("language", ["ar", "fa", "ur"])
def test_rtl_track_lines_read_right_to_left(language, make_user, login):
    texts = _corpus_arabic_cues()
    track = _track(language, texts, make_user)
    client = login(make_user(role=Role.ADMIN))

    served = _served_lines(client, track)

    assert all(
        line.startswith(RLM) and _first_strong_direction(line) == "rtl"
        for lines in served
        for line in lines
    )
    unmarked = ["\n".join(line.removeprefix(RLM) for line in lines) for lines in served]
    assert unmarked == texts
    # The full stop and question mark stay the last characters of the cue text.
    assert served[0][-1].endswith(".")


def test_ltr_track_is_served_unchanged(make_user, login):
    texts = ["Wash your hands.", "COVID-19: 4%."]
    track = _track("en", texts, make_user)
    client = login(make_user(role=Role.ADMIN))

    served = _served_lines(client, track)

    assert ["\n".join(lines) for lines in served] == texts


def test_marking_is_idempotent_and_skips_blank_lines():
    text = "\u0645\u0631\u062d\u0628\u064b\u0627.\n\n4%."

    once = mark_rtl_text(text)

    assert once == f"{RLM}\u0645\u0631\u062d\u0628\u064b\u0627.\n\n{RLM}4%."
    assert mark_rtl_text(once) == once


def test_transcript_of_an_rtl_track_reads_right_to_left(make_user, login):
    track = _track("ur", _corpus_arabic_cues(), make_user)
    admin = make_user(role=Role.ADMIN)
    recording = Recording(
        lesson_id=track.lesson_id,
        original_filename="lecture.mp4",
        stored_name="lecture.mp4",
        content_type="video/mp4",
        size_bytes=1,
        duration_seconds=11.0,
        has_video=True,
        uploaded_by_id=admin.id,
    )
    db.session.add(recording)
    db.session.commit()
    client = login(admin)

    html = client.get(f"/lessons/{track.lesson_id}").get_data(as_text=True)

    assert f'data-track="{track.id}" lang="ur" dir="rtl"' in html
    assert 'lang="ur" data-dir="rtl">اردو (ur)</option>' in html
