"""Throughput benchmark: the full pipeline against bare ``nlp.pipe`` on the same texts.

Each side runs in its own subprocess so that peak memory (``ru_maxrss``) is its own.
Model loading (and, for the pipeline, building the actor indexes) is excluded from both timings.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsprism.settings import load_settings

DEFAULT_CORPUS = Path("../shared/corpora/allsides_baly/articles.jsonl.gz")


@dataclass(frozen=True, slots=True)
class BenchResult:
    mode: str
    documents: int
    tokens: int
    seconds: float
    peak_mb: float
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


def write_sample(corpus: Path, n: int, out: Path) -> int:
    """Copy the first ``n`` articles with text from a JSON Lines corpus into ``out``."""
    opener = gzip.open if corpus.suffix == ".gz" else open
    written = 0
    with opener(corpus, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            if not (record.get("text") or "").strip():
                continue
            dst.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
            if written == n:
                break
    return written


def run_bench(corpus: Path, *, n: int, workers: int, batch_size: int) -> list[BenchResult]:
    """Run both sides on the first ``n`` articles of ``corpus`` and return their results."""
    with tempfile.TemporaryDirectory(prefix="newsprism-bench-") as tmp:
        sample = Path(tmp) / "sample.jsonl"
        write_sample(corpus, n, sample)
        return [_run_side(mode, sample, Path(tmp), workers, batch_size) for mode in ("bare", "pipeline")]


def _run_side(mode: str, sample: Path, tmp: Path, workers: int, batch_size: int) -> BenchResult:
    cmd = [sys.executable, "-m", "newsprism.bench", mode, str(sample), str(tmp), str(workers), str(batch_size)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603 - our own module
    if done.returncode != 0:
        raise RuntimeError(f"benchmark side {mode!r} failed:\n{done.stderr[-2000:]}")
    return BenchResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def _side(mode: str, sample: Path, tmp: Path, workers: int, batch_size: int) -> BenchResult:
    from newsprism.annotate.nlp import load_nlp, warm_up

    settings = load_settings(overrides=[f"annotate.workers={workers}", f"annotate.batch_size={batch_size}"])
    if mode == "pipeline":
        nlp = load_nlp(settings.annotate.model, settings.annotate.model_version)
        warm_up(settings.annotate)  # one-time index builds are start-up, like model loading
    else:
        import spacy

        nlp = spacy.load(settings.annotate.model)  # bare: the model's own components only
    list(nlp.pipe(["Warm-up: Seoul said on Monday that the talks in Madrid would resume."]))
    if mode == "bare":
        with sample.open(encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh]
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=workers))
        seconds, documents, stages = time.perf_counter() - start, len(texts), {}
    else:
        from newsprism.pipeline import run_analyze
        from newsprism.store.duck import Store

        with Store(tmp / "bench.duckdb") as store:
            start = time.perf_counter()
            report = run_analyze([str(sample)], store=store, settings=settings)
            seconds = time.perf_counter() - start
        tokens, documents, stages = report.tokens, report.documents_new, report.stage_seconds
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return BenchResult(mode, documents, tokens, seconds, peak / 1024, stages)


def format_table(results: list[BenchResult], *, workers: int) -> str:
    """The results as a Markdown table with the pipeline/bare throughput ratio."""
    rows = [
        "| mode | documents | tokens | seconds | documents/s | tokens/s | peak memory (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows += [
        f"| {r.mode} | {r.documents:,} | {r.tokens:,} | {r.seconds:.1f} | {r.docs_per_s:.2f} | "
        f"{r.tokens_per_s:,.0f} | {r.peak_mb:,.0f} |"
        for r in results
    ]
    bare, pipe = results[0], results[-1]
    ratio = pipe.tokens_per_s / bare.tokens_per_s if bare.tokens_per_s else 0.0
    rows.append(f"\nworkers={workers}, cpus={os.cpu_count()}; pipeline / bare spaCy throughput (tokens/s): {ratio:.3f}")
    if pipe.stages:
        rows += ["", "| stage (inside the pipeline) | seconds | added to the rest of the pipeline |", "|---|---:|---:|"]
        rows += [
            f"| {stage} | {seconds:.1f} | {seconds / (pipe.seconds - seconds):.1%} |"
            for stage, seconds in sorted(pipe.stages.items())
        ]
    return "\n".join(rows)


if __name__ == "__main__":
    _mode, _sample, _tmp, _workers, _batch = sys.argv[1:6]
    _result = _side(_mode, Path(_sample), Path(_tmp), int(_workers), int(_batch))
    print(json.dumps(asdict(_result)))  # noqa: T201 - subprocess protocol
