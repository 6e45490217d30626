"""``newsprism eval actors``: score actor resolution on NGEC-format expectations."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import gold_options, progress_bar, user_errors
from newsprism.evaluate.actors import DEFAULT_GOLD, errors_jsonl, evaluate_actors, format_table, read_gold


@click.command(
    "actors",
    epilog="Example:\n\n\b\n  newsprism eval actors --gold ../shared/eval/actor-resolution/dev.jsonl\n"
    "  newsprism eval actors --errors failed.jsonl",
)
@gold_options(DEFAULT_GOLD, "Gold file: NGEC-format JSON Lines (function, input, expected).", unit="cases")
@click.option("--errors", type=click.Path(dir_okay=False, path_type=Path), help="Write the failed cases here (JSON Lines).")
def eval_actors_cli(gold: Path, limit: int | None, errors: Path | None) -> None:
    """Score actor resolution: accuracy of country, sector and title, by method and by actor kind."""
    with user_errors():
        total = len(read_gold(gold, limit=limit))
        with progress_bar(total=total, desc="actors", unit="case") as bar:
            result = evaluate_actors(gold, limit=limit, progress=bar.update)
    if errors:
        errors.write_text("".join(line + "\n" for line in errors_jsonl(result)), "utf-8")
    click.echo(format_table(result))
