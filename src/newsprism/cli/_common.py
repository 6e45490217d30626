"""Options and error handling shared by the commands."""

from __future__ import annotations

import re

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from newsprism.errors import NewsprismError
from newsprism.settings import Settings, load_settings

DEFAULT_DB = "newsprism.duckdb"


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=DEFAULT_DB,
        show_default=True,
        help="DuckDB store file.",
    )(func)


def annotate_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--workers, --batch-size and --progress of the commands that annotate (analyze, reannotate)."""
    func = click.option(
        "--progress/--no-progress", default=True, show_default=True, help="Show a progress bar on stderr."
    )(func)
    func = click.option(
        "--batch-size", type=click.IntRange(min=1), help="Documents per nlp.pipe batch (annotate.batch_size)."
    )(func)
    return click.option("--workers", type=click.IntRange(min=1), help="spaCy worker processes (annotate.workers).")(func)


def settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option(
        "--set",
        "overrides",
        multiple=True,
        metavar="SECTION.KEY=VALUE",
        help="Override one setting (repeatable), e.g. --set annotate.batch_size=32.",
    )(func)
    return click.option(
        "--config",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="TOML file overlaying the defaults (see docs/settings.md).",
    )(func)


def build_settings(config: Path | None, overrides: tuple[str, ...], **direct: Any) -> Settings:
    """Settings from defaults, --config and --set, then explicit options like --workers."""
    extra = [f"{key}={value}" for key, value in direct.items() if value is not None]
    with user_errors():
        return load_settings(config, [*overrides, *extra])


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a NewsprismError into one clean line (traceback only with --debug)."""
    try:
        yield
    except NewsprismError as e:
        ctx = click.get_current_context(silent=True)
        if ctx is not None and (ctx.find_root().obj or {}).get("debug"):
            raise
        raise click.ClickException(str(e)) from e


def gold_options(default: Path, what: str, *, unit: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--gold FILE`` (with its default and format) and ``--limit N``, shared by the ``eval`` commands."""

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        func = click.option(
            "--limit", type=click.IntRange(min=1), default=None, help=f"Score only the first N {unit}."
        )(func)
        return click.option(
            "--gold", type=click.Path(dir_okay=False, path_type=Path), default=default, show_default=True, help=what
        )(func)

    return decorate


def progress_bar(*, total: int | None, desc: str, unit: str) -> Any:
    """A tqdm bar on stderr with counts and rate (stdout stays for results)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=click.get_text_stream("stderr"))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
MAX_SHOWN = 400  # characters of one article sentence shown in the terminal


def safe(text: Any, limit: int = MAX_SHOWN) -> str:
    """Article text for the terminal: control and bidi characters replaced, whitespace folded, bounded."""
    value = " ".join(_CONTROL.sub("?", "" if text is None else str(text)).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"
