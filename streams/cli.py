"""``newsstream``: worker | demo | process | publish | feeds | replay | topics | config."""

from __future__ import annotations

import asyncio
import logging
import logging.config
import time
from datetime import date
from pathlib import Path

import orjson
import typer

from .settings import Settings

cli = typer.Typer(help="Stream processor for news pages: articles, tickers, dead letters.",
                  no_args_is_help=True, add_completion=False)
topics_cli = typer.Typer(help="Create or list the topics.", no_args_is_help=True)
cli.add_typer(topics_cli, name="topics")


def _logging(settings: Settings) -> None:
    from .logs import logging_config

    logging.config.dictConfig(logging_config(settings.log_level, settings.log_format))


@cli.command()
def worker() -> None:
    """Run the production consumer (one member of the consumer group)."""
    import faust

    from .admin import ensure_topics_sync
    from .app import create_app
    from .logs import logging_config

    settings = Settings()
    _logging(settings)
    ensure_topics_sync(settings)
    app = create_app(settings)
    runner = faust.Worker(app, loglevel=settings.log_level, quiet=True,
                          logging_config=logging_config(settings.log_level, settings.log_format))
    runner.spinner = None  # its cursor codes would corrupt the first log line
    runner.execute_from_commandline()


@cli.command()
def process(
    source: Path = typer.Argument(..., exists=True, metavar="PATH",
                                  help="JSONL of pages.raw messages, a WARC (.warc, .warc.gz) or a "
                                       "folder of .html files"),
    out: Path = typer.Option(Path("out"), "--out", "-o", metavar="DIR",
                             help="folder for one JSONL per topic"),
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


@cli.command()
def replay(
    start: str = typer.Option(..., "--from", metavar="WHEN",
                              help="offset, time (2026-11-27T08:00:00Z), -2h, or now"),
    end: str = typer.Option("now", "--to", metavar="WHEN",
                            help="offset, time, relative time, or now (fixed at start)"),
    partitions: str | None = typer.Option(None, metavar="N,N...",
                                          help="comma-separated partitions (default: all)"),
    filter_site: str | None = typer.Option(None, "--filter-site", metavar="DOMAIN",
                                           help="only pages of this domain"),
    rate: float | None = typer.Option(None, metavar="PAGES/S", help="at most this many pages per second"),
    dry_run: bool = typer.Option(False, "--dry-run", help="print what would be read, publish nothing"),
    to_topics: str = typer.Option(
        f"backfill-{date.today().isoformat()}", "--to-topics", metavar="live|SUFFIX",
        help="'live', or a suffix for side-by-side topics (news.articles.<suffix>)"),
    restart: bool = typer.Option(False, help="ignore a checkpoint of the same replay"),
) -> None:
    """Re-process a slice of pages.raw outside the live consumer group; resumable."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from .replay import Bound, ReplayRequest, ReplayState, plan, run

    settings = Settings()
    console = Console(stderr=True)
    try:
        request = ReplayRequest(
            start=Bound.parse(start), end=Bound.parse(end),
            partitions=tuple(int(p) for p in partitions.split(",")) if partitions else None,
            site=filter_site, rate=rate, to_topics=to_topics)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    checkpoint = Path(settings.data_dir) / "replay" / f"{request.key(settings.topics.raw)}.json"
    if checkpoint.exists() and not restart and not dry_run:
        state = ReplayState.load(checkpoint)
        console.print(f"resuming from {checkpoint} ({state.read}/{state.total} read)")
    else:
        state = asyncio.run(plan(settings, request))
    typer.echo(f"{'partition':>9} {'start':>10} {'end':>10} {'count':>8}")
    for partition, (first, last) in sorted(state.ranges.items()):
        typer.echo(f"{partition:>9} {first:>10} {last:>10} {last - first:>8}")
    typer.echo(f"{'total':>9} {'':>10} {'':>10} {state.total:>8}")
    if dry_run:
        return
    if state.done:
        typer.echo("this replay already completed (use --restart to run it again)")
        return
    columns = (BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]:.1f} pages/s"),
               TimeRemainingColumn())
    began, first = time.monotonic(), state.read

    def advance(done: int, _total: int) -> None:
        rate_now = (done - first) / max(time.monotonic() - began, 1e-6)
        bar.update(task, completed=done, rate=rate_now)

    with Progress(*columns, console=console) as bar:
        task = bar.add_task("replay", total=state.total, completed=state.read, rate=0.0)
        state = asyncio.run(run(settings, request, state, checkpoint, progress=advance))
    summary = ", ".join(f"{kind}={count}" for kind, count in sorted(state.counts.items()))
    typer.echo(f"replayed {state.read} records to {to_topics}: {summary}")


@cli.command()
def publish(
    paths: list[Path] = typer.Argument(..., exists=True, metavar="PATH...",
                                       help="JSONL of pages.raw messages, WARC (.warc, .warc.gz) "
                                            "files, folders of .html files"),
    rate: float | None = typer.Option(None, metavar="PAGES/S", help="at most this many pages per second"),
    dry_run: bool = typer.Option(False, "--dry-run", help="check every page, send nothing"),
) -> None:
    """Send pages from files to pages.raw, keyed by host; bad records are reported, not sent."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from .publish import publish as send

    settings = Settings()
    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.completed} records read"), console=console,
                  transient=True) as bar:
        task = bar.add_task("publish", total=None)
        summary = asyncio.run(send(settings, paths, rate=rate, dry_run=dry_run,
                                   progress=lambda read: bar.update(task, completed=read)))
    verb = "would publish" if dry_run else f"published to {settings.topics.raw}"
    typer.echo(f"{verb}: {summary.published}; skipped: {sum(summary.skipped.values())}; "
               f"rejected: {sum(summary.rejected.values())}")
    for reason, count in summary.skipped.most_common():
        typer.echo(f"  skipped {count:>6}  {reason}")
    for reason, count in summary.rejected.most_common():
        typer.echo(f"  rejected {count:>5}  {reason}  (first: {summary.examples[reason]})")


@cli.command()
def feeds(
    urls: list[str] = typer.Argument(None, metavar="URL...", help="RSS/Atom feeds or news sitemaps"),
    file: Path | None = typer.Option(None, "--file", "-f", exists=True, metavar="FEEDS.yaml",
                                     help="a feeds file: 'feeds:' and a list of URLs"),
    once: bool = typer.Option(False, "--once", help="poll every feed one time and exit (cron, tests)"),
) -> None:
    """Poll feeds and news sitemaps; publish each new article page to pages.raw."""
    from .admin import ensure_topics_sync
    from .feeds import Round, feeds_from_file, run

    listed = [*(urls or []), *(feeds_from_file(file) if file else [])]
    if not listed:
        raise typer.BadParameter("give feed URLs or --file")
    settings = Settings()
    _logging(settings)
    ensure_topics_sync(settings)  # pages.raw and the seen-links topic, as the worker does

    def report(done: Round) -> None:
        typer.echo(done.summary())
        for url, reason in [*done.feed_errors.items(), *done.link_errors.items()]:
            typer.echo(f"  skipped {url}: {reason}")

    asyncio.run(run(settings, listed, once=once, report=report))


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
    """Print the effective configuration (secrets masked) and the codecs this installation reads."""
    from .kafka import codecs

    shown = {**Settings().masked(), "codecs": codecs()}
    typer.echo(orjson.dumps(shown, option=orjson.OPT_INDENT_2).decode())


def main() -> None:
    cli()
