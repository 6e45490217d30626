"""``newsprism eval actors``: score actor resolution on NGEC-format expectations."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import user_errors
from newsprism.evaluate.actors import DEFAULT_GOLD, errors_jsonl, evaluate_actors, format_table, read_gold


@click.command(
    "actors",
    epilog="Example:\n\n\b\n  newsprism eval actors --gold ../shared/eval/actor-resolution/dev.jsonl\n"
    "  newsprism eval actors --errors failed.jsonl",
)
@click.option(
    "--gold",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_GOLD,
    show_default=True,
    help="Gold file: NGEC-format JSON Lines (function, input, expected).",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N cases.")
@click.option("--errors", type=click.Path(dir_okay=False, path_type=Path), help="Write the failed cases here (JSON Lines).")
def eval_actors_cli(gold: Path, limit: int | None, errors: Path | None) -> None:
    """Score actor resolution: accuracy of country, sector and title, by method and by actor kind."""
    from tqdm import tqdm

    with user_errors():
        total = len(read_gold(gold, limit=limit))
        with tqdm(total=total, desc="actors", unit="case", file=click.get_text_stream("stderr")) as bar:
            result = evaluate_actors(gold, limit=limit, progress=bar.update)
    if errors:
        errors.write_text("".join(line + "\n" for line in errors_jsonl(result)), "utf-8")
    click.echo(format_table(result))
