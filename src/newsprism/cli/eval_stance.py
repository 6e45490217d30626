"""``newsprism eval stance``: score target-dependent stance on NewsMTSC-format gold."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsprism.cli._common import user_errors

DEFAULT_GOLD = Path("../shared/eval/newsmtsc/dev_rw.jsonl")


@click.command(
    "stance",
    epilog="Example:\n\n\b\n  newsprism eval stance\n  newsprism eval stance --gold ../shared/eval/newsmtsc/dev_mt.jsonl --limit 50",
)
@click.option(
    "--gold",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"NewsMTSC-format JSON Lines (sentence, targets[start, end, polarity]). [default: {DEFAULT_GOLD}, then dev_mt]",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N sentences.")
def eval_stance_cli(gold: Path | None, limit: int | None) -> None:
    """Macro-F1 of stance toward targets, beside a lexicon baseline and the published RoBERTa score."""
    from tqdm import tqdm

    from newsprism.evaluate.stance import evaluate_stance, format_table, read_gold

    golds = [gold] if gold is not None else [DEFAULT_GOLD, DEFAULT_GOLD.with_name("dev_mt.jsonl")]
    tables = []
    for path in golds:
        if not path.is_file():
            raise click.ClickException(f"[E403] gold file {path} not found (NewsMTSC lives in ../shared/eval/newsmtsc/)")
        with user_errors():
            records = read_gold(path, limit=limit)
            result = evaluate_stance(
                records,
                gold_file=str(path),
                progress=lambda rows, name=path.stem: tqdm(rows, desc=name, unit="sent", file=sys.stderr),
            )
        tables.append(format_table(result))
    click.echo("\n\n".join(tables))
