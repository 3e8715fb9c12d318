"""Measure speech-to-text on the corpus: accuracy, overhead and speed.

Run from the repository root:  python -m benchmarks.asr [--repeat 3]

- WER (English) and CER (Chinese, after OpenCC) against the manifest references;
- the time of our path from media file to cues (probe, ffmpeg, chunked
  recognition, cues; no translation, no database) divided by the time of a bare
  faster-whisper call with the same model and decoding options on the same
  file, in the same run (target: at most 1.10);
- the real-time factor of the default options and of faster ones, and the
  fastest whose English WER stays within one point of the default's.
"""

import argparse
import csv
import os
import platform
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import jiwer

from transcripts import media
from transcripts.chinese import SIMPLIFIED, to_script
from transcripts.longform import LongTranscriber
from transcripts.pipeline import make_cues
from transcripts.speech import SpeechRequest, WhisperEngine, WhisperOptions
from transcripts.whisper_model import install_bundled_model

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
MODELS = Path(os.environ.get("MODELS_PATH", ROOT / "instance" / "models"))
ENGLISH = [
    "audio/en_jfk.wav",
    "audio/en_jfk.mp3",
    "audio/en_librispeech_1995-1837-0001.wav",
    "audio/en_pisets_test_sound.wav",
    "audio/en_cvss_tts_17299458.wav",
]
CHINESE = ["audio/zh_aishell_BAC009S0724W0121.wav"]
LONG = "long (3 min: JFK, LibriSpeech, JFK, 60 s silences)"
CANDIDATES = {
    "default (beam 5, words)": WhisperOptions(),
    "beam 1, words": WhisperOptions(beam_size=1),
    "beam 5, no words": WhisperOptions(word_timestamps=False),
    "beam 1, no words": WhisperOptions(beam_size=1, word_timestamps=False),
}


@dataclass
class Timing:
    name: str
    seconds_of_audio: float
    pipeline: float
    bare: float
    text: str


