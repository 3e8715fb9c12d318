"""Long recordings: windows cut at silence, a language per passage, resumable.

Only one window of audio (at most `chunk_seconds`) is in memory at a time. Each
finished chunk is handed to the caller, who stores it; a later run given those
chunks skips them, so a restarted worker resumes instead of starting over.
"""

import logging
import wave
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from faster_whisper.vad import VadOptions, get_speech_timestamps

from transcripts.speech import (
    WINDOW_SECONDS,
    Segment,
    SpeechEngine,
    SpeechRequest,
    Transcript,
    cut_repetitions,
)

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
DEFAULT_CHUNK_SECONDS = 600.0
# Passages no longer than one Whisper window, so each gets one language look.
PLANNING_VAD = VadOptions(max_speech_duration_s=30)
# A passage keeps a language of its own only when Whisper is sure of it and
# has heard enough; otherwise it takes the language most of the chunk speaks.
OWN_LANGUAGE_PROBABILITY = 0.7
OWN_LANGUAGE_SECONDS = 2.0
# A cut is looked for in the second half of a window, so chunks stay long.
EARLIEST_CUT = 0.5
# The VAD pads speech by 0.4 s each side; a shorter gap may split a word.
MIN_PAUSE_SAMPLES = SAMPLE_RATE // 5


@dataclass
class Chunk:
    """A finished window of the recording: its place, language and segments."""

    index: int
    start: float
    end: float
    language: str | None
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Passage:
    """A stretch of speech (sample offsets inside its window) and its language."""

    start: int
    end: int
    language: str = ""
    probability: float = 0.0

    @property
    def seconds(self) -> float:
        return (self.end - self.start) / SAMPLE_RATE


ChunkCallback = Callable[[Chunk], None]
ProgressCallback = Callable[[float], None]


