"""Commands that list what the store holds: ``actors`` and ``quotes``."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import db_option, user_errors
from newsprism.store.duck import Store
from newsprism.store.queries import list_actors, list_quotes


@click.command(
    "actors",
    epilog="Example:\n\n\b\n  newsprism actors --db newsprism.duckdb\n  newsprism actors --kind person --name yoon",
)
@db_option
@click.option("--kind", type=click.Choice(["person", "state", "igo", "org", "group"]), help="Only actors of this kind.")
@click.option("--name", help="Only actors whose name, id or a surface form contains this text.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Rows to show.")
def actors_cli(db: Path, kind: str | None, name: str | None, limit: int) -> None:
    """List actors with the surface forms seen in the articles and their mention counts."""
    with user_errors(), Store(db, read_only=True) as store:
        rows = list_actors(store, kind=kind, name=name, limit=limit)
    for row in rows:
        forms = ", ".join(f"{text} ({n})" for text, n in row["forms"])
        click.echo(f"{row['id']:<40} {row['kind']:<7} {row['country'] or '-':<6} {row['mentions']:>6}  {row['name']}")
        if forms:
            click.echo(f"{'':<40} {forms}")


@click.command(
    "quotes",
    epilog="Example:\n\n\b\n  newsprism quotes --db newsprism.duckdb\n  newsprism quotes --speaker Kishida --kind direct",
)
@db_option
@click.option("--speaker", help="Only quotes whose speaker's name, id or surface form contains this text.")
@click.option("--kind", type=click.Choice(["direct", "indirect", "phrase"]), help="Only quotes of this kind.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Rows to show.")
def quotes_cli(db: Path, speaker: str | None, kind: str | None, limit: int) -> None:
    """List quotes with their speakers, relaying sources and documents."""
    with user_errors(), Store(db, read_only=True) as store:
        rows = list_quotes(store, speaker=speaker, kind=kind, limit=limit)
    for row in rows:
        who = row["speaker"] or "(unattributed)"
        if row["relayed_by"]:
            who += f", relayed by {row['relayed_by']}"
        click.echo(f"[{row['kind']}] {who} — {row['cue'] or ''} ({row['title'] or row['document_id']})")
        click.echo(f"    {row['text']}")
