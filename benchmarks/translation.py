"""Measure translation: quality per installed pair, memory hit rate, portal overhead.

    python benchmarks/translation.py [--with-test-pack] [--runs 3]

For every installed pair whose languages are columns of the TICO-19 medical
sentences (201 sentences in en, zh, fr, ru, es, ar):

- chrF and BLEU (sacrebleu) of the bare engine, the memory kept out (those
  sentences are also in the TMX);
- chrF and BLEU of the portal's path (glossary masking, memory lookup, engine,
  restoring, cue spreading and line breaking), with a memory that holds the
  TMX minus the test sentences;
- the portal path's time over the bare engine's on the same sentences in the
  same run (medians of --runs interleaved runs; target at most 1.2).

The memory's own hit rate is measured apart: the TMX's English-Chinese
segments are split 90/10 at random (seed 19); the memory is built from the
90% and looked up with the held-out 10%.

The database is a scratch SQLite file; engines are the installed ones
(Apertium pairs, argostranslate packs under ARGOS_PATH or the instance).
--with-test-pack adds the tests' tiny en->fr pack, to time the argos path
(its scores are meaningless by design).
"""

import argparse
import csv
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = ROOT.parent / "shared" / "corpus" / "translation" / "tico19"
SENTENCES = CORPUS / "medical_sentences_en_zh_fr_ru_es_ar.tsv"
TMX = CORPUS / "all.en-zh.tmx"
TERMS = CORPUS / "terminology"
# Portal language -> column of the TSV.
COLUMNS = {"en": "en", "zh": "zh", "fr": "fr", "ru": "ru", "es": "es-419", "ar": "ar"}
TERM_FILES = {"es": "f_en-es_XX.csv", "fr": "f_en-fr_XX.csv", "ru": "f_en-ru_RU.csv",
              "ar": "f_en-ar_AR.csv", "zh": "f_en-zh_CN.csv"}  # fmt: skip


@dataclass
class Cue:
    start: float
    end: float
    text: str


def _app(instance: Path, with_test_pack: bool):
    from flask_migrate import upgrade

    from portal import create_app
    from portal.config import load_settings

    settings = load_settings(database_url=f"sqlite:///{instance / 'bench.db'}")
    if with_test_pack:
        settings = replace(settings, argos_path=instance / "argos")
    app = create_app(settings)
    with app.app_context():
        upgrade()
    if with_test_pack:
        from tests.translation.tiny_pack import build_pack
        from translation.argos import ArgosEngine

        pack = build_pack(instance, "en", "fr", "bonjour le monde")
        ArgosEngine(settings.argos_path).install(pack, 10**9)
    return app


def _rows() -> list[dict]:
    with SENTENCES.open(encoding="utf-8") as rows:
        return list(csv.DictReader(rows, delimiter="\t"))


def _scores(hypotheses: list[str], references: list[str], target: str) -> dict:
    from sacrebleu.metrics import BLEU, CHRF

    tokenize = "zh" if target.startswith("zh") else "13a"
    bleu = BLEU(tokenize=tokenize).corpus_score(hypotheses, [references])
    chrf = CHRF().corpus_score(hypotheses, [references])
    return {"chrF": round(chrf.score, 1), "BLEU": round(bleu.score, 1)}


def _tmx_segments():
    from translation.memory import read_tmx

    with TMX.open("rb") as stream:
        return list(read_tmx(stream, "en", "zh"))


def memory_hit_rate(threshold: float) -> dict:
    """Build the memory from 90% of the TMX and look the other 10% up."""
    from sacrebleu.metrics import CHRF

    from portal.extensions import db
    from translation.memory import TranslationMemory, store_segments

    segments = _tmx_segments()
    random.Random(19).shuffle(segments)
    cut = len(segments) * 9 // 10
    held_in, held_out = segments[:cut], segments[cut:]
    store_segments(held_in, "en", "zh", "benchmark")
    db.session.commit()
    memory = TranslationMemory("en", "zh", threshold)
    started = time.perf_counter()
    matches = memory.lookup([s.source for s in held_out])
    elapsed = time.perf_counter() - started
    hits = [(m, s) for m, s in zip(matches, held_out, strict=True) if m]
    exact = sum(1 for m, _s in hits if m.score == 100)
    chrf = CHRF().corpus_score(
        [m.target for m, _ in hits], [[s.target for _, s in hits]]
    )
    return {
        "segments_in_memory": len(held_in),
        "held_out": len(held_out),
        "exact_hits": exact,
        "fuzzy_hits": len(hits) - exact,
        "hit_rate": round(len(hits) / len(held_out), 3),
        "chrF_of_hits_vs_reference": round(chrf.score, 1) if hits else None,
        "lookup_seconds": round(elapsed, 3),
    }


