"""``newsprism reannotate``: bring stored documents up to the current rules and model."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import annotate_options, build_settings, db_option, settings_options, user_errors
from newsprism.cli.analyze import BarProgress
from newsprism.pipeline import RunReport, run_reannotate
from newsprism.store.duck import Store


@click.command(
    "reannotate",
    epilog="Example:\n\n\b\n  newsprism reannotate --db newsprism.duckdb\n"
    "  newsprism reannotate --db newsprism.duckdb --all",
)
@db_option
@click.option("--all", "everything", is_flag=True, help="Annotate every stored document again, not only stale ones.")
@annotate_options
@settings_options
def reannotate_cli(
    db: Path,
    everything: bool,
    workers: int | None,
    batch_size: int | None,
    progress: bool,
    config: Path | None,
    overrides: tuple[str, ...],
) -> None:
    """Annotate again the stored documents that older rules or another model annotated.

    Each document records its annotator: the rules version of every extractor (actors, quotes,
    time, events, disputes, stance) and the spaCy model. After an upgrade, `analyze` skips
    documents it has already stored; this command re-annotates those whose annotator differs
    from the current one, from the cleaned text in the store (the original inputs are not
    needed), replacing each document's rows in one transaction, and then rebuilds the links
    between articles. Exit status: 0, also when nothing was stale.
    """
    settings = build_settings(config, overrides, **{"annotate.workers": workers, "annotate.batch_size": batch_size})
    bar = BarProgress(enabled=progress)
    with user_errors(), Store(db) as store:
        try:
            report = run_reannotate(store=store, settings=settings, progress=bar, everything=everything)
        finally:
            bar.close()
    _print_summary(report, db)


def _print_summary(report: RunReport, db: Path) -> None:
    if not report.inputs:
        lines = [f"newsprism: every document in {db} is annotated by the current rules"]
    else:
        lines = [
            f"documents     {report.documents_reannotated:>8,} annotated again (of {report.inputs:,} stale)",
            f"mentions      {report.mentions:>8,}  ({report.resolved:,} linked to actors)",
            f"quotes        {report.quotes:>8,}",
            f"time exprs    {report.timexes:>8,}",
            f"seconds       {report.seconds:>8.1f}",
        ]
    if report.link is not None:  # also when an earlier run stopped before linking
        lines.append(f"linked        {report.link.stories:>8,} stories, {report.link.clusters:,} event clusters")
    click.echo("\n".join(lines))
