"""``newsprism eval events``: score event coding on PLOVER gold and the PETRARCH structural suites."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsprism.cli._common import user_errors

DEFAULT_GOLD = Path("../shared/eval/plover-gsr-cameo/dev.jsonl")
DEFAULT_PETRARCH = Path("../shared/eval")


@click.command(
    "events",
    epilog="Example:\n\n\b\n  newsprism eval events --gold ../shared/eval/plover-gsr-cameo/dev.jsonl\n"
    "  newsprism eval events --limit 40 --no-petrarch",
)
@click.option("--gold", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_GOLD, show_default=True,
              help="PLOVER gold records (JSON Lines: text, expected_events[category_current_plover, source_actor, target_actor]).")
@click.option("--petrarch", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_PETRARCH, show_default=True,
              help="Folder holding petrarch2-unittest-records/ and up-validate-records-2_02/ (structural suites).")
@click.option("--no-petrarch", is_flag=True, help="Skip the PETRARCH structural suites.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N records of each file.")
def eval_events_cli(gold: Path, petrarch: Path, no_petrarch: bool, limit: int | None) -> None:
    """Score PLOVER categories, actors and (source, target, category) dyads, and PETRARCH (source, target, code)
    triples, beside a trivial baseline."""
    from tqdm import tqdm

    from newsprism.annotate.nlp import load_nlp
    from newsprism.evaluate import events as ev
    from newsprism.settings import load_settings

    if not gold.is_file():
        raise click.ClickException(f"[E402] gold file {gold} not found (PLOVER GSR lives in ../shared/eval/plover-gsr-cameo/)")
    with user_errors():
        settings = load_settings()
        nlp = load_nlp(settings.annotate.model, settings.annotate.model_version)
        records = ev.read_jsonl(gold, limit=limit)
        result = ev.evaluate_plover(nlp, records, _progress(tqdm, len(records), "plover"))
        click.echo(ev.format_plover(result))
        if no_petrarch:
            return
        for name in ev.PETRARCH_FILES:
            path = petrarch / name
            if path.is_file():
                rows = ev.read_jsonl(path, limit=limit)
                click.echo("\n" + ev.format_petrarch(name, ev.evaluate_petrarch(nlp, rows, _progress(tqdm, len(rows), "petrarch"))))


def _progress(tqdm, total: int, desc: str):  # type: ignore[no-untyped-def]
    def wrap(docs):  # type: ignore[no-untyped-def]
        return tqdm(docs, total=total, desc=desc, unit="doc", file=sys.stderr)

    return wrap
