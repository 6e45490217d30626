"""Commands that list what the store holds: ``actors``, ``quotes`` and ``events``."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import db_option, safe, user_errors
from newsprism.store.duck import Store
from newsprism.store.queries import list_actors, list_events, list_quotes


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
        click.echo(f"{row['id']:<40} {row['kind']:<7} {row['country'] or '-':<6} {row['mentions']:>6}  {safe(row['name'])}")
        if forms:
            click.echo(f"{'':<40} {safe(forms, 1000)}")


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
        click.echo(f"[{row['kind']}] {safe(who)} — {safe(row['cue'] or '')} ({safe(row['title'] or row['document_id'])})")
        click.echo(f"    {safe(row['text'], 2000)}")


@click.command(
    "events",
    epilog="Example:\n\n\b\n  newsprism events --actor Stoltenberg\n"
    "  newsprism events --type CONSULT --from 2022-06 --to 2022-07",
)
@db_option
@click.option("--actor", help="Only events with this actor (name, id or surface form) as source or target.")
@click.option("--type", "category", help="Only this PLOVER category (CONSULT, AGREE, REQUEST, ...).")
@click.option("--from", "date_from", help="Earliest date (ISO, partial allowed: 2022-06).")
@click.option("--to", "date_to", help="Latest date (ISO, partial allowed).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Rows to show.")
def events_cli(db: Path, actor: str | None, category: str | None, date_from: str | None, date_to: str | None, limit: int) -> None:
    """List coded events (who did what to whom, when) with their triggers and documents.

    Events of an undated article are shown, and filtered, on the date the link stage inferred for it,
    marked "(inferred)"; "~" marks a date taken from the article's date rather than the sentence.
    """
    with user_errors(), Store(db, read_only=True) as store:
        rows = list_events(store, actor=actor, category=category, date_from=date_from, date_to=date_to, limit=limit)
    for row in rows:
        if row["date"] is None and row["date_inferred"]:  # an undated article placed by the link stage
            when = f"{row['date_inferred']} (inferred)"
        else:
            when = (row["date"] or "undated") + ("~" if row["date_approximate"] else "")
        flags = f" [{', '.join(row['context'])}]" if row["context"] else ""
        sources = ", ".join(row["sources"]) or "?"
        targets = ", ".join(row["targets"]) or "-"
        title = safe(row["title"] or row["document_id"])
        click.echo(f"{when:<21} {row['category']:<10} {safe(sources)} -> {safe(targets)}{flags}  ({safe(row['trigger'])}; {title})")
