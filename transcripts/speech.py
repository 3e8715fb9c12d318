"""Speech-to-text behind a small interface; faster-whisper is the engine."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from transcripts.whisper_model import BUNDLED_NAME, bundled_model_dir

log = logging.getLogger(__name__)

# Whisper's own guards against invented text (see openai/whisper transcribe()).
NO_SPEECH_THRESHOLD = 0.6
LOW_CONFIDENCE_LOGPROB = -1.0
REPETITIVE_COMPRESSION = 2.4


@dataclass(frozen=True)
class Word:
    start: float
    end: float
    text: str
    probability: float


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)


@dataclass(frozen=True)
class Transcript:
    language: str
    language_probability: float
    duration: float
    segments: list[Segment]


ProgressCallback = Callable[[float], None]


class SpeechEngine(Protocol):
    name: str

    def transcribe(
        self, audio: Path, language: str | None, on_progress: ProgressCallback
    ) -> Transcript: ...


@dataclass(frozen=True)
class WhisperOptions:
    """Decoding options; the defaults are what the portal runs."""

    beam_size: int = 5
    vad_filter: bool = True
    word_timestamps: bool = True
    condition_on_previous_text: bool = False

    def as_kwargs(self) -> dict:
        """Return the options as keyword arguments of WhisperModel.transcribe."""
        return {
            "beam_size": self.beam_size,
            "vad_filter": self.vad_filter,
            "word_timestamps": self.word_timestamps,
            "condition_on_previous_text": self.condition_on_previous_text,
            "no_speech_threshold": NO_SPEECH_THRESHOLD,
            "log_prob_threshold": LOW_CONFIDENCE_LOGPROB,
            "compression_ratio_threshold": REPETITIVE_COMPRESSION,
        }


def resolve_model(model: str, models_path: Path) -> str:
    """Map the configured model to what faster-whisper loads: folder or name."""
    if model in ("base", BUNDLED_NAME):
        return str(bundled_model_dir(models_path))
    return model


@lru_cache(maxsize=2)
def load_whisper(model_ref: str, threads: int):
    """Load a Whisper model once per process; the model itself is read-only."""
    from faster_whisper import WhisperModel

    log.info("Loading Whisper model %s on %d threads", model_ref, threads)
    return WhisperModel(
        model_ref, device="cpu", compute_type="int8", cpu_threads=threads
    )


def is_hallucination(segment) -> bool:
    """Tell whether Whisper itself doubts this segment is speech."""
    silent = segment.no_speech_prob > NO_SPEECH_THRESHOLD
    unsure = segment.avg_logprob < LOW_CONFIDENCE_LOGPROB
    looping = segment.compression_ratio > REPETITIVE_COMPRESSION
    return (silent and unsure) or looping


def _to_segment(raw) -> Segment:
    words = [
        Word(float(w.start), float(w.end), w.word, float(w.probability))
        for w in (raw.words or [])
    ]
    return Segment(float(raw.start), float(raw.end), raw.text.strip(), words)


class WhisperEngine:
    """faster-whisper on the CPU, int8."""

    name = "faster-whisper"

    def __init__(self, model: str, models_path: Path, threads: int, options=None):
        self.model_ref = resolve_model(model, models_path)
        self.threads = threads
        self.options = options or WhisperOptions()

    def transcribe(
        self, audio: Path, language: str | None, on_progress: ProgressCallback
    ) -> Transcript:
        """Transcribe a 16 kHz mono file, reporting progress from 0 to 1."""
        model = load_whisper(self.model_ref, self.threads)
        raw_segments, info = model.transcribe(
            str(audio), language=language, **self.options.as_kwargs()
        )
        segments = []
        for raw in raw_segments:
            if is_hallucination(raw):
                log.info("Dropped doubtful segment %r", raw.text)
                continue
            if raw.text.strip():
                segments.append(_to_segment(raw))
            on_progress(min(raw.end / info.duration, 1.0) if info.duration else 1.0)
        return Transcript(
            info.language, info.language_probability, info.duration, segments
        )
