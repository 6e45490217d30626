"""``newsprism eval quotes``: score the quote extractor on PolNeAR-format gold."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import user_errors
from newsprism.evaluate.quotes import DEFAULT_GOLD, evaluate_quotes, format_table, read_gold


@click.command(
    "quotes",
    epilog="Example:\n\n\b\n  newsprism eval quotes --gold ../shared/eval/polnear/dev.jsonl\n"
    "  newsprism eval quotes --limit 10",
)
@click.option(
    "--gold",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_GOLD,
    show_default=True,
    help="Gold file: PolNeAR-format JSON Lines (id, text, attributions).",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N documents.")
def eval_quotes_cli(gold: Path, limit: int | None) -> None:
    """Score quote extraction (content spans and speakers) next to a quote-mark regex baseline."""
    from tqdm import tqdm

    with user_errors():
        total = len(read_gold(gold, limit=limit))
        with tqdm(total=total, desc="quotes", unit="doc", file=click.get_text_stream("stderr")) as bar:
            result = evaluate_quotes(gold, limit=limit, progress=bar.update)
    click.echo(format_table(result))
