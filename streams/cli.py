"""``newsstream``: worker | demo | process | topics | config."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import orjson
import typer

from .settings import Settings

cli = typer.Typer(help="Stream processor for news pages: articles, tickers, dead letters.",
                  no_args_is_help=True, add_completion=False)
topics_cli = typer.Typer(help="Create or list the topics.", no_args_is_help=True)
cli.add_typer(topics_cli, name="topics")


def _logging(settings: Settings) -> None:
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@cli.command()
def worker() -> None:
    """Run the production consumer (one member of the consumer group)."""
    import faust

    from . import metrics
    from .admin import ensure_topics_sync
    from .app import create_app

    settings = Settings()
    _logging(settings)
    ensure_topics_sync(settings)
    metrics.serve(settings.metrics_port)
    app = create_app(settings)
    faust.Worker(app, loglevel=settings.log_level, quiet=True).execute_from_commandline()


@cli.command()
def process(
    source: Path = typer.Argument(..., exists=True, dir_okay=False,
                                  help="JSONL file, one pages.raw message per line"),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="folder for one JSONL per topic"),
) -> None:
    """Run the pipeline offline: the same events the worker would publish, as files."""
    from .offline import process_file

    counts = process_file(source, out, Settings())
    typer.echo(" ".join(f"{k}={v}" for k, v in counts.items()))


@cli.command()
def demo() -> None:
    """Start an embedded broker and a worker, publish sample pages, summarise the outputs."""
    from .demo import run_demo

    raise typer.Exit(run_demo())


@topics_cli.command("create")
def topics_create() -> None:
    """Create every missing topic with the configured partition count."""
    from .admin import ensure_topics_sync

    created = ensure_topics_sync(Settings())
    typer.echo(f"created: {', '.join(created) or 'none (all exist)'}")


@topics_cli.command("list")
def topics_list() -> None:
    """List topics and their partition counts."""
    from .admin import list_topics

    for name, partitions in sorted(asyncio.run(list_topics(Settings())).items()):
        typer.echo(f"{name}\t{partitions}")


@cli.command()
def config() -> None:
    """Print the effective configuration (secrets masked)."""
    typer.echo(orjson.dumps(Settings().masked(), option=orjson.OPT_INDENT_2).decode())


def main() -> None:
    cli()
