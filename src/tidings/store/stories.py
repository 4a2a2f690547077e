"""Stories in the database: what the linker reads and writes, and the story
listings of ``tidings stories``.

Tables (migrations 4 and 7): ``stories``, ``story_documents`` (a document's
story, its order of arrival, similarity, the join model's probability and
copy chain), ``doc_signatures`` (the
MinHash signature and term vector the linker keeps for each placed
document), ``merged_events`` and ``merged_event_mentions``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tidings.records import StoryLink
from tidings.store.events import check_filters, merged_row


@dataclass(frozen=True, slots=True)
class Placed:
    """A document already placed in a story, as stored."""

    doc_id: str
    story_id: str
    seq: int
    site: str | None
    copy_of: str | None
    minhash: bytes
    vector: bytes


def story_link(conn: sqlite3.Connection, doc_id: str) -> StoryLink | None:
    """The document's place among stories (``Article.story``), if it has one."""
    row = conn.execute(
        """SELECT story_id, similarity, copy_of, copy_similarity, join_probability
           FROM story_documents WHERE doc_id = ?""",
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    merged = conn.execute(
        "SELECT idx, merged_id FROM merged_event_mentions WHERE doc_id = ? ORDER BY idx", (doc_id,)
    ).fetchall()
    return StoryLink(row[0], row[1], row[2], row[3], tuple((r[0], r[1]) for r in merged), row[4])


def older_placements(conn: sqlite3.Connection, version: str) -> int:
    """How many placed documents a linker of another version placed."""
    row = conn.execute("SELECT count(*) FROM doc_signatures WHERE version != ?", (version,)).fetchone()
    return int(row[0])


def unlink_all(cur: sqlite3.Cursor) -> int:
    """Forget every placement, story and merged event (documents, their
    mentions and events stay); returns how many documents were placed."""
    placed_before = int(cur.execute("SELECT count(*) FROM story_documents").fetchone()[0])
    for table in ("merged_event_mentions", "merged_events", "story_documents", "doc_signatures", "stories"):
        cur.execute(f"DELETE FROM {table}")
    return placed_before


def placed(conn: sqlite3.Connection) -> Iterator[Placed]:
    """Every placed document in order of arrival."""
    rows = conn.execute(
        """SELECT sd.doc_id, sd.story_id, sd.seq, d.site, sd.copy_of, s.minhash, s.vector
           FROM story_documents sd JOIN doc_signatures s ON s.doc_id = sd.doc_id
           JOIN documents d ON d.id = sd.doc_id ORDER BY sd.seq"""
    )
    for r in rows:
        yield Placed(*r)


def unplaced(conn: sqlite3.Connection) -> Iterator[sqlite3.Row]:
    """Ids of documents not yet in a story, oldest publication first; within
    a day (and for undated ones, after the dated) in input order: the input
    path, then the position in it (line or offset) where it was first seen.
    The order does not depend on which worker finished first."""
    yield from conn.execute(
        """SELECT d.id FROM documents d
           LEFT JOIN (
             SELECT doc_id, min(input || char(0) || printf('%015d',
                    CAST(substr(locator, instr(locator, ':') + 1) AS INTEGER))) AS pos
             FROM document_sources GROUP BY doc_id
           ) s ON s.doc_id = d.id
           WHERE NOT EXISTS (SELECT 1 FROM story_documents sd WHERE sd.doc_id = d.id)
           ORDER BY d.published IS NULL, substr(d.published, 1, 10), s.pos, d.id"""
    )


def document(conn: sqlite3.Connection, doc_id: str) -> sqlite3.Row:
    """What the linker reads of a document."""
    row = conn.execute(
        "SELECT id, title, published, site, text FROM documents WHERE id = ?", (doc_id,)
    ).fetchone()
    assert row is not None, doc_id
    return row


def count_merged(conn: sqlite3.Connection, story_ids: Iterable[str]) -> int:
    """How many merged events the stories hold."""
    ids = list(story_ids)
    total = 0
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        total += conn.execute(
            f"SELECT count(*) FROM merged_events WHERE story_id IN ({','.join('?' * len(part))})", part
        ).fetchone()[0]
    return total


def entities(conn: sqlite3.Connection, doc_id: str) -> tuple[list[str], list[str]]:
    """The document's resolved actor ids and place names."""
    actors = [r[0] for r in conn.execute("SELECT DISTINCT id FROM actors WHERE doc_id = ?", (doc_id,))]
    places = [r[0] for r in conn.execute("SELECT DISTINCT name FROM places WHERE doc_id = ?", (doc_id,))]
    return actors, places


def put_placement(
    cur: sqlite3.Cursor,
    *,
    doc_id: str,
    story_id: str,
    seq: int,
    similarity: float,
    copy: tuple[str, float] | None,
    minhash: bytes,
    vector: bytes,
    version: str,
    join_probability: float | None = None,
) -> None:
    cur.execute(
        """INSERT OR REPLACE INTO story_documents
           (doc_id, story_id, seq, similarity, copy_of, copy_similarity, join_probability)
           VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (doc_id, story_id, seq, similarity, copy[0] if copy else None, copy[1] if copy else None,
         join_probability),
    )  # fmt: skip
    cur.execute(
        "INSERT OR REPLACE INTO doc_signatures VALUES (?, ?, ?, ?)", (doc_id, minhash, vector, version)
    )


def members(conn: sqlite3.Connection, story_id: str) -> list[sqlite3.Row]:
    """The story's documents in order of arrival, with what a story shows."""
    return conn.execute(
        """SELECT sd.doc_id, sd.seq, sd.similarity, sd.join_probability, sd.copy_of, sd.copy_similarity,
                  d.title, d.published, d.site, d.url, d.created_at
           FROM story_documents sd JOIN documents d ON d.id = sd.doc_id
           WHERE sd.story_id = ? ORDER BY sd.seq, sd.doc_id""",
        (story_id,),
    ).fetchall()


def lead_sentence(conn: sqlite3.Connection, doc_id: str) -> tuple[str, int, int] | None:
    """The first body sentence of a document: text, start, end."""
    row = conn.execute(
        """SELECT substr(d.text, s.start + 1, s.end - s.start), s.start, s.end
           FROM sentences s JOIN documents d ON d.id = s.doc_id
           WHERE s.doc_id = ? AND s.segment = 'body' ORDER BY s.idx LIMIT 1""",
        (doc_id,),
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def top_entities(conn: sqlite3.Connection, doc_ids: Sequence[str], limit: int = 5) -> tuple[list, list]:
    """The actors and places named by most of ``doc_ids``: ``[{id, name,
    documents}]`` and ``[{name, country, documents}]``."""
    marks = ",".join("?" * len(doc_ids))
    actors = [
        {"id": r[0], "name": r[1], "documents": r[2]}
        for r in conn.execute(
            f"""SELECT id, min(name), count(DISTINCT doc_id) AS n FROM actors
                WHERE doc_id IN ({marks}) GROUP BY id ORDER BY n DESC, id LIMIT ?""",
            (*doc_ids, limit),
        )
    ]
    places = [
        {"name": r[0], "country": r[1], "documents": r[2]}
        for r in conn.execute(
            f"""SELECT name, min(country), count(DISTINCT doc_id) AS n FROM places
                WHERE doc_id IN ({marks}) GROUP BY name ORDER BY n DESC, name LIMIT ?""",
            (*doc_ids, limit),
        )
    ]
    return actors, places


def put_story(cur: sqlite3.Cursor, row: dict[str, Any]) -> None:
    cols = list(row)
    cur.execute(
        f"INSERT OR REPLACE INTO stories ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in row.values()],
    )


def event_rows(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> list[sqlite3.Row]:
    """The event mentions of ``doc_ids`` with their place, date and document date."""
    marks = ",".join("?" * len(doc_ids))
    return conn.execute(
        f"""SELECT e.doc_id, e.idx, e.type, e.mode, e.actors, e.recipients, e.trigger,
                   e.dead, e.injured, e.detained, e.size, e.status, e.commentary, e.reason,
                   p.name AS place, p.country AS country, p.precision AS place_precision,
                   dt.value AS date, d.published
            FROM events e JOIN documents d ON d.id = e.doc_id
            LEFT JOIN places p ON p.doc_id = e.doc_id AND p.idx = e.place
            LEFT JOIN dates dt ON dt.doc_id = e.doc_id AND dt.idx = e.date
            WHERE e.doc_id IN ({marks}) ORDER BY e.doc_id, e.idx""",
        tuple(doc_ids),
    ).fetchall()


def actor_countries(conn: sqlite3.Connection, doc_ids: Sequence[str]) -> dict[str, str]:
    """Actor id -> ISO3 country, for the actors of ``doc_ids``."""
    marks = ",".join("?" * len(doc_ids))
    return {
        r[0]: r[1]
        for r in conn.execute(
            f"SELECT DISTINCT id, country FROM actors WHERE doc_id IN ({marks}) AND country IS NOT NULL",
            tuple(doc_ids),
        )
    }


def replace_merged(cur: sqlite3.Cursor, story_id: str, merged: Sequence[Any]) -> None:
    """Replace the story's merged events and their mention links
    (``merged``: :class:`tidings.stages.eventfusion.MergedEvent` records)."""
    old = [r[0] for r in cur.execute("SELECT id FROM merged_events WHERE story_id = ?", (story_id,))]
    for mid in old:
        cur.execute("DELETE FROM merged_event_mentions WHERE merged_id = ?", (mid,))
    cur.execute("DELETE FROM merged_events WHERE story_id = ?", (story_id,))
    for m in merged:
        d = m.to_dict()
        cur.execute(
            """INSERT OR REPLACE INTO merged_events VALUES
               (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                m.id, story_id, m.type, m.mode, json.dumps(list(m.actors)), json.dumps(list(m.recipients)),
                m.place, m.country, m.date, m.dead, m.injured, m.detained, m.size,
                len(m.mentions), m.articles, m.sources, m.first_doc, m.first_seen, m.corroboration,
                json.dumps(d["conflicts"], ensure_ascii=False),
            ),
        )  # fmt: skip
        cur.executemany(
            "INSERT OR REPLACE INTO merged_event_mentions VALUES (?, ?, ?)",
            [(doc, idx, m.id) for doc, idx in m.mentions],
        )


def list_stories(
    conn: sqlite3.Connection, *, limit: int | None = 50, offset: int = 0, min_documents: int = 1
) -> list[dict[str, Any]]:
    """Stories, most recently seen first."""
    rows = conn.execute(
        """SELECT id, title, sentence, first_seen, last_seen, documents, sources, actors, places
           FROM stories WHERE documents >= ?
           ORDER BY last_seen IS NULL, last_seen DESC, documents DESC, id LIMIT ? OFFSET ?""",
        (min_documents, -1 if limit is None else limit, offset),
    )
    return [_story(dict(r)) for r in rows]


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """One story with its documents and merged events; ``story_id`` may be a prefix."""
    row = conn.execute(
        "SELECT * FROM stories WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", (story_id, story_id + "\uffff")
    ).fetchall()
    if len(row) != 1:
        return None
    out = _story(dict(row[0]))
    out["members"] = [dict(r) for r in members(conn, out["id"])]
    out["merged_events"] = [
        merged_row(r)
        for r in conn.execute(
            "SELECT * FROM merged_events WHERE story_id = ? ORDER BY sources DESC, mentions DESC, id",
            (out["id"],),
        )
    ]
    return out


def merged_where(
    *,
    type: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    corroboration: str | None = None,
) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``merged_events`` (and their arguments) for the
    filters of ``tidings events --merged`` and ``tidings export events
    --merged``, with the meaning they have for single events:

    - ``type``: PLOVER type, any case;
    - ``country``: alpha-3 code of the place's country or of an actor or
      recipient (actor ids start with their country code);
    - ``since``/``until``: ``YYYY-MM-DD`` bounds on the event's date, else the
      day it was first reported (as single events fall back to publication).

    Raises:
        ValueError: at once, for a malformed filter (``check_filters``).
    """
    f = check_filters(type=type, country=country, since=since, until=until)
    where: list[str] = []
    args: list[Any] = []
    if f.type is not None:
        where.append("type = ? COLLATE NOCASE")
        args.append(f.type)
    if f.country is not None:
        where.append("(country = ? OR actors LIKE ? OR recipients LIKE ?)")
        args += [f.country, f'%"{f.country}%', f'%"{f.country}%']
    if f.since is not None:
        where.append("substr(coalesce(date, first_seen), 1, 10) >= ?")
        args.append(f.since)
    if f.until is not None:
        where.append("substr(coalesce(date, first_seen), 1, 10) <= ?")
        args.append(f.until)
    if corroboration:
        where.append("corroboration = ?")
        args.append(corroboration)
    return where, args


def merged_events(
    conn: sqlite3.Connection,
    *,
    type: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    corroboration: str | None = None,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Merged events with their source counts, most independent sources
    first; filters as in :func:`merged_where`.

    Raises:
        ValueError: at once, for a malformed filter.
    """
    where, args = merged_where(
        type=type, country=country, since=since, until=until, corroboration=corroboration
    )
    sql = "SELECT * FROM merged_events" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY sources DESC, mentions DESC, first_seen, id LIMIT ?"
    return _merged_rows(conn, sql, (*args, -1 if limit is None else limit))


def _merged_rows(conn: sqlite3.Connection, sql: str, args: Sequence[Any]) -> Iterator[dict[str, Any]]:
    for r in conn.execute(sql, args):
        yield merged_row(r)


def _story(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("actors", "places"):
        if key in row:
            row[key] = json.loads(row[key])
    return row
