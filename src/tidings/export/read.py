"""Streamed reads of the story tables and of actors across documents, for export.

Each reader pages through its table by keyset pagination over the primary
key (``WHERE id > last ORDER BY id LIMIT n``) or merges streams that SQLite
orders, so memory stays flat whatever the size of the database. (These read
tables that ``tidings.store`` writes; they sit here, beside their only user,
until the store has a module for stories.)
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from tidings.store.events import BATCH_SIZE, MERGED_COLUMNS, merged_row
from tidings.store.stories import merged_where


def _marks(items: list[Any]) -> str:
    return ", ".join("?" * len(items))


def merged_event_batches(
    conn: sqlite3.Connection,
    *,
    batch_size: int = BATCH_SIZE,
    type: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Yield ``merged_events`` rows in batches, ordered by id: the columns of
    the table (lists decoded) and ``event_mentions``, the ``doc_id:idx`` of
    every event mention merged into it (in that order). Filters as for
    ``tidings events --merged`` (``tidings.store.stories.merged_where``).

    Raises:
        ValueError: at once, for a malformed filter.
    """
    where, args = merged_where(type=type, country=country, since=since, until=until)
    cond = " AND ".join(["id > ?", *where])
    sql = f"SELECT {MERGED_COLUMNS} FROM merged_events WHERE {cond} ORDER BY id LIMIT ?"
    return _keyset(conn, sql, args, batch_size, _merged_batch)


def _merged_batch(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    batch = [merged_row(r) for r in rows]
    refs: dict[str, list[str]] = {m["id"]: [] for m in batch}
    ids = list(refs)
    for merged_id, doc_id, idx in conn.execute(
        f"""SELECT merged_id, doc_id, idx FROM merged_event_mentions
            WHERE merged_id IN ({_marks(ids)}) ORDER BY merged_id, doc_id, idx""",
        ids,
    ):
        refs[merged_id].append(f"{doc_id}:{idx}")
    for m in batch:
        m["event_mentions"] = refs[m["id"]]
    return batch


def story_batches(
    conn: sqlite3.Connection, *, batch_size: int = BATCH_SIZE
) -> Iterator[list[dict[str, Any]]]:
    """Yield stories in batches, ordered by id: the ``stories`` columns
    (``actors``/``places`` decoded), with ``document_ids`` (in
    the order they joined), ``copies`` (those that copy an earlier document)
    and ``merged_events`` (how many merged events the story holds)."""
    sql = """SELECT id, title, sentence, sentence_doc, sentence_start, sentence_end, first_seen, last_seen,
                    documents, sources, actors, places, version
             FROM stories WHERE id > ? ORDER BY id LIMIT ?"""
    return _keyset(conn, sql, [], batch_size, _story_batch)


def _story_batch(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    batch = []
    for r in rows:
        story = dict(r)
        story["actors"] = json.loads(story["actors"] or "[]")
        story["places"] = json.loads(story["places"] or "[]")
        story.update(document_ids=[], copies=[], merged_events=0)
        batch.append(story)
    by_id = {s["id"]: s for s in batch}
    ids = list(by_id)
    marks = _marks(ids)
    for story_id, doc_id, copy_of in conn.execute(
        f"""SELECT story_id, doc_id, copy_of FROM story_documents
            WHERE story_id IN ({marks}) ORDER BY story_id, seq""",
        ids,
    ):
        by_id[story_id]["document_ids"].append(doc_id)
        if copy_of is not None:
            by_id[story_id]["copies"].append(doc_id)
    for story_id, n in conn.execute(
        f"SELECT story_id, count(*) FROM merged_events WHERE story_id IN ({marks}) GROUP BY story_id", ids
    ):
        by_id[story_id]["merged_events"] = n
    return batch


def _keyset(
    conn: sqlite3.Connection,
    sql: str,
    args: list[Any],
    size: int,
    finish: Callable[[sqlite3.Connection, list[sqlite3.Row]], list[dict[str, Any]]],
) -> Iterator[list[dict[str, Any]]]:
    """Page ``sql`` (``... WHERE id > ? ... ORDER BY id LIMIT ?``, the key
    first among the arguments) and yield ``finish(conn, rows)`` per page."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1 (got {size})")

    def pages() -> Iterator[list[dict[str, Any]]]:
        key = ""
        cur = conn.cursor()
        cur.row_factory = sqlite3.Row
        while True:
            rows = cur.execute(sql, [key, *args, size]).fetchall()
            if not rows:
                return
            key = rows[-1]["id"]
            yield finish(conn, rows)
            if len(rows) < size:
                return

    return pages()


def actor_summaries(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Yield one summary per distinct actor id across documents, ordered by id.

    Keys: ``id``; ``name`` (the name most documents give it), ``names`` (every
    name, most common first), ``kind``, ``country``, ``sector`` (most common
    non-null value), ``wikidata``; ``documents`` (how many refer to it),
    ``events_as_actor``, ``events_as_recipient`` (events naming it in that
    role), ``mentions`` (spans of text that refer to it).

    Four ordered streams (the actors rows by the ``actors_id`` index, the two
    event counts and the mention counts, each grouped by SQLite) are merged by
    id, so only one actor is held at a time.
    """
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    rows = cur.execute(
        "SELECT id, doc_id, name, kind, country, sector, wikidata FROM actors ORDER BY id, doc_id"
    )
    counts = {
        "events_as_actor": _counts(
            conn,
            """SELECT j.value, count(DISTINCT e.doc_id || ':' || e.idx)
               FROM events e, json_each(e.actors) j GROUP BY j.value ORDER BY j.value""",
        ),
        "events_as_recipient": _counts(
            conn,
            """SELECT j.value, count(DISTINCT e.doc_id || ':' || e.idx)
               FROM events e, json_each(e.recipients) j GROUP BY j.value ORDER BY j.value""",
        ),
        "mentions": _counts(conn, "SELECT actor, count(*) FROM mentions GROUP BY actor ORDER BY actor"),
    }
    heads: dict[str, tuple[str, int] | None] = {k: next(v, None) for k, v in counts.items()}
    group: list[sqlite3.Row] = []
    for row in _with_end(rows):
        if group and (row is None or row["id"] != group[0]["id"]):
            summary = _summary(group)
            for name, stream in counts.items():
                head = heads[name]
                while head is not None and head[0] < summary["id"]:
                    head = next(stream, None)
                summary[name] = head[1] if head is not None and head[0] == summary["id"] else 0
                heads[name] = head
            yield summary
            group = []
        if row is not None:
            group.append(row)


def _with_end(rows: Any) -> Iterator[Any]:
    yield from rows
    yield None


def _counts(conn: sqlite3.Connection, sql: str) -> Iterator[tuple[str, int]]:
    for key, n in conn.execute(sql):
        if key is not None:
            yield str(key), int(n)


def _summary(group: list[sqlite3.Row]) -> dict[str, Any]:
    def common(key: str) -> Any:
        found = Counter(r[key] for r in group if r[key] is not None)
        return found.most_common(1)[0][0] if found else None

    names = Counter(r["name"] for r in group)
    return {
        "id": group[0]["id"],
        "name": names.most_common(1)[0][0],
        "names": [n for n, _ in names.most_common()],
        "kind": common("kind"),
        "country": common("country"),
        "sector": common("sector"),
        "wikidata": common("wikidata"),
        "documents": len({r["doc_id"] for r in group}),
    }
