"""``newsprism eval stories``: score story clustering (B-cubed, ARI) on same-story gold."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsprism.cli._common import gold_options, user_errors

DEFAULT_GOLD = Path("../shared/eval/stories/dev.jsonl")


@click.command(
    "stories",
    epilog="Example:\n\n\b\n  newsprism eval stories --gold ../shared/eval/stories/dev.jsonl\n  newsprism eval stories --limit 100",
)
@gold_options(DEFAULT_GOLD, "JSON Lines, one article a line (id, cluster_id, date, title, text).", unit="articles")
def eval_stories_cli(gold: Path, limit: int | None) -> None:
    """Score story clusters (B-cubed P/R/F1, adjusted Rand index) beside trivial baselines."""
    from tqdm import tqdm

    from newsprism.evaluate.stories import evaluate_stories, format_table, read_gold

    if not gold.is_file():
        raise click.ClickException(f"[E402] gold file {gold} not found (stories gold lives in ../shared/eval/stories/ beside the repo)")
    with user_errors():
        records = read_gold(gold, limit=limit)

        def progress(articles):  # type: ignore[no-untyped-def]
            return tqdm(articles, total=len(records), desc="stories", unit="article", file=sys.stderr)

        result = evaluate_stories(records, gold_file=str(gold), progress=progress)
    click.echo(format_table(result))
