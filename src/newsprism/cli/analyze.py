"""``newsprism analyze``: run the whole pipeline on files, folders and globs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsprism.cli._common import annotate_options, build_settings, db_option, settings_options, user_errors
from newsprism.model import Skip
from newsprism.pipeline import Progress, RunReport, run_analyze
from newsprism.store.duck import Store


class BarProgress(Progress):
    """A tqdm bar on stderr with document counts and rate; skip lines printed above it."""

    def __init__(self, *, enabled: bool) -> None:
        from tqdm import tqdm

        self.bar = tqdm(desc="analyze", unit="doc", disable=not enabled, file=sys.stderr, mininterval=0.5, dynamic_ncols=True)

    def advance(self, documents: int, report: RunReport) -> None:
        self.bar.update(documents)
        self.bar.set_postfix(new=report.documents_new, skipped=len(report.skips), refresh=False)

    def skipped(self, skip: Skip) -> None:
        self.bar.write(f"newsprism: skipped {skip.source}: {skip.reason}", file=sys.stderr)

    def linking(self, step: str) -> None:
        if not self.bar.disable:
            self.bar.write(f"link: {step} ...", file=sys.stderr)

    def close(self) -> None:
        self.bar.close()


@click.command(
    "analyze",
    epilog="Example:\n\n\b\n  newsprism analyze examples/korea-nato --db newsprism.duckdb\n"
    "  newsprism analyze 'crawl/**/*.warc.gz' feed.jsonl --workers 2",
)
@click.argument("paths", nargs=-1, required=True)
@db_option
@annotate_options
@settings_options
def analyze_cli(
    paths: tuple[str, ...],
    db: Path,
    workers: int | None,
    batch_size: int | None,
    progress: bool,
    config: Path | None,
    overrides: tuple[str, ...],
) -> None:
    """Read, clean, annotate and store articles from PATHS.

    PATHS are files, folders (searched recursively) or glob patterns of plain text (.txt),
    HTML (.html, .htm, optionally .gz), JSON Lines (.jsonl[.gz]) and WARC (.warc[.gz]).
    Problems with single inputs are reported one per line and stored in the skips table;
    the run goes on. Documents already stored are skipped, also when newer rules would annotate
    them differently: `newsprism reannotate` updates those. Exit status: 0 if any document was
    processed, 1 if none could be.
    """
    settings = build_settings(config, overrides, **{"annotate.workers": workers, "annotate.batch_size": batch_size})
    bar = BarProgress(enabled=progress)
    with user_errors(), Store(db) as store:
        try:
            report = run_analyze(paths, store=store, settings=settings, progress=bar)
        finally:
            bar.close()
        counts = store.counts()
    _print_summary(report, db, counts)
    if report.documents == 0:
        click.echo("newsprism: no document could be processed", err=True)
        sys.exit(1)


def _print_summary(report: RunReport, db: Path, counts: dict[str, int]) -> None:
    rate = report.documents_new / report.seconds if report.seconds else 0.0
    lines = [
        f"inputs        {report.inputs:>8,} files",
        f"documents     {report.documents_new:>8,} new, {report.documents_existing:,} already stored or repeated",
        f"sentences     {report.sentences:>8,}",
        f"mentions      {report.mentions:>8,}  ({report.resolved:,} linked to actors)",
        f"quotes        {report.quotes:>8,}",
        f"time exprs    {report.timexes:>8,}",
        f"tokens        {report.tokens:>8,}",
        f"skips         {len(report.skips):>8,}",
        f"seconds       {report.seconds:>8.1f}  ({rate:.1f} new documents/s)",
        f"store         {db}  (documents {counts['documents']:,}, actors {counts['actors']:,},"
        f" mentions {counts['mentions']:,}, quotes {counts['quotes']:,}, skips {counts['skips']:,})",
    ]
    if report.link is not None:
        link = report.link
        lines.insert(
            -2,
            f"linked        {link.stories:>8,} stories, {link.clusters:,} event clusters, "
            f"{link.reprint_groups:,} reprint groups, {link.inferred_dates:,} inferred dates "
            f"({sum(link.seconds.values()):.1f} s)",
        )
        lines.insert(-2, f"events        {counts['events']:>8,}  (disputes {counts['disputes']:,})")
    click.echo("\n".join(lines))
