"""Speech-to-text behind a small interface; faster-whisper is the engine."""

import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from transcripts.whisper_model import BUNDLED_NAME, bundled_model_dir

log = logging.getLogger(__name__)

# Whisper's own guards against invented text (see openai/whisper transcribe()).
NO_SPEECH_THRESHOLD = 0.6
LOW_CONFIDENCE_LOGPROB = -1.0
REPETITIVE_COMPRESSION = 2.4
# On silence the VAD still let through an "Oh" whose one word had probability
# 0.0 while Whisper's own pair of guards missed it; real speech in the corpus
# averages above 0.45 even in Whisper base's rough French-to-English drafts.
DOUBTFUL_WORD_PROBABILITY = 0.3
# faster-whisper's last fallback temperature: sampling, no longer a search.
LAST_TEMPERATURE = 1.0
SUSPECTED_SILENCE = 0.4
# Whisper keeps about 224 prompt tokens; the hot words must leave room.
MAX_HOTWORD_CHARS = 600

TASKS = ("transcribe", "translate")
SAMPLE_RATE = 16_000
# How much of a passage language detection listens to; a whole Whisper window
# when no passage alone was clear enough.
DETECTION_SECONDS = 10.0
WINDOW_SECONDS = 30.0


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
    language: str = ""

    def shifted(self, offset: float, language: str) -> "Segment":
        """Return this segment moved by `offset` seconds, tagged with a language."""
        words = [
            replace(w, start=w.start + offset, end=w.end + offset) for w in self.words
        ]
        return Segment(
            self.start + offset, self.end + offset, self.text, words, language
        )

    def as_json(self) -> dict:
        """Return the segment as plain JSON data, for storing a finished chunk."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "language": self.language,
            "words": [[w.start, w.end, w.text, w.probability] for w in self.words],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Segment":
        """Rebuild a segment stored with `as_json`."""
        words = [Word(*item) for item in data["words"]]
        return cls(
            data["start"], data["end"], data["text"], words, data.get("language", "")
        )


@dataclass(frozen=True)
class Transcript:
    language: str | None
    duration: float
    segments: list[Segment]


@dataclass(frozen=True)
class SpeechRequest:
    """What to ask of the recogniser for one stretch of audio."""

    language: str | None = None
    task: str = "transcribe"
    terms: tuple[str, ...] = ()
    # The audio holds only speech (joined by our own VAD): skip Whisper's VAD.
    is_speech_only: bool = False


class SpeechEngine(Protocol):
    name: str

    def detect_language(
        self, audio: np.ndarray, seconds: float = ...
    ) -> tuple[str, float]: ...

    def transcribe(
        self, audio: np.ndarray, request: SpeechRequest
    ) -> Iterator[Segment]: ...


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


def hotwords(terms: tuple[str, ...]) -> str | None:
    """Join glossary terms into the hot-word prompt, within Whisper's prompt size."""
    text = ""
    for term in terms:
        candidate = f"{text}, {term}" if text else term
        if len(candidate) > MAX_HOTWORD_CHARS:
            log.info("Hot words cut after %d characters", len(text))
            break
        text = candidate
    return text or None


def _mean_word_probability(raw) -> float | None:
    if not raw.words:
        return None
    return sum(w.probability for w in raw.words) / len(raw.words)


def is_doubtful(raw) -> bool:
    """Tell whether Whisper's own signals say this segment is not real speech."""
    silent = raw.no_speech_prob > NO_SPEECH_THRESHOLD
    unsure = raw.avg_logprob < LOW_CONFIDENCE_LOGPROB
    mean_probability = _mean_word_probability(raw)
    words_unsure = (
        mean_probability is not None and mean_probability < DOUBTFUL_WORD_PROBABILITY
    )
    # Every decoding temperature failed Whisper's own checks, the last, random,
    # attempt is still unsure, and Whisper half suspects silence: on the corpus
    # silence this is "uh", "Y-Y-Y", "A-ha" (no-speech 0.56); real French speech
    # translated to English also ends at that temperature but scores 0.15.
    exhausted = (
        getattr(raw, "temperature", 0.0) >= LAST_TEMPERATURE
        and unsure
        and raw.no_speech_prob > SUSPECTED_SILENCE
    )
    return (silent and unsure) or words_unsure or exhausted


def _to_segment(raw) -> Segment:
    words = [
        Word(float(w.start), float(w.end), w.word, float(w.probability))
        for w in (raw.words or [])
    ]
    return Segment(float(raw.start), float(raw.end), raw.text.strip(), words)


