"""`academy transcribe`, `academy demo` and the migrations."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.cli import main
from portal.extensions import db
from tests.conftest import CORPUS
from transcripts.formats import read_webvtt


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, db.metadata)

    assert differences == []


@pytest.mark.slow
def test_transcribe_writes_a_vtt_per_language(app, whisper_models, tmp_path):
    result = app.test_cli_runner().invoke(
        main,
        [
            "transcribe",
            str(CORPUS / "audio/en_jfk.mp3"),
            "--out",
            str(tmp_path),
            "--to",
            "es",
        ],
    )

    assert result.exit_code == 0, result.output
    english = read_webvtt((tmp_path / "en.vtt").read_text(encoding="utf-8"))
    spanish = read_webvtt((tmp_path / "es.vtt").read_text(encoding="utf-8"))
    assert "fellow Americans" in " ".join(cue.plain_text for cue in english)
    assert [(c.start, c.end) for c in spanish] == [(c.start, c.end) for c in english]


def test_transcribe_refuses_a_file_without_sound(app, tmp_path):
    no_audio = CORPUS / "video/mp4_video_only_NO_AUDIO_1s.mp4"

    result = app.test_cli_runner().invoke(
        main, ["transcribe", str(no_audio), "--out", str(tmp_path)]
    )

    assert result.exit_code == 1
    assert "no sound track" in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_demo_builds_a_processed_course_once(app, whisper_models):
    from sqlalchemy import func, select

    from courses.models import Course
    from transcripts.models import SubtitleTrack

    runner = app.test_cli_runner()
    first = runner.invoke(main, ["demo"])
    second = runner.invoke(main, ["demo"])

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    assert db.session.scalar(select(func.count(Course.id))) == 1
    languages = set(db.session.scalars(select(SubtitleTrack.language)))
    assert {"en", "es"} <= languages


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "12"], "not a language code"),
        (["--to", "tlh"], "No installed engine translates into tlh"),
    ],
)
def test_transcribe_refuses_bad_targets_before_any_work(app, tmp_path, args, message):
    media = CORPUS / "audio/en_jfk.wav"

    result = app.test_cli_runner().invoke(
        main, ["transcribe", str(media), "--out", str(tmp_path), *args]
    )

    assert result.exit_code == 1
    assert message in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.slow
def test_transcribe_silence_says_no_speech_and_writes_nothing(
    app, whisper_models, tmp_path
):
    silence = CORPUS / "audio/edge_silence_pisets.wav"

    result = app.test_cli_runner().invoke(
        main, ["transcribe", str(silence), "--out", str(tmp_path), "--to", "es"]
    )

    assert result.exit_code == 1
    assert "No speech found" in result.output
    assert not tmp_path.exists() or not list(tmp_path.iterdir())
