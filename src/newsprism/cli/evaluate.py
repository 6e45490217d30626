"""``newsprism eval``: score each extractor against gold data, beside a trivial baseline."""

from __future__ import annotations

import click

from newsprism.cli.eval_actors import eval_actors_cli
from newsprism.cli.eval_events import eval_events_cli
from newsprism.cli.eval_html import eval_html_cli
from newsprism.cli.eval_quotes import eval_quotes_cli
from newsprism.cli.eval_stance import eval_stance_cli
from newsprism.cli.eval_stories import eval_stories_cli
from newsprism.cli.eval_time import eval_time_cli


@click.group(
    "eval",
    epilog="Example:\n\n\b\n  newsprism eval quotes --gold ../shared/eval/polnear/dev.jsonl\n  newsprism eval actors",
)
def eval_group() -> None:
    """Evaluate extractors on development gold sets (in ../shared/eval by default)."""


eval_group.add_command(eval_quotes_cli)
eval_group.add_command(eval_time_cli)
eval_group.add_command(eval_actors_cli)
eval_group.add_command(eval_html_cli)
eval_group.add_command(eval_events_cli)
eval_group.add_command(eval_stories_cli)
eval_group.add_command(eval_stance_cli)
