"""``newsprism bench``: pipeline throughput against bare spaCy."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.bench import DEFAULT_CORPUS, format_table, run_bench


@click.command(
    "bench",
    epilog="Example:\n\n\b\n  newsprism bench --n 2000 --workers 1\n"
    "  newsprism bench --corpus ../shared/corpora/allsides_baly/articles.jsonl.gz --n 200",
)
@click.option(
    "--corpus",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="JSON Lines corpus (.jsonl or .jsonl.gz) with a 'text' field.",
)
@click.option("--n", "n", type=click.IntRange(min=1), default=2000, show_default=True, help="Articles to use.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes (both sides).")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True, help="nlp.pipe batch size.")
@click.option(
    "--chunk", type=click.IntRange(min=1), default=100, show_default=True, help="Articles per turn (sides alternate)."
)
def bench_cli(corpus: Path, n: int, workers: int, batch_size: int, chunk: int) -> None:
    """Measure full-pipeline throughput and peak memory against bare nlp.pipe on the same texts."""
    if not corpus.exists():
        raise click.ClickException(f"[E401] benchmark corpus {corpus} not found (it lives in ../shared beside the repo)")
    click.echo(f"benchmarking {n:,} articles of {corpus} (bare spaCy and the pipeline, taking turns)...", err=True)
    results = run_bench(corpus, n=n, workers=workers, batch_size=batch_size, chunk=chunk)
    click.echo(format_table(results, workers=workers))