def wav_duration(path: Path) -> float:
    """Return the length of a WAV file in seconds."""
    with wave.open(str(path), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


def read_window(path: Path, start: float, end: float) -> np.ndarray:
    """Read [start, end) seconds of a 16 kHz mono 16-bit WAV as float samples."""
    with wave.open(str(path), "rb") as reader:
        first = int(start * SAMPLE_RATE)
        reader.setpos(min(first, reader.getnframes()))
        frames = reader.readframes(max(int(end * SAMPLE_RATE) - first, 0))
    return np.frombuffer(frames, dtype=np.int16).astype(np.float32) / 32768.0


def speech_seconds(path: Path, limit: float = 300.0) -> float:
    """Measure how much speech the VAD hears in the first `limit` seconds."""
    audio = read_window(path, 0.0, limit)
    regions = get_speech_timestamps(audio, PLANNING_VAD)
    return sum(r["end"] - r["start"] for r in regions) / SAMPLE_RATE


def _pauses(regions: list[dict], window_samples: int) -> list[tuple[int, int]]:
    """Return the silences before, between and after the speech regions."""
    ends = [0] + [r["end"] for r in regions]
    starts = [r["start"] for r in regions] + [window_samples]
    return [
        (end, start)
        for end, start in zip(ends, starts, strict=True)
        if start - end >= MIN_PAUSE_SAMPLES
    ]


def _cut_point(regions: list[dict], window_samples: int) -> int:
    """Return where to end a chunk: in the middle of its latest pause.

    A pause in the window's second half keeps chunks long; failing that any
    pause beats cutting a word in two, which only a window of unbroken speech
    forces.
    """
    if not regions:
        return window_samples  # silence: no word to protect
    middles = [(end + start) // 2 for end, start in _pauses(regions, window_samples)]
    late = [m for m in middles if m >= window_samples * EARLIEST_CUT]
    if late:
        return late[-1]
    return middles[-1] if middles else window_samples


def _plan_window(path: Path, start: float, total: float, chunk_seconds: float):
    """Return the chunk's end, its audio and the passages of speech in it."""
    window_end = min(start + chunk_seconds, total)
    audio = read_window(path, start, window_end)
    regions = get_speech_timestamps(audio, PLANNING_VAD)
    if window_end < total:
        # An empty read (a truncated file) must still move on, not loop forever.
        cut = _cut_point(regions, len(audio)) or SAMPLE_RATE
        audio = audio[:cut]
        regions = [r for r in regions if r["start"] < cut]
        window_end = start + cut / SAMPLE_RATE
    passages = [Passage(r["start"], min(r["end"], len(audio))) for r in regions]
    return window_end, audio, passages


def _main_language(passages: Iterable[Passage]) -> str | None:
    votes: dict[str, float] = defaultdict(float)
    for passage in passages:
        votes[passage.language] += passage.seconds * passage.probability
    return max(votes, key=votes.get) if votes else None


def _assign_languages(
    engine: SpeechEngine, audio: np.ndarray, passages: list[Passage]
) -> str | None:
    for passage in passages:
        clip = audio[passage.start : passage.end]
        passage.language, passage.probability = engine.detect_language(clip)
    main = _main_language(passages)
    if passages and all(p.probability < OWN_LANGUAGE_PROBABILITY for p in passages):
        # No passage is clear alone: listen to a whole window of the speech.
        speech = np.concatenate([audio[p.start : p.end] for p in passages])
        main, _probability = engine.detect_language(speech, WINDOW_SECONDS)
    for passage in passages:
        sure = passage.probability >= OWN_LANGUAGE_PROBABILITY
        if not (sure and passage.seconds >= OWN_LANGUAGE_SECONDS):
            passage.language = main
    return main


def _runs(passages: list[Passage]) -> list[list[Passage]]:
    """Group neighbouring passages in the same language into runs."""
    runs: list[list[Passage]] = []
    for passage in passages:
        if runs and runs[-1][0].language == passage.language:
            runs[-1].append(passage)
        else:
            runs.append([passage])
    return runs


class SpeechTimeline:
    """Map times in a run's joined speech back to times in the recording."""

    def __init__(self, run: list[Passage], offset: float):
        self.joined_starts: list[float] = []
        self.shifts: list[float] = []
        joined = 0
        for passage in run:
            self.joined_starts.append(joined / SAMPLE_RATE)
            self.shifts.append(offset + (passage.start - joined) / SAMPLE_RATE)
            joined += passage.end - passage.start

    def _shift(self, moment: float) -> float:
        index = max(bisect_right(self.joined_starts, moment) - 1, 0)
        return self.shifts[index]

    def restore(self, segment: Segment, language: str) -> Segment:
        """Return the segment with its times in the recording, tagged."""
        if not segment.words:
            middle = (segment.start + segment.end) / 2
            return segment.shifted(self._shift(middle), language)
        # A word belongs where its middle is, so a word is never split apart.
        words = [
            replace(
                word,
                start=word.start + self._shift((word.start + word.end) / 2),
                end=word.end + self._shift((word.start + word.end) / 2),
            )
            for word in segment.words
        ]
        return Segment(words[0].start, words[-1].end, segment.text, words, language)


class LongTranscriber:
    """Transcribe a WAV file chunk by chunk, reporting each finished chunk."""

    def __init__(
        self,
        engine: SpeechEngine,
        request: SpeechRequest,
        chunk_seconds: float = DEFAULT_CHUNK_SECONDS,
    ):
        self.engine = engine
        self.request = request
        self.chunk_seconds = chunk_seconds

    def run(
        self,
        path: Path,
        done: dict[int, Chunk] | None = None,
        on_chunk: ChunkCallback | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Transcript:
        """Transcribe `path`, reusing the finished chunks in `done`."""
        done = done or {}
        total = wav_duration(path)
        chunks: list[Chunk] = []
        start, index = 0.0, 0
        while start < total:
            chunk = done.get(index)
            if chunk is None:
                chunk = self._chunk(path, index, start, total, on_progress)
                if on_chunk:
                    on_chunk(chunk)
            else:
                log.info("Chunk %d ends at %.1f s: already done", index, chunk.end)
            chunks.append(chunk)
            if on_progress:
                on_progress(min(chunk.end / total, 1.0) if total else 1.0)
            start, index = chunk.end, index + 1
        segments = [segment for chunk in chunks for segment in chunk.segments]
        return Transcript(_spoken_language(segments, chunks), total, segments)

    def _chunk(self, path, index, start, total, on_progress) -> Chunk:
        end, audio, passages = _plan_window(path, start, total, self.chunk_seconds)
        if self.request.language:
            main = self.request.language
            for passage in passages:
                passage.language = main
        else:
            main = _assign_languages(self.engine, audio, passages)
        segments: list[Segment] = []
        for run in _runs(passages):
            language = run[0].language
            timeline = SpeechTimeline(run, start)
            # The VAD has found the speech already; the engine need not again.
            speech = np.concatenate([audio[p.start : p.end] for p in run])
            request = SpeechRequest(
                language, self.request.task, self.request.terms, is_speech_only=True
            )
            for segment in self.engine.transcribe(speech, request):
                segments.append(timeline.restore(segment, language))
                if on_progress and total:
                    on_progress(min(segments[-1].end / total, 1.0))
        return Chunk(index, start, end, main, cut_repetitions(segments))


def _spoken_language(segments: list[Segment], chunks: list[Chunk]) -> str | None:
    """Return the language spoken longest, or the first chunk's guess if silent."""
    seconds: dict[str, float] = defaultdict(float)
    for segment in segments:
        seconds[segment.language] += segment.end - segment.start
    if seconds:
        return max(seconds, key=seconds.get)
    return next((chunk.language for chunk in chunks if chunk.language), None)
