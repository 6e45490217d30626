"""``newsprism eval events``: score event coding on PLOVER gold and the PETRARCH structural suites."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from newsprism.cli._common import user_errors

DEFAULT_GOLD = Path("../shared/eval/plover-gsr-cameo/dev.jsonl")
DEFAULT_PETRARCH = Path("../shared/eval")
DEFAULT_REALNEWS = Path("eval/realnews-cameo/dev.jsonl")
DEFAULT_CORPUS = Path("../shared/corpora/allsides_baly/articles.jsonl.gz")


@click.command(
    "events",
    epilog="Example:\n\n\b\n  newsprism eval events --gold ../shared/eval/plover-gsr-cameo/dev.jsonl\n"
    "  newsprism eval events --limit 40 --no-petrarch\n"
    "  newsprism eval events --only-realnews --show-misses\n"
    "  newsprism eval events --agreement eval/realnews-cameo/dev.second-coder.jsonl",
)
@click.option("--gold", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_GOLD, show_default=True,
              help="PLOVER gold records (JSON Lines: text, expected_events[category_current_plover, source_actor, target_actor]).")
@click.option("--petrarch", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_PETRARCH, show_default=True,
              help="Folder holding petrarch2-unittest-records/ and up-validate-records-2_02/ (structural suites).")
@click.option("--no-petrarch", is_flag=True, help="Skip the PETRARCH structural suites.")
@click.option("--realnews", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_REALNEWS, show_default=True,
              help="Real-news sentences coded in CAMEO (JSON Lines: id, start, end, sha1, events[source, target, code]).")
@click.option("--corpus", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_CORPUS, show_default=True,
              help="The articles the real-news sentences point into (JSON Lines, gzip or not: id, date, text).")
@click.option("--only-realnews", is_flag=True, help="Score the real-news sentences only.")
@click.option("--agreement", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="A second coding of real-news sentences: print how far it agrees with --realnews, and stop.")
@click.option("--show-misses", is_flag=True, help="Print each real-news sentence whose root triples differ from gold.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N records of each file.")
def eval_events_cli(gold: Path, petrarch: Path, no_petrarch: bool, realnews: Path, corpus: Path, only_realnews: bool,
                    agreement: Path | None, show_misses: bool, limit: int | None) -> None:  # fmt: skip
    """Score PLOVER categories, actors and (source, target, category) dyads, PETRARCH (source, target, code)
    triples, and (source country, target country, CAMEO root / code) triples on coded real news,
    beside a trivial baseline."""
    from tqdm import tqdm

    from newsprism.annotate.nlp import load_nlp
    from newsprism.evaluate import events as ev
    from newsprism.settings import load_settings

    if agreement is not None:
        from newsprism.evaluate.events import coder_agreement

        with user_errors():
            both, root, code = coder_agreement(realnews, agreement)
        click.echo(f"{agreement} against {realnews}: {both} sentences coded by both\n"
                   f"(source country, target country, root) P / R / F1: {root.p:.1f} / {root.r:.1f} / {root.f1:.1f}\n"
                   f"(source country, target country, code) P / R / F1: {code.p:.1f} / {code.r:.1f} / {code.f1:.1f}")
        return
    if not gold.is_file() and not only_realnews:
        raise click.ClickException(f"[E402] gold file {gold} not found (PLOVER GSR lives in ../shared/eval/plover-gsr-cameo/)")
    with user_errors():
        settings = load_settings()
        nlp = load_nlp(settings.annotate.model, settings.annotate.model_version)
        if not only_realnews:
            records = ev.read_jsonl(gold, limit=limit)
            result = ev.evaluate_plover(nlp, records, _progress(tqdm, len(records), "plover"))
            click.echo(ev.format_plover(result))
        if not no_petrarch and not only_realnews:
            for name in ev.PETRARCH_FILES:
                path = petrarch / name
                if path.is_file():
                    rows = ev.read_jsonl(path, limit=limit)
                    scored = ev.evaluate_petrarch(nlp, rows, _progress(tqdm, len(rows), "petrarch"))
                    click.echo("\n" + ev.format_petrarch(name, scored))
        if not corpus.is_file() and corpus == DEFAULT_CORPUS and not only_realnews:
            click.echo(f"real news: skipped, corpus {corpus} not found (pass --corpus FILE)", err=True)
            return
        articles = ev.read_realnews(realnews, corpus)[:limit]
        total = len(articles)
        news = ev.evaluate_realnews(nlp, articles, _progress(tqdm, total, "real news"))
        click.echo("\n" + ev.format_realnews(str(realnews), news))
        if show_misses:
            for doc_id, start, text, gold_triples, ours in news.misses:
                click.echo(f"\n{doc_id}@{start}: {text[:400]!r}\n  gold {gold_triples}\n  ours {ours}")


def _progress(tqdm, total: int, desc: str):  # type: ignore[no-untyped-def]
    def wrap(docs):  # type: ignore[no-untyped-def]
        return tqdm(docs, total=total, desc=desc, unit="doc", file=sys.stderr)

    return wrap
