"""``newsprism eval html``: score HTML cleaning on saved pages with gold extractions."""

from __future__ import annotations

from pathlib import Path

import click

from newsprism.cli._common import progress_bar, user_errors
from newsprism.evaluate.html import DEFAULT_CORPUS, evaluate_html, format_table, read_index


@click.command(
    "html",
    epilog="Example:\n\n\b\n  newsprism eval html --corpus ../shared/corpora/html\n  newsprism eval html --limit 40",
)
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="Folder with index.jsonl (file, url, expected) and the gzipped pages.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score only the first N pages.")
def eval_html_cli(corpus: Path, limit: int | None) -> None:
    """Score article extraction from HTML: body shingle F1, title, date and authors."""
    with user_errors():
        total = len(read_index(corpus, limit=limit))
        with progress_bar(total=total, desc="html", unit="page") as bar:
            result = evaluate_html(corpus, limit=limit, progress=bar.update)
    click.echo(format_table(result))
