"""``tidings stories``: stories, their documents and merged events.

Registered on ``tidings.cli.main`` when ``tidings.cli`` imports this module.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import click

from tidings import linking, render
from tidings.cli import _data_file, _db_option, _echo_rows, _errors, _eval, _settings, eval_group, main
from tidings.errors import ConfigError
from tidings.evaluation.stories import ORDERS, default_path, evaluate_stories
from tidings.settings import STORY_EMBEDDINGS
from tidings.stages import storyindex
from tidings.store import open_store
from tidings.store import stories as story_db


@main.group(invoke_without_command=True)
@_db_option
@click.option("--limit", type=int, default=50, show_default=True)
@click.option(
    "--min-docs", type=int, default=1, show_default=True, help="Only stories with N documents or more."
)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_context
@_errors
def stories(ctx: click.Context, db: str | None, limit: int, min_docs: int, fmt: str) -> None:
    """List stories (reports of one happening across documents), latest first."""
    if ctx.invoked_subcommand is not None:
        return
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        rows = story_db.list_stories(store.conn, limit=limit, min_documents=min_docs)
    _echo_rows(
        rows,
        fmt,
        f"{'story':12}  {'last seen':10}  {'docs':>4}  {'srcs':>4}  title",
        lambda r: (
            f"{r['id'][:12]}  {(r['last_seen'] or '-'):10}  {r['documents']:>4}  {r['sources']:>4}  "
            f"{(r['title'] or '')[:80]}"
        ),
    )


@stories.command("show")
@click.argument("story_id")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="The story as JSON.")
@_errors
def show(story_id: str, db: str | None, as_json: bool) -> None:
    """Show a story: its documents with copy chains, main actors and places,
    and merged events with their source counts."""
    settings = _settings(None, db=db)
    with open_store(settings.db, readonly=True) as store:
        found = story_db.story(store.conn, story_id)
    if found is None:
        raise ConfigError(f"{story_id}: no such story (or the prefix is ambiguous)")
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    span = f"{found['first_seen'] or '?'} .. {found['last_seen'] or '?'}"
    click.echo(f"story      {found['id']}\ntitle      {found['title']}\nseen       {span}")
    click.echo(f"documents  {found['documents']} from {found['sources']} independent sources")
    if found["sentence"]:
        click.echo(f"sentence   {found['sentence']}  [{found['sentence_doc'][:12]} "
                   f"{found['sentence_start']}-{found['sentence_end']}]")  # fmt: skip
    click.echo("actors     " + ", ".join(f"{a['name']} ({a['documents']})" for a in found["actors"]))
    click.echo("places     " + ", ".join(f"{p['name']} ({p['documents']})" for p in found["places"]))
    click.echo("")
    for m in found["members"]:
        copy = f"  copy of {m['copy_of'][:12]} ({m['copy_similarity']:.2f})" if m["copy_of"] else ""
        p = m["join_probability"]
        joined = f"{m['similarity']:.2f}" + (f" p={p:.2f}" if p is not None else "")
        click.echo(
            f"  {m['doc_id'][:12]}  {(m['published'] or '-')[:10]:10}  {(m['site'] or '-')[:24]:24}  "
            f"{joined:12}  {(m['title'] or '')[:60]}{copy}"
        )
    if found["merged_events"]:
        click.echo("")
        click.echo(
            f"  {'merged event':12}  {'type':10}  {'ment':>4}  {'arts':>4}  {'srcs':>4}  corroboration"
        )
        for e in found["merged_events"]:
            click.echo(
                f"  {e['id'][:12]}  {e['type']:10}  {e['mentions']:>4}  {e['articles']:>4}  "
                f"{e['sources']:>4}  {e['corroboration']}"
            )


@stories.command("link")
@_db_option
@click.option(
    "--relink",
    is_flag=True,
    help="Forget every placement, story and merged event, and link all stored documents again "
    "(after an upgrade changed the linker; documents and events are kept).",
)
@_errors
def link_cmd(db: str | None, relink: bool) -> None:
    """Place stored documents that are in no story yet (``tidings run`` does
    this itself; use after ``tidings load``), or all of them with --relink."""
    settings = _settings(None, db=db)
    with open_store(settings.db) as store:
        stats = linking.link(store, embeddings=settings.story_embeddings, relink=relink)
    click.echo(render.link_summary(stats.to_dict()))


@eval_group.command("stories")
@click.option(
    "--data", type=click.Path(dir_okay=False), default=None,
    help="AllSides JSONL (default: clustering/allsides-articles.jsonl under the eval folder).",
)  # fmt: skip
@click.option(
    "--order", "orders", multiple=True, type=click.Choice(ORDERS), help="Stream order(s); default all."
)
@click.option("--split", default=None, help="Only the rows of this split (train, val, test).")
@click.option(
    "--mode", type=click.Choice(["text", "pipeline"]), default="text", show_default=True,
    help="text: cluster titles and leads; pipeline: tidings run + linking (adds resolved actors, places).",
)  # fmt: skip
@click.option("--workers", type=int, default=2, show_default=True, help="Workers of the pipeline mode.")
@click.option(
    "--embeddings", type=click.Choice(STORY_EMBEDDINGS), default="auto", show_default=True,
    help="Text embeddings in the similarity (auto: MiniLM when installed).",
)  # fmt: skip
@click.option(
    "--window-docs", type=click.IntRange(min=1), default=None,
    help="Open-story window of undated streams, in documents (text mode; default: the clusterer's).",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@_errors
def eval_stories(
    *,
    data: str | None, orders: tuple[str, ...], split: str | None, mode: str, workers: int,
    embeddings: str, window_docs: int | None, as_json: bool,
) -> None:  # fmt: skip
    """BCubed precision, recall and F1 of story clustering on AllSides, fed as a stream."""
    path = _data_file(data, default_path, "AllSides clustering")
    settings = replace(storyindex.Settings(), window_docs=window_docs) if window_docs else None

    def run(p: Any, out: Any) -> dict[str, Any]:
        return evaluate_stories(
            p, out, orders=orders or ORDERS, split=split, mode=mode, workers=workers,
            settings=settings, embeddings=embeddings,
        )  # fmt: skip

    _eval(run, path, as_json)
