"""Throughput benchmark: the full pipeline against bare ``nlp.pipe`` on the same texts.

Each side is its own long-lived subprocess, so its peak memory (``ru_maxrss``) is its own.
The sample is cut into chunks and the two sides take turns, chunk by chunk, in ABBA order
(bare, pipeline, pipeline, bare, ...), so a change in machine load during the run falls on
both sides alike. Model loading (and, for the pipeline, building the actor indexes) is
start-up and not timed; both sides are warmed up on one sentence first.

The link stage (reprints, stories, event clusters across articles) is not per-document work:
the pipeline side stores each chunk with ``link.enabled = false`` and runs the link stage
once over the whole store after the last chunk, timed and reported on its own.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from newsprism.settings import Settings, load_settings

DEFAULT_CORPUS = Path("../shared/corpora/allsides_baly/articles.jsonl.gz")
MODES = ("bare", "pipeline")


@dataclass(slots=True)
class BenchResult:
    mode: str
    documents: int = 0
    tokens: int = 0
    seconds: float = 0.0
    peak_mb: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    link: dict[str, Any] = field(default_factory=dict)  # the link stage, once over the whole store

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0

    def add(self, part: dict[str, Any]) -> None:
        self.documents += part["documents"]
        self.tokens += part["tokens"]
        self.seconds += part["seconds"]
        for stage, seconds in part.get("stages", {}).items():
            self.stages[stage] = self.stages.get(stage, 0.0) + seconds


def write_chunks(corpus: Path, n: int, out: Path, *, chunk: int) -> list[Path]:
    """Copy the first ``n`` articles with text from a JSON Lines corpus into chunk files."""
    opener = gzip.open if corpus.suffix == ".gz" else open
    paths: list[Path] = []
    written = 0
    dst: IO[str] | None = None
    with opener(corpus, "rt", encoding="utf-8") as src:
        for line in src:
            if not (json.loads(line).get("text") or "").strip():
                continue
            if written % chunk == 0:
                if dst is not None:
                    dst.close()
                paths.append(out / f"chunk-{len(paths):04d}.jsonl")
                dst = paths[-1].open("w", encoding="utf-8")
            assert dst is not None  # noqa: S101 - opened just above
            dst.write(line if line.endswith("\n") else line + "\n")
            written += 1
            if written == n:
                break
    if dst is not None:
        dst.close()
    return paths


def run_bench(corpus: Path, *, n: int, workers: int, batch_size: int, chunk: int = 100) -> list[BenchResult]:
    """Run both sides on the first ``n`` articles of ``corpus``, alternating chunk by chunk."""
    with tempfile.TemporaryDirectory(prefix="newsprism-bench-") as tmp:
        chunks = write_chunks(corpus, n, Path(tmp), chunk=chunk)
        sides = {mode: _start_side(mode, Path(tmp), workers, batch_size) for mode in MODES}
        results = {mode: BenchResult(mode) for mode in MODES}
        try:
            for i, path in enumerate(chunks):
                order = MODES if i % 2 == 0 else MODES[::-1]
                for mode in order:
                    results[mode].add(_ask(sides[mode], f"RUN {path}"))
            results["pipeline"].link = _ask(sides["pipeline"], "LINK")
            for mode in MODES:
                results[mode].peak_mb = _ask(sides[mode], "EXIT")["peak_mb"]
        finally:
            for process in sides.values():
                if process.poll() is None:
                    process.kill()
                process.wait()
        return [results[mode] for mode in MODES]


def _start_side(mode: str, tmp: Path, workers: int, batch_size: int) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "newsprism.bench", mode, str(tmp), str(workers), str(batch_size)]
    process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # noqa: S603 - our module
    _ask(process, "READY?")
    return process


def _ask(process: subprocess.Popen[str], command: str) -> dict[str, Any]:
    assert process.stdin is not None and process.stdout is not None  # noqa: S101 - set by Popen
    process.stdin.write(command + "\n")
    process.stdin.flush()
    line = process.stdout.readline()
    if not line:
        raise RuntimeError(f"benchmark side exited while answering {command!r} (code {process.wait()})")
    return json.loads(line)


class _Side:
    """One side of the benchmark, kept warm between chunks."""

    def __init__(self, mode: str, tmp: Path, settings: Settings) -> None:
        self.mode, self.settings = mode, settings.model_copy(
            update={"link": settings.link.model_copy(update={"enabled": False})}
        )
        if mode == "pipeline":
            from newsprism.annotate.nlp import load_nlp, warm_up
            from newsprism.store.duck import Store

            self.nlp = load_nlp(settings.annotate.model, settings.annotate.model_version)
            warm_up(settings.annotate)  # one-time index builds are start-up, like model loading
            self.store = Store(tmp / "bench.duckdb")
        else:
            import spacy

            self.nlp = spacy.load(settings.annotate.model)  # bare: the model's own components only
        list(self.nlp.pipe(["Warm-up: Seoul said on Monday that the talks in Madrid would resume."]))

    def link(self) -> dict[str, Any]:
        from newsprism.link.run import link_store

        report = link_store(self.store)
        return {
            "seconds": sum(report.seconds.values()), "steps": report.seconds, "documents": report.stories_new_documents,
            "events": report.events, "clusters": report.clusters,
        }  # fmt: skip

    def run(self, path: Path) -> dict[str, Any]:
        annotate = self.settings.annotate
        if self.mode == "bare":
            with path.open(encoding="utf-8") as fh:
                texts = [json.loads(line)["text"] for line in fh]
            start = time.perf_counter()
            tokens = sum(len(doc) for doc in self.nlp.pipe(texts, batch_size=annotate.batch_size, n_process=annotate.workers))
            return {"documents": len(texts), "tokens": tokens, "seconds": time.perf_counter() - start}
        from newsprism.pipeline import run_analyze

        start = time.perf_counter()
        report = run_analyze([str(path)], store=self.store, settings=self.settings)
        seconds = time.perf_counter() - start
        return {"documents": report.documents_new, "tokens": report.tokens, "seconds": seconds, "stages": report.stage_seconds}


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def format_table(results: list[BenchResult], *, workers: int) -> str:
    """The results as a Markdown table with the pipeline/bare throughput ratio and stage costs."""
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
    if pipe.link:
        link = pipe.link
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in link["steps"].items())
        rows.append(
            f"\nlink stage, once over the {link['documents']:,} stored articles ({link['events']:,} events, "
            f"{link['clusters']:,} event clusters): {link['seconds']:.1f} s ({steps}); "
            f"{link['seconds'] / pipe.seconds:.1%} of the pipeline's per-document time"
        )
    return "\n".join(rows)


def _serve(mode: str, tmp: Path, workers: int, batch_size: int) -> None:
    """The subprocess protocol: one JSON line answers each command read from stdin."""
    settings = load_settings(overrides=[f"annotate.workers={workers}", f"annotate.batch_size={batch_size}"])
    side = _Side(mode, tmp, settings)
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "RUN":
            answer: dict[str, Any] = side.run(Path(argument))
        elif command == "LINK":
            answer = side.link() if side.mode == "pipeline" else {}
        elif command == "EXIT":
            answer = {"peak_mb": _peak_mb()}
        else:
            answer = {"ready": True}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
        if command == "EXIT":
            return


if __name__ == "__main__":
    _serve(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
