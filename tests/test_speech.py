"""Speech-to-text on real corpus audio: silence, loops, languages, hot words,
Chinese script, long recordings in chunks, timing, resuming."""

import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import jiwer
import numpy as np
import pytest

from tests.conftest import CORPUS, MODELS
from transcripts.cues import build_cues
from transcripts.longform import LongTranscriber, read_window, wav_duration
from transcripts.media import extract_audio, ffmpeg_binary
from transcripts.speech import SpeechRequest, Transcript, WhisperEngine

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def engine(whisper_models):
    """The real Whisper base engine, on two threads as on the target machines."""
    return WhisperEngine("base", MODELS, threads=2)


def as_wav(source: Path, target: Path) -> Path:
    """Extract a file's audio as the 16 kHz mono WAV the pipeline works on."""
    return extract_audio(source, target)


@dataclass(frozen=True)
class Placed:
    """Where a corpus clip was put in a joined recording."""

    name: str
    start: float
    end: float


def join(parts: list[str | float], target: Path) -> list[Placed]:
    """Join corpus clips (names) and silences (seconds) into one WAV with ffmpeg."""
    args, labels, placed, clock = [ffmpeg_binary(), "-nostdin", "-y"], [], [], 0.0
    for index, part in enumerate(parts):
        if isinstance(part, str):
            args += ["-i", str(CORPUS / part)]
            with wave.open(str(CORPUS / part)) as clip:
                seconds = clip.getnframes() / clip.getframerate()
            placed.append(Placed(part, clock, clock + seconds))
        else:
            args += ["-f", "lavfi", "-t", str(part), "-i", "anullsrc=r=16000:cl=mono"]
            seconds = part
        labels.append(f"[a{index}]")
        clock += seconds
    formats = "".join(
        f"[{i}:a]aresample=16000,aformat=channel_layouts=mono:sample_fmts=s16[a{i}];"
        for i in range(len(parts))
    )
    graph = f"{formats}{''.join(labels)}concat=n={len(parts)}:v=0:a=1[out]"
    args += ["-filter_complex", graph, "-map", "[out]", "-ar", "16000", str(target)]
    subprocess.run(args, check=True, capture_output=True)
    return placed


def speech_onset(placed: Placed) -> float:
    """Return when speech starts in a clip: the first loud 10 ms after its start."""
    audio = read_window(CORPUS / placed.name, 0.0, placed.end - placed.start)
    frames = np.abs(audio[: len(audio) // 160 * 160]).reshape(-1, 160).max(axis=1)
    loud = np.flatnonzero(frames > 0.1 * frames.max())
    return placed.start + loud[0] * 0.01


def transcribe(engine, audio: Path, **request) -> Transcript:
    return LongTranscriber(engine, SpeechRequest(**request)).run(audio)


def spoken_text(transcript) -> str:
    return " ".join(segment.text for segment in transcript.segments)


@pytest.mark.parametrize(
    "name",
    ["audio/edge_silence_pisets.wav", "video/mp4_black_video_silent_audio_10s.mp4"],
)
def test_silence_gives_no_cues(engine, tmp_path, name):
    audio = as_wav(CORPUS / name, tmp_path / "audio.wav")

    transcript = transcribe(engine, audio)

    assert build_cues(transcript.segments) == []


def test_glossary_terms_are_recognised_as_hot_words(engine, tmp_path):
    wav = as_wav(CORPUS / "audio/en_hotwords_comfyui.mp3", tmp_path / "hot.wav")

    without = spoken_text(transcribe(engine, wav, language="en"))
    with_terms = spoken_text(
        transcribe(engine, wav, language="en", terms=("ComfyUI", "checkpoint"))
    )

    assert "ComfyUI" not in without
    assert "ComfyUI" in with_terms


def word_error_rate(expected: str, actual: str) -> float:
    clean = jiwer.Compose(
        [jiwer.ToLowerCase(), jiwer.RemovePunctuation(), jiwer.RemoveMultipleSpaces(),
         jiwer.Strip(), jiwer.ReduceToListOfListOfWords()]
    )  # fmt: skip
    return jiwer.wer(
        expected, actual, reference_transform=clean, hypothesis_transform=clean
    )


JFK = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)
LIBRI = (
    "IT WAS THE FIRST GREAT SORROW OF HIS LIFE IT WAS NOT SO MUCH THE LOSS OF THE "
    "COTTON ITSELF BUT THE FANTASY THE HOPES THE DREAMS BUILT AROUND IT"
)


def test_each_part_of_a_recording_is_heard_in_its_own_language(engine, tmp_path):
    # Russian first: Whisper's usual look at the first 30 s would call it all Russian.
    mixed = tmp_path / "ru_en.wav"
    join(["audio/ru_pisets_test_sound.wav", 2.0, "audio/en_jfk.wav"], mixed)

    transcript = transcribe(engine, mixed)

    by_language = {}
    for segment in transcript.segments:
        by_language.setdefault(segment.language, []).append(segment.text)
    assert set(by_language) == {"ru", "en"}
    assert "нейронн" in " ".join(by_language["ru"]).lower()
    assert word_error_rate(JFK, " ".join(by_language["en"])) <= 0.15
    assert transcript.language == "en"  # spoken longest: the track's language
    languages = [cue.language for cue in build_cues(transcript.segments)]
    assert languages == sorted(languages, reverse=True)  # Russian cues, then English


def test_a_long_recording_keeps_its_timing_in_every_chunk(engine, tmp_path):
    long = tmp_path / "long.wav"
    placed = join(
        [20.0, "audio/en_jfk.wav", 60.0, "audio/en_librispeech_1995-1837-0001.wav",
         60.0, "audio/en_jfk.wav", 10.0],
        long,
    )  # fmt: skip
    chunks = []

    transcript = LongTranscriber(engine, SpeechRequest(), chunk_seconds=60).run(
        long, on_chunk=chunks.append
    )

    assert wav_duration(long) > 180 and len(chunks) >= 3
    assert all(a.end == b.start for a, b in zip(chunks, chunks[1:], strict=False))
    cues = build_cues(transcript.segments)
    for cue in cues:
        clip = next(p for p in placed if p.start - 0.5 <= cue.start < p.end)
        assert cue.end <= clip.end + 0.5, (cue, clip)
    for clip in placed:
        first = next(cue for cue in cues if cue.start >= clip.start - 0.5)
        assert abs(first.start - speech_onset(clip)) <= 0.5, (first, clip)
    spoken = " ".join(cue.text for cue in cues)
    assert word_error_rate(f"{JFK} {LIBRI} {JFK}", spoken) <= 0.1