def _fill_memory(source: str, target: str, test_sentences: set[str]) -> int:
    from portal.extensions import db
    from translation.memory import fold, store_segments

    # The TMX minus the test sentences, filed under the timed pair: the lookup
    # does its real work (hashing, a length window, fuzzy scoring) on 3,000
    # segments, and no test sentence can be found there.
    kept = [s for s in _tmx_segments() if fold(s.source) not in test_sentences]
    stored = store_segments(kept, source, target, "benchmark")
    db.session.commit()
    return stored


def _glossary(source: str, target: str):
    from portal.extensions import db
    from translation import operations, queries

    term_file = TERMS / TERM_FILES.get(target, "")
    if source == "en" and term_file.is_file():
        operations.import_glossary(term_file.read_text(encoding="utf-8-sig"), None)
    glossary = queries.glossary_for(None, source, target)
    db.session.commit()
    return glossary


def _timed_pair(first, second, runs: int) -> tuple[float, float, object, object]:
    # Interleaved, so a busy neighbour on the machine slows both alike.
    times: tuple[list[float], list[float]] = ([], [])
    results = [None, None]
    for _ in range(runs):
        for index, function in enumerate((first, second)):
            started = time.perf_counter()
            results[index] = function()
            times[index].append(time.perf_counter() - started)
    medians = [statistics.median(t) for t in times]
    return medians[0], medians[1], results[0], results[1]


def benchmark_pair(source, target, engine, rows, runs, threshold) -> dict:
    """Score and time one pair, bare engine against the portal's path."""
    from translation.memory import TranslationMemory, fold
    from translation.sentences import translate_cues

    texts = [row[COLUMNS[source]] for row in rows]
    references = [row[COLUMNS[target]] for row in rows]
    memory_size = _fill_memory(source, target, {fold(t) for t in texts})
    glossary = _glossary(source, target)
    memory = TranslationMemory(source, target, threshold)
    cues = [Cue(i, i + 1, text) for i, text in enumerate(texts)]
    broken = []

    def bare():
        return engine.translate(texts, source, target)

    def portal():
        broken.clear()
        return translate_cues(cues, engine, source, target, 1, memory, glossary, broken)

    # Warm both paths once (model loading, first Apertium start).
    bare(), portal()
    bare_time, portal_time, bare_out, portal_out = _timed_pair(bare, portal, runs)
    portal_texts = [cue.text.replace("\n", " ") for cue in portal_out]
    from_memory = sum(1 for cue in portal_out if cue.provenance == "translation-memory")
    return {
        "pair": f"{source}->{target}",
        "engine": engine.name,
        "sentences": len(texts),
        "bare": _scores(bare_out, references, target),
        "portal": _scores(portal_texts, references, target),
        "glossary_terms": len(glossary.terms) if glossary else 0,
        "broken_terms": len(broken),
        "memory_segments": memory_size,
        "memory_hits": from_memory,
        "bare_seconds": round(bare_time, 3),
        "portal_seconds": round(portal_time, 3),
        "portal_over_bare": round(portal_time / bare_time, 3),
    }


def _clear_pair(source: str, target: str) -> None:
    from portal.extensions import db
    from translation.models import GlossaryTerm, TranslationUnit

    db.session.execute(db.delete(GlossaryTerm))
    db.session.execute(
        db.delete(TranslationUnit).filter_by(
            source_language=source, target_language=target
        )
    )
    db.session.commit()


def main() -> None:
    """Run the benchmark and print one JSON object per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-test-pack", action="store_true")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--threshold", type=float, default=90.0)
    options = parser.parse_args()

    from translation import service
    from translation.memory import ENGINE_NAME

    with tempfile.TemporaryDirectory() as work:
        app = _app(Path(work), options.with_test_pack)
        with app.app_context():
            rows = _rows()
            print(json.dumps({"memory": memory_hit_rate(options.threshold)}))
            for (source, target), names in sorted(service.registry().pairs().items()):
                machine = [name for name in names if name != ENGINE_NAME]
                if source not in COLUMNS or target not in COLUMNS or not machine:
                    continue
                for name in machine:
                    engine = service.registry().get(name)
                    result = benchmark_pair(
                        source, target, engine, rows, options.runs, options.threshold
                    )
                    print(json.dumps(result, ensure_ascii=False), flush=True)
                    _clear_pair(source, target)


if __name__ == "__main__":
    main()