def references() -> dict[str, str]:
    """Return the manifest's expected transcript of each corpus file."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        rows = csv.DictReader(manifest, delimiter="\t")
        found = {row["local_file"]: row["expected_result"] for row in rows}
    found["audio/en_jfk.mp3"] = found["audio/en_jfk.wav"]
    return found


def build_long_recording(folder: Path) -> Path:
    """Join corpus speech with a minute of silence between clips, with ffmpeg."""
    silence = ["-f", "lavfi", "-t", "60", "-i", "anullsrc=r=16000:cl=mono"]
    clips = [
        ["-i", str(CORPUS / "audio/en_jfk.wav")],
        silence,
        ["-i", str(CORPUS / "audio/en_librispeech_1995-1837-0001.wav")],
        silence,
        ["-i", str(CORPUS / "audio/en_jfk.wav")],
    ]
    inputs = [arg for clip in clips for arg in clip]
    streams = "".join(
        f"[{i}:a]aresample=16000,aformat=channel_layouts=mono:sample_fmts=s16[a{i}];"
        for i in range(len(clips))
    )
    labels = "".join(f"[a{i}]" for i in range(len(clips)))
    target = folder / "long.wav"
    graph = f"{streams}{labels}concat=n={len(clips)}:v=0:a=1[out]"
    subprocess.run(
        [media.ffmpeg_binary(), "-nostdin", "-y", *inputs, "-filter_complex", graph]
        + ["-map", "[out]", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def pipeline_text(engine, source: Path, work: Path, language=None) -> str:
    """Run our path from a media file to cues and return the cue text."""
    info = media.probe(source)
    audio = media.extract_audio(source, work / "audio.wav")
    transcript = LongTranscriber(engine, SpeechRequest(language)).run(audio)
    cues = make_cues(transcript.segments, SIMPLIFIED)
    assert info.audio_streams >= 1
    return " ".join(cue.text.replace("\n", " ") for cue in cues)


def bare_text(engine: WhisperEngine, source: Path, language=None) -> str:
    """Run faster-whisper alone on the file, with the same options."""
    options = engine.options.as_kwargs()
    segments, _info = engine.model.transcribe(str(source), language=language, **options)
    return " ".join(segment.text.strip() for segment in segments)


def timed(function, *args) -> tuple[float, str]:
    start = time.perf_counter()
    text = function(*args)
    return time.perf_counter() - start, text


def measure(engine, name, source, repeat, work, language=None) -> Timing:
    """Time both paths `repeat` times, alternating, and keep the medians."""
    ours, bare, text = [], [], ""
    for _ in range(repeat):
        seconds, text = timed(pipeline_text, engine, source, work, language)
        ours.append(seconds)
        bare.append(timed(bare_text, engine, source, language)[0])
    duration = media.probe(source).duration_seconds
    return Timing(
        name, duration, statistics.median(ours), statistics.median(bare), text
    )


def normalise(text: str) -> str:
    return " ".join(jiwer.RemovePunctuation()(text.lower()).split())


def english_wer(texts: dict[str, str], refs: dict[str, str]) -> float:
    """Return the corpus word error rate: all errors over all reference words."""
    names = sorted(texts)
    return jiwer.wer(
        [normalise(refs[n]) for n in names], [normalise(texts[n]) for n in names]
    )


def chinese_cer(text: str, reference: str) -> float:
    hypothesis = "".join(ch for ch in to_script(text, SIMPLIFIED) if ch.isalnum())
    return jiwer.cer(reference.split()[0], hypothesis)


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def speed_table(model_dir, threads, refs, work, sources):
    """Return (options, English WER, RTF on the clips, RTF on the long one)."""
    rows = []
    for label, options in CANDIDATES.items():
        engine = WhisperEngine(str(model_dir), MODELS, threads, options)
        texts, spent, heard = {}, {}, {}
        for name, path in sources.items():
            spent[name], texts[name] = timed(pipeline_text, engine, path, work)
            heard[name] = media.probe(path).duration_seconds
        clips = [name for name in sources if name != LONG]
        clip_rtf = sum(spent[n] for n in clips) / sum(heard[n] for n in clips)
        long_rtf = spent[LONG] / heard[LONG]
        rows.append((label, english_wer(texts, refs), clip_rtf, long_rtf))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    model_dir = install_bundled_model(MODELS)
    engine = WhisperEngine(str(model_dir), MODELS, args.threads)
    refs = references()
    print(f"Machine: {machine()}; Whisper base int8, {args.threads} threads")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sources = {name: CORPUS / name for name in ENGLISH + CHINESE}
        sources[LONG] = build_long_recording(work)
        refs[LONG] = " ".join(
            refs[n]
            for n in ("audio/en_jfk.wav", "audio/en_librispeech_1995-1837-0001.wav")
        )
        refs[LONG] += " " + refs["audio/en_jfk.wav"]
        bare_text(engine, sources["audio/en_jfk.wav"])  # load the model first
        for title, is_given in (("detected", False), ("given", True)):
            timings = [
                measure(
                    engine, name, path, args.repeat, work,
                    ("zh" if name in CHINESE else "en") if is_given else None,
                )
                for name, path in sources.items()
            ]  # fmt: skip
            print(f"\nLanguage {title}: our path against a bare faster-whisper call")
            print_overhead(timings, refs)
        english = {n: p for n, p in sources.items() if n not in CHINESE}
        rows = speed_table(model_dir, args.threads, refs, work, english)
        print_speed(rows)


def print_overhead(timings: list[Timing], refs: dict[str, str]) -> None:
    print(f"{'recording':58} {'audio s':>8} {'ours s':>7} {'bare s':>7} "
          f"{'ratio':>6} {'error':>12}")  # fmt: skip
    for t in timings:
        if t.name in CHINESE:
            error = f"CER {chinese_cer(t.text, refs[t.name]):.3f}"
        else:
            error = f"WER {english_wer({t.name: t.text}, refs):.3f}"
        print(
            f"{t.name:58} {t.seconds_of_audio:8.1f} {t.pipeline:7.2f} {t.bare:7.2f} "
            f"{t.pipeline / t.bare:6.3f} {error:>12}"
        )
    ours = sum(t.pipeline for t in timings)
    bare = sum(t.bare for t in timings)
    english = {t.name: t.text for t in timings if t.name in ENGLISH}
    print(f"{'all recordings':58} {'':8} {ours:7.2f} {bare:7.2f} {ours / bare:6.3f}")
    print(f"English corpus WER (default options): {english_wer(english, refs):.3f}")


def print_speed(rows: list[tuple[str, float, float, float]]) -> None:
    print()
    print("Real-time factor (seconds of work per second of audio), English:")
    print(f"{'options':28} {'WER':>6} {'RTF clips':>10} {'RTF long':>9}")
    for label, wer, clip_rtf, long_rtf in rows:
        print(f"{label:28} {wer:6.3f} {clip_rtf:10.3f} {long_rtf:9.3f}")
    default_wer = rows[0][1]
    within = [row for row in rows if row[1] <= default_wer + 0.01]
    fastest = min(within, key=lambda row: row[2])
    print(f"Fastest within one WER point of the default: {fastest[0]} "
          f"(RTF {fastest[2]:.3f} on the clips against {rows[0][2]:.3f})")  # fmt: skip


if __name__ == "__main__":
    main()
