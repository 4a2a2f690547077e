"""``tidings export`` and ``tidings plot``: thin commands over
``tidings.export`` and ``tidings.plots``, registered on ``tidings.cli.main``.

The export and plot modules (pyarrow, matplotlib) are imported when a
command runs, so other commands do not pay for them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from tidings.cli import _db_option, _errors, _settings, main
from tidings.errors import ConfigError
from tidings.store import open_store

# Kept equal to tidings.export.TABLES / SCHEMAS / FORMATS (a test checks).
TABLES = ("events", "actors", "documents", "stories")
SCHEMAS = ("native", "gdelt", "acled", "polecat")
FORMATS = ("csv", "jsonl", "parquet")
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}


def _filter_options(fn: Any, *, full: bool) -> Any:
    opts = [
        click.option("--since", default=None, help="Events dated on or after YYYY-MM-DD."),
        click.option("--until", default=None, help="Events dated on or before YYYY-MM-DD."),
        click.option("--type", "type_", default=None, help="PLOVER type, or ACLED event or sub-event type."),
        click.option("--country", default=None, help="ISO3 code of an actor, recipient or the place."),
        click.option("--actor", default=None, help="Actor or recipient id, or part of a name."),
        click.option("--status", default=None, help="occurred, ongoing, planned, threatened, ..."),
        click.option("--happened", is_flag=True, default=None, help="Only events the text says took place."),
    ]
    if full:
        opts += [
            click.option("--doc", default=None, help="Document id or id prefix."),
            click.option("--limit", type=int, default=None, help="At most N events."),
        ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def _format(fmt: str | None, output: str | None) -> str:
    if fmt is not None:
        return fmt
    if output is not None and Path(output).suffix.lower() in _SUFFIXES:
        return _SUFFIXES[Path(output).suffix.lower()]
    raise ConfigError("give --format csv|jsonl|parquet (or an -o file ending in .csv, .jsonl or .parquet)")


@main.command("export")
@click.argument("table", type=click.Choice(TABLES))
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default=None, help="Default: from -o.")
@click.option(
    "--schema",
    type=click.Choice(SCHEMAS),
    default="native",
    show_default=True,
    help="Columns: tidings' own, or (events) GDELT 2.0, ACLED, POLECAT.",
)
@click.option("--output", "-o", default=None, help="Output file (default stdout; parquet needs a file).")
@_db_option
@click.option("--merged", is_flag=True, help="Events: one row per merged event (stories).")
@click.option("--batch-size", type=int, default=None, help="Rows per batch and Parquet row group.")
@lambda fn: _filter_options(fn, full=True)
@_errors
def export_cmd(
    *,
    table: str,
    fmt: str | None,
    schema: str,
    output: str | None,
    db: str | None,
    merged: bool,
    batch_size: int | None,
    type_: str | None,
    **filters: Any,
) -> None:
    """Export events, actors, documents or stories as CSV, JSONL or Parquet (streamed).

    See docs/exports.md for the columns of each schema.
    """
    from tidings.export import check, export

    filters["type"] = type_
    fmt = _format(fmt, output)
    if output is None and fmt == "parquet":
        raise ConfigError("parquet is binary: write it to a file with -o FILE.parquet")
    if batch_size is not None and batch_size < 1:
        raise ConfigError(f"--batch-size must be at least 1 (got {batch_size})")
    given = check(table, format=fmt, schema=schema, merged=merged, filters=filters)
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        if given.get("doc"):
            given["doc"] = store.resolve_id(given["doc"])
        target: Any = output if output is not None else sys.stdout
        try:
            n = export(
                store,
                table,
                target,
                format=fmt,
                schema=schema,
                merged=merged,
                filters=given,
                batch_size=batch_size,
            )
        except BrokenPipeError:  # the reader stopped early (`| head`): not an error
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (no flush error at exit)
            return
    if output is not None:
        click.echo(f"{n} rows -> {output}", err=True)


@main.command("plot")
@click.argument("kind", type=click.Choice(["timeline", "types", "actors"]))
@click.option("--output", "-o", required=True, help="Image file: .png or .svg.")
@_db_option
@click.option("--by", type=click.Choice(["day", "week"]), default="day", show_default=True, help="timeline")
@click.option(
    "--scheme",
    type=click.Choice(["plover", "acled", "acled-subtype"]),
    default="plover",
    show_default=True,
    help="types: PLOVER type, ACLED event type or sub-event type.",
)
@click.option("--top", type=int, default=None, help="types, actors: how many bars (default 25, 15).")
@lambda fn: _filter_options(fn, full=False)
@_errors
def plot_cmd(
    *,
    kind: str,
    output: str,
    db: str | None,
    by: str,
    scheme: str,
    top: int | None,
    type_: str | None,
    **filters: Any,
) -> None:
    """Plot events over time (timeline), by type (types) or the top actors (actors)."""
    from tidings import plots

    filters["type"] = type_
    filters = {k: v for k, v in filters.items() if v is not None}
    plots._check(output, filters)  # bad arguments fail before the database is opened
    if top is not None and top < 1:
        raise ConfigError(f"--top must be at least 1 (got {top})")
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        if kind == "timeline":
            n = sum(c for _, c in plots.plot_timeline(store, output, by=by, **filters))
        elif kind == "types":
            n = sum(c for _, c in plots.plot_types(store, output, scheme=scheme, top=top or 25, **filters))
        else:
            n = len(plots.plot_actors(store, output, top=top or 15, **filters))
    click.echo(f"{kind}: {n} {'actors' if kind == 'actors' else 'events'} -> {output}", err=True)
