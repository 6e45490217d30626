"""The ``newsprism`` command line: thin wrappers that parse options and call the library."""

from __future__ import annotations

import logging
import sys

import click

from newsprism import __version__
from newsprism.cli.analyze import analyze_cli
from newsprism.cli.reannotate import reannotate_cli
from newsprism.cli.bench import bench_cli
from newsprism.cli.compare import clusters_cli, compare_cli, labels_cli, link_cli, outlets_cli, stories_cli
from newsprism.cli.db import export_cli, info_cli
from newsprism.cli.evaluate import eval_group
from newsprism.cli.tables import actors_cli, events_cli, quotes_cli


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Example:\n\n\b\n  newsprism analyze examples/korea-nato --db newsprism.duckdb\n  newsprism export --format json --out export.json",
)
@click.version_option(__version__, prog_name="newsprism")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """newsprism: read international-affairs news from many outlets and store who did and said what."""
    ctx.obj = {"debug": debug}
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


cli.add_command(analyze_cli)
cli.add_command(reannotate_cli)
cli.add_command(export_cli)
cli.add_command(info_cli)
cli.add_command(bench_cli)
cli.add_command(actors_cli)
cli.add_command(quotes_cli)
cli.add_command(events_cli)
cli.add_command(eval_group)
for _command in (link_cli, stories_cli, clusters_cli, compare_cli, outlets_cli, labels_cli):
    cli.add_command(_command)


def main() -> None:
    """Console entry point."""
    sys.exit(cli.main(prog_name="newsprism", standalone_mode=True))
