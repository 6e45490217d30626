"""``newsprism eval time``: score time expressions on TimeML gold (TempEval-3 Task A)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsprism.cli._common import gold_options, user_errors

DEFAULT_GOLD = Path("../shared/eval/tbaq/train.jsonl")


@click.command(
    "time",
    epilog="Example:\n\n\b\n  newsprism eval time --gold ../shared/eval/tbaq/train.jsonl\n  newsprism eval time --limit 20",
)
@gold_options(DEFAULT_GOLD, "TBAQ-format JSON Lines (id, dct, text, timexes[type, value, start, end]).", unit="documents")
def eval_time_cli(gold: Path, limit: int | None) -> None:
    """Score time-expression extents and values against gold, beside a spaCy + dateutil baseline."""
    from tqdm import tqdm

    from newsprism.annotate.nlp import load_nlp
    from newsprism.evaluate.time import evaluate_time, format_table, read_gold
    from newsprism.settings import load_settings

    if not gold.is_file():
        raise click.ClickException(f"[E402] gold file {gold} not found (TBAQ lives in ../shared/eval/tbaq/ beside the repo)")
    with user_errors():
        settings = load_settings()
        records = read_gold(gold, limit=limit)
        nlp = load_nlp(settings.annotate.model, settings.annotate.model_version)

        def progress(docs):  # type: ignore[no-untyped-def]
            return tqdm(docs, total=len(records), desc="time", unit="doc", file=sys.stderr)

        result = evaluate_time(nlp, records, gold_file=str(gold), progress=progress)
    click.echo(format_table(result))
