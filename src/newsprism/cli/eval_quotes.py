"""``newsprism eval quotes``: score the quote extractor on PolNeAR-format gold."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import gold_options, progress_bar, user_errors
from newsprism.evaluate.quotes import DEFAULT_GOLD, evaluate_quotes, format_table, read_gold


@click.command(
    "quotes",
    epilog="Example:\n\n\b\n  newsprism eval quotes --gold ../shared/eval/polnear/dev.jsonl\n"
    "  newsprism eval quotes --limit 10",
)
@gold_options(DEFAULT_GOLD, "Gold file: PolNeAR-format JSON Lines (id, text, attributions).", unit="documents")
def eval_quotes_cli(gold: Path, limit: int | None) -> None:
    """Score quote extraction (content spans and speakers) next to a quote-mark regex baseline."""
    with user_errors():
        total = len(read_gold(gold, limit=limit))
        with progress_bar(total=total, desc="quotes", unit="doc") as bar:
            result = evaluate_quotes(gold, limit=limit, progress=bar.update)
    click.echo(format_table(result))