def compression_ratio(text: str) -> float:
    """Return how well text compresses, as Whisper measures its loops."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def trusted_segment(raw) -> Segment | None:
    """Return a recognised segment with its loops cut, or None if not speech."""
    if is_doubtful(raw):
        return None
    segment = _to_segment(raw)
    if raw.compression_ratio > REPETITIVE_COMPRESSION:
        segment = _cut_loop(segment)
        # Repetition the loop cutter cannot see (not back to back) is dropped.
        if compression_ratio(segment.text) > REPETITIVE_COMPRESSION:
            return None
    return segment


def _token_key(token: str) -> str:
    return re.sub(r"[\W_]+", "", token.lower())


def _min_repeats(period: int) -> int:
    # A word said twice or three times happens ("no, no, no"); a phrase of four
    # words or more said twice in a row by the model is a loop.
    return 4 if period == 1 else 3 if period <= 3 else 2


def _repeat_count(keys: list[str], start: int, period: int) -> int:
    block = keys[start : start + period]
    count = 1
    while keys[start + count * period : start + (count + 1) * period] == block:
        count += 1
    return count


def loop_free_indices(tokens: list[str], max_period: int = 10) -> list[int]:
    """Return the indices of tokens to keep once repeated phrases are cut to one."""
    keys = [_token_key(token) for token in tokens]
    keep: list[int] = []
    index = 0
    while index < len(keys):
        for period in range(1, max_period + 1):
            if not all(keys[index : index + period]):
                continue
            repeats = _repeat_count(keys, index, period)
            if repeats >= _min_repeats(period):
                keep.extend(range(index, index + period))
                index += repeats * period
                break
        else:
            keep.append(index)
            index += 1
    return keep


def _cut_loop(segment: Segment) -> Segment:
    if segment.words:
        kept = [
            segment.words[i] for i in loop_free_indices([w.text for w in segment.words])
        ]
        if len(kept) == len(segment.words):
            return segment
        text = "".join(w.text for w in kept).strip()
        return replace(segment, text=text, words=kept, end=kept[-1].end)
    tokens = segment.text.split()
    kept_tokens = [tokens[i] for i in loop_free_indices(tokens)]
    return replace(segment, text=" ".join(kept_tokens))


def cut_repetitions(segments: list[Segment]) -> list[Segment]:
    """Cut loops: phrases repeated inside a segment, and lines repeated 3+ times."""
    cut = [_cut_loop(segment) for segment in segments]
    keys = [_token_key(segment.text) for segment in cut]
    kept: list[Segment] = []
    for index, segment in enumerate(cut):
        run_start = index
        while run_start > 0 and keys[run_start - 1] == keys[index]:
            run_start -= 1
        run_end = index
        while run_end + 1 < len(keys) and keys[run_end + 1] == keys[index]:
            run_end += 1
        is_loop = run_end - run_start + 1 >= 3
        if not is_loop or index == run_start:
            kept.append(segment)
        else:
            log.info("Cut repeated line %r", segment.text)
    return kept


class WhisperEngine:
    """faster-whisper on the CPU, int8."""

    name = "faster-whisper"

    def __init__(self, model: str, models_path: Path, threads: int, options=None):
        self.model_ref = resolve_model(model, models_path)
        self.threads = threads
        self.options = options or WhisperOptions()

    @property
    def model(self):
        return load_whisper(self.model_ref, self.threads)

    @property
    def is_base_model(self) -> bool:
        """Tell whether this is Whisper base, whose translations are only drafts."""
        return Path(self.model_ref).name in ("base", BUNDLED_NAME)

    def detect_language(
        self, audio: np.ndarray, seconds: float = DETECTION_SECONDS
    ) -> tuple[str, float]:
        """Return the language Whisper hears in the first `seconds` of `audio`."""
        model = self.model
        extractor = model.feature_extractor
        frames = min(int(seconds * SAMPLE_RATE) // extractor.hop_length, 3000)
        # Faster-whisper pads to a 30 s window; the encoder's cost follows the
        # length, so a look at every passage padded to 10 s costs less than that
        # one look, while short passages still get the context they need.
        features = extractor(audio[: frames * extractor.hop_length])[:, :frames]
        padding = frames - features.shape[1]
        encoded = model.encode(np.pad(features, ((0, 0), (0, padding))))
        [results] = model.model.detect_language(encoded)
        token, probability = results[0]
        return token[2:-2], float(probability)

    def transcribe(
        self, audio: np.ndarray, request: SpeechRequest
    ) -> Iterator[Segment]:
        """Yield the trusted segments of 16 kHz mono audio, timed from its start."""
        options = self.options.as_kwargs()
        if request.is_speech_only:
            options["vad_filter"] = False
        raw_segments, _info = self.model.transcribe(
            audio,
            language=request.language,
            task=request.task,
            hotwords=hotwords(request.terms),
            **options,
        )
        for raw in raw_segments:
            segment = trusted_segment(raw)
            if segment is None:
                log.info("Dropped doubtful segment %r", raw.text)
            elif segment.text:
                yield segment
