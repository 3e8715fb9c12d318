"""The processing pipeline on a file, without the database: `academy transcribe`."""

import tempfile
from pathlib import Path

from flask_babel import gettext as _

from portal.errors import UserError
from transcripts import media
from transcripts.bidi import rtl_cues
from transcripts.chinese import SIMPLIFIED
from transcripts.formats import write_webvtt
from transcripts.longform import LongTranscriber
from transcripts.pipeline import make_cues, speech_engine, untranslated_count
from transcripts.speech import SpeechRequest
from translation import languages
from translation import service as translation


def transcribe_file(
    source: Path, out_dir: Path, targets: list[str], language: str | None
) -> list[dict]:
    """Write `<lang>.vtt` for the speech and each reachable target language."""
    targets = _checked_targets(targets)
    language = _code(language) if language else None
    media.probe(source)
    with tempfile.TemporaryDirectory() as work:
        audio = media.extract_audio(source, Path(work) / "audio.wav")
        transcriber = LongTranscriber(speech_engine(), SpeechRequest(language))
        try:
            transcript = transcriber.run(audio)
        except ValueError as error:  # Whisper's word for a language it lacks
            raise UserError(str(error)) from None
    cues = make_cues(transcript.segments, SIMPLIFIED)
    if not cues:
        raise UserError(_("No speech found in this recording."))
    out_dir.mkdir(parents=True, exist_ok=True)
    spoken = transcript.language
    written = [_write(out_dir, spoken, cues, "faster-whisper")]
    for target in (code for code in targets if code != spoken):
        engine = translation.engine_for(spoken, target)
        if engine is None:
            raise UserError(
                _(
                    "No installed engine translates %(src)s to %(dst)s.",
                    src=spoken,
                    dst=target,
                )
            )
        translated = translation.translate_cues(cues, spoken, target, engine)
        written.append(_write(out_dir, target, translated, engine.name))
        written[-1]["untranslated"] = untranslated_count(translated)
    return written


def _code(code: str) -> str:
    try:
        return languages.normalise(code)
    except ValueError:
        raise UserError(_("%(code)s is not a language code.", code=code)) from None


def _checked_targets(targets: list[str]) -> list[str]:
    """Normalise the target codes; refuse, before any work, those no engine reaches."""
    codes = [_code(code) for code in targets]
    reachable = set(translation.reachable_targets())
    unreachable = [code for code in codes if code not in reachable]
    if unreachable:
        raise UserError(
            _(
                "No installed engine translates into %(codes)s.",
                codes=", ".join(unreachable),
            )
        )
    return codes


def _write(out_dir: Path, language: str, cues, engine: str) -> dict:
    path = out_dir / f"{language}.vtt"
    cues = rtl_cues(cues) if languages.is_rtl(language) else cues
    path.write_text(write_webvtt(cues), encoding="utf-8")
    return {
        "language": language,
        "file": str(path),
        "cues": len(cues),
        "engine": engine,
    }
