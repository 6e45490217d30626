"""Commands that read the store: ``export`` and ``info``."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import db_option, user_errors
from newsprism.store.duck import Store
from newsprism.store.export import EXPORT_SCHEMA_VERSION, FORMATS, export_store


@click.command(
    "export",
    epilog="Example:\n\n\b\n  newsprism export --format json --out export.json\n"
    "  newsprism export --db news.duckdb --format parquet --out export/\n"
    "  newsprism export --format gdelt --out events.gdelt.tsv",
)
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True, help="Output format.")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    help="Output file (json; gdelt: a GDELT 2.0 event table) or folder (jsonl, csv, parquet: one file per table).",
)
def export_cli(db: Path, fmt: str, out: Path) -> None:
    """Export every table of the store in the versioned export schema (docs/export-schema.md)."""
    with user_errors(), Store(db, read_only=True) as store:
        counts = export_store(store, fmt, out)
    summary = ", ".join(f"{name} {n:,}" for name, n in counts.items())
    click.echo(f"exported schema {EXPORT_SCHEMA_VERSION} to {out}: {summary}")


@click.command("info", epilog="Example:\n\n\b\n  newsprism info --db newsprism.duckdb")
@db_option
def info_cli(db: Path) -> None:
    """Show row counts of the store's tables and its recent runs."""
    with user_errors(), Store(db, read_only=True) as store:
        counts = store.counts()
        runs = store.query(
            "SELECT id, status, documents, skips, started_at FROM runs ORDER BY started_at DESC LIMIT 5"
        )
    for name, n in counts.items():
        click.echo(f"{name:<10} {n:>10,}")
    for run in runs:
        click.echo(f"run {run['id']} {run['status']:<11} documents {run['documents']} skips {run['skips']}")
