"""Stored events as flat rows: each event with its document, date, place,
actor names and evidence, for the ``tidings events`` command and export.

Filters that are plain column tests (status, type, document, dates) run in
SQL; those that need the document's actors (``actor``, ``country``) run in
Python, where names can be compared case-insensitively beyond ASCII.

Example:
    >>> from tidings.store import open_store
    >>> store = open_store(":memory:")
    >>> list(query_events(store.conn, status="occurred", since="2024-01-01"))
    []
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from tidings.records import EVENT_STATUSES, Event

#: Statuses of events the text says took place (``Event.happened``).
HAPPENED_STATUSES = ("occurred", "ongoing")

# (name, kind) of the Event columns: tuples are JSON arrays, booleans 0/1.
_COLUMNS = [
    (f.name, "json" if str(f.type).startswith("tuple") else "bool" if str(f.type) == "bool" else "plain")
    for f in fields(Event)
]

# The event's own date when it has a resolved one, else the document's
# publication date (its first ten characters: published may be a datetime).
_SELECT = f"""
SELECT * FROM (
  SELECT e.doc_id, e.idx, {", ".join(f"e.{name}" for name, _ in _COLUMNS)},
         d.published, d.url, d.site, d.title,
         CASE WHEN dt.value IS NOT NULL THEN dt.value ELSE substr(d.published, 1, 10) END AS date_value,
         CASE WHEN dt.value IS NOT NULL THEN coalesce(dt.until, dt.value)
              ELSE substr(d.published, 1, 10) END AS date_until,
         CASE WHEN dt.value IS NOT NULL THEN dt.precision
              WHEN d.published IS NOT NULL THEN 'published' END AS date_precision,
         p.name AS place_name, p.country AS place_country, p.lat, p.lon,
         s.start AS evidence_start, s.end AS evidence_end,
         substr(d.text, s.start + 1, s.end - s.start) AS evidence,
         substr(d.text, e.start + 1, e.end - e.start) AS trigger_text
  FROM events e
  JOIN documents d ON d.id = e.doc_id
  LEFT JOIN dates dt ON dt.doc_id = e.doc_id AND dt.idx = e.date
  LEFT JOIN places p ON p.doc_id = e.doc_id AND p.idx = e.place
  LEFT JOIN sentences s ON s.doc_id = e.doc_id AND s.idx = e.sentence
)
"""
_ORDER = " ORDER BY date_value IS NULL, date_value, doc_id, idx"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_COUNTRY = re.compile(r"[A-Za-z]{3}")


@dataclass(frozen=True, slots=True)
class EventFilters:
    """Validated filters of ``query_events`` (see there); made by ``check_filters``."""

    actor: str | None
    country: str | None
    type: str | None
    status: str | None
    since: str | None
    until: str | None
    happened: bool | None
    doc: str | None
    limit: int | None


def check_filters(
    *,
    actor: str | None = None,
    country: str | None = None,
    type: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    happened: bool | None = None,
    doc: str | None = None,
    limit: int | None = None,
) -> EventFilters:
    """Validate and normalise the filters of ``query_events``.

    Raises:
        ValueError: a filter is malformed or contradicts another; the message
            says which and what is accepted.
    """
    if status is not None:
        status = status.strip().lower()
        if status not in EVENT_STATUSES:
            raise ValueError(f"unknown event status {status!r}: use one of {', '.join(EVENT_STATUSES)}")
        if happened is not None and (status in HAPPENED_STATUSES) != happened:
            raise ValueError(
                f"status {status!r} contradicts happened={happened}: "
                f"events that happened have status {' or '.join(HAPPENED_STATUSES)}"
            )
    for name, value in (("since", since), ("until", until)):
        if value is not None and not _is_date(value):
            raise ValueError(f"{name}: {value!r} is not a date: use YYYY-MM-DD")
    if since is not None and until is not None and since > until:
        raise ValueError(f"since {since} is after until {until}: nothing could match")
    if country is not None:
        if not _COUNTRY.fullmatch(country.strip()):
            raise ValueError(f"country {country!r}: use a three-letter code (ISO 3166 alpha-3, e.g. SYR)")
        country = country.strip().upper()
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be at least 1 (got {limit})")
    for name, value in (("actor", actor), ("type", type), ("doc", doc)):
        if value is not None and not value.strip():
            raise ValueError(f"{name} must not be empty")
    return EventFilters(
        actor=actor.strip() if actor else None,
        country=country,
        type=type.strip() if type else None,
        status=status,
        since=since,
        until=until,
        happened=happened,
        doc=doc.strip() if doc else None,
        limit=limit,
    )


def query_events(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    country: str | None = None,
    type: str | None = None,
    status: str | None = None,
    since: str | None = None,
    until: str | None = None,
    happened: bool | None = None,
    doc: str | None = None,
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield stored events, one flat dict each, ordered by date, document, index.

    Each dict holds ``doc_id``, ``idx`` and the ``Event`` fields (lists as
    lists, booleans as bools); the document's ``published``, ``url``,
    ``site``, ``title``; ``date_value``/``date_until``/``date_precision``
    (the event's resolved date, else the publication date with precision
    ``published``); ``place_name``, ``place_country``, ``lat``, ``lon``;
    ``actor_names``/``recipient_names`` and ``actor_countries``/
    ``recipient_countries`` aligned with ``actors``/``recipients`` (None
    where the document has no such actor); ``evidence`` (the sentence's text)
    with ``evidence_start``/``evidence_end``, and ``trigger_text``.

    Args:
        actor: an actor or recipient id (exact), or part of its name (any case).
        country: ISO 3166 alpha-3 (or PLOVER) code of an actor, recipient or the place.
        type: PLOVER type (any case), or ACLED event type or sub-event type (whole name, any case).
        status: one of ``EVENT_STATUSES``.
        since, until: ``YYYY-MM-DD``; an event matches when its date period
            (``date_value``..``date_until``) overlaps the range, bounds included.
        happened: True keeps statuses ``occurred``/``ongoing``; False the others.
        doc: a document id or id prefix.
        limit: the most rows to yield.

    Raises:
        ValueError: at once (not on iteration) when a filter is malformed.

    Example:
        >>> next(query_events(conn, type="assault", country="SYR"))["place_name"]  # doctest: +SKIP
        'Aleppo'
    """
    f = check_filters(
        actor=actor,
        country=country,
        type=type,
        status=status,
        since=since,
        until=until,
        happened=happened,
        doc=doc,
        limit=limit,
    )
    return _rows(conn, f)


def _where(f: EventFilters) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their arguments) for the filters that are column tests."""
    where: list[str] = []
    args: list[Any] = []
    if f.status is not None:
        where.append("status = ?")
        args.append(f.status)
    if f.happened is not None:
        marks = ", ".join("?" * len(HAPPENED_STATUSES))
        where.append(f"status {'IN' if f.happened else 'NOT IN'} ({marks})")
        args.extend(HAPPENED_STATUSES)
    if f.type is not None:
        where.append(
            "(type = ? COLLATE NOCASE OR acled_subtype = ? COLLATE NOCASE OR acled_type = ? COLLATE NOCASE)"
        )
        args.extend([f.type] * 3)
    if f.doc is not None:
        where.append("doc_id >= ? AND doc_id < ?")
        args.extend([f.doc, f.doc + "\uffff"])
    if f.since is not None:
        where.append("substr(date_until, 1, 10) >= ?")
        args.append(f.since)
    if f.until is not None:
        where.append("substr(date_value, 1, 10) <= ?")
        args.append(f.until)
    return where, args


def _flat(row: sqlite3.Row, actors: _ActorCache) -> dict[str, Any]:
    """A decoded row with the names and countries of its actors and recipients."""
    out = _decode(row)
    known = actors.of(out["doc_id"])
    for role in ("actor", "recipient"):
        found = [known.get(i) for i in out[f"{role}s"]]
        out[f"{role}_names"] = [a[0] if a else None for a in found]
        out[f"{role}_countries"] = [a[1] if a else None for a in found]
    return out


def _rows(conn: sqlite3.Connection, f: EventFilters) -> Iterator[dict[str, Any]]:
    where, args = _where(f)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + _ORDER
    in_python = f.actor is not None or f.country is not None
    if f.limit is not None and not in_python:
        sql += " LIMIT ?"
        args.append(f.limit)
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    actors = _ActorCache(conn)
    yielded = 0
    for row in cur.execute(sql, args):
        out = _flat(row, actors)
        if in_python and not _matches(out, f):
            continue
        yield out
        yielded += 1
        if f.limit is not None and yielded >= f.limit:
            return


def _is_date(value: str) -> bool:
    try:
        return bool(_ISO_DATE.fullmatch(value)) and bool(date.fromisoformat(value))
    except ValueError:
        return False


def _decode(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for name, kind in _COLUMNS:
        if kind == "json":
            out[name] = json.loads(out[name] or "[]")
        elif kind == "bool":
            out[name] = bool(out[name])
    return out


def _matches(row: dict[str, Any], f: EventFilters) -> bool:
    if f.actor is not None:
        ids = [*row["actors"], *row["recipients"]]
        names = [n for n in (*row["actor_names"], *row["recipient_names"]) if n]
        needle = f.actor.casefold()
        if f.actor not in ids and not any(needle in n.casefold() for n in names):
            return False
    if f.country is not None:
        countries = {*row["actor_countries"], *row["recipient_countries"], row["place_country"]}
        if f.country not in countries:
            return False
    return True


class _ActorCache:
    """``{actor id: (name, country)}`` of a document, for the last few documents
    (rows come in date order, so one document's events may be far apart)."""

    SIZE = 256

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.docs: dict[str, dict[str, tuple[str, str | None]]] = {}

    def of(self, doc_id: str) -> dict[str, tuple[str, str | None]]:
        found = self.docs.pop(doc_id, None)
        if found is None:
            rows = self.conn.execute("SELECT id, name, country FROM actors WHERE doc_id=?", (doc_id,))
            found = {r[0]: (r[1], r[2]) for r in rows}
            if len(self.docs) >= self.SIZE:
                del self.docs[next(iter(self.docs))]
        self.docs[doc_id] = found  # most recently used last
        return found


# -- streamed reads for export (issue 6) ---------------------------------------
#
# Each reader pages through its table by keyset pagination over the primary
# key (``WHERE key > last ORDER BY key LIMIT n``): one short query per batch,
# no sort, no cursor held across batches, so memory stays flat whatever the
# size of the database. Rows come in primary-key order, not date order.

#: Default number of rows a streamed reader returns per batch.
BATCH_SIZE = 1000


def event_batches(
    conn: sqlite3.Connection, *, batch_size: int = BATCH_SIZE, **filters: Any
) -> Iterator[list[dict[str, Any]]]:
    """Yield stored events in batches, ordered by document id, then index.

    The rows are those of ``query_events`` (same keys, same filters), paged
    over the ``events`` primary key. A batch may be shorter than
    ``batch_size`` when ``actor``/``country`` filters drop rows; no batch is empty.

    Raises:
        ValueError: at once, for a malformed filter or batch size.
    """
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1 (got {batch_size})")
    return _event_batches(conn, check_filters(**filters), batch_size)


def _event_batches(conn: sqlite3.Connection, f: EventFilters, size: int) -> Iterator[list[dict[str, Any]]]:
    where, args = _where(f)
    where.append("(doc_id, idx) > (?, ?)")
    sql = _SELECT + " WHERE " + " AND ".join(where) + " ORDER BY doc_id, idx LIMIT ?"
    in_python = f.actor is not None or f.country is not None
    actors = _ActorCache(conn)
    left = f.limit
    key: tuple[str, int] = ("", -1)
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    while True:
        rows = cur.execute(sql, [*args, *key, size]).fetchall()
        if not rows:
            return
        key = (rows[-1]["doc_id"], rows[-1]["idx"])
        batch = [out for out in (_flat(r, actors) for r in rows) if not in_python or _matches(out, f)]
        if left is not None:
            batch = batch[:left]
            left -= len(batch)
        if batch:
            yield batch
        if len(rows) < size or left == 0:
            return


def _chunks(items: list[Any], n: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def _marks(items: list[Any]) -> str:
    return ", ".join("?" * len(items))


def document_context(conn: sqlite3.Connection, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """What exports need of the documents of a batch, beyond the event rows.

    ``{doc_id: {created_at, language, lead_end, story_id, actors, mentions,
    places}}``: ``lead_end`` is the end offset of the first body segment
    (None without one); ``story_id`` the story the document joined (None);
    ``actors`` ``{id: Actor fields}``; ``mentions`` ``{idx: text}``;
    ``places`` ``{idx: Place fields}``.
    """
    out: dict[str, dict[str, Any]] = {}
    for ids in _chunks(sorted(set(doc_ids))):
        marks = _marks(ids)
        for doc_id, created, language in conn.execute(
            f"SELECT id, created_at, language FROM documents WHERE id IN ({marks})", ids
        ):
            out[doc_id] = {
                "created_at": created,
                "language": language,
                "lead_end": None,
                "story_id": None,
                "actors": {},
                "mentions": {},
                "places": {},
            }
        for doc_id, end in conn.execute(
            f"""SELECT doc_id, end FROM segments WHERE doc_id IN ({marks}) AND label = 'body'
                AND idx = (SELECT min(idx) FROM segments s2
                           WHERE s2.doc_id = segments.doc_id AND s2.label = 'body')""",
            ids,
        ):
            out[doc_id]["lead_end"] = end
        for doc_id, story in conn.execute(
            f"SELECT doc_id, story_id FROM story_documents WHERE doc_id IN ({marks})", ids
        ):
            out[doc_id]["story_id"] = story
        cur = conn.cursor()
        cur.row_factory = sqlite3.Row
        for r in cur.execute(
            f"""SELECT doc_id, id, name, kind, country, sector, role, wikidata FROM actors
                WHERE doc_id IN ({marks}) ORDER BY doc_id, idx""",
            ids,
        ):
            out[r["doc_id"]]["actors"].setdefault(r["id"], {k: r[k] for k in r.keys()[1:]})
        for doc_id, idx, text in conn.execute(
            f"SELECT doc_id, idx, text FROM mentions WHERE doc_id IN ({marks}) ORDER BY doc_id, idx", ids
        ):
            out[doc_id]["mentions"][idx] = text
        for r in cur.execute(
            f"""SELECT doc_id, idx, text, name, country, admin1, lat, lon, precision, geonameid
                FROM places WHERE doc_id IN ({marks}) ORDER BY doc_id, idx""",
            ids,
        ):
            out[r["doc_id"]]["places"][r["idx"]] = {k: r[k] for k in r.keys()[2:]}
    return out


MERGED_COLUMNS = (
    "id, story_id, type, mode, actors, recipients, place, country, date, dead, injured, detained, size, "
    "mentions, articles, sources, first_doc, first_seen, corroboration, conflicts"
)
_MERGED_JSON = ("actors", "recipients", "conflicts")


def merged_row(row: sqlite3.Row) -> dict[str, Any]:
    out = dict(row)
    for name in _MERGED_JSON:
        out[name] = json.loads(out[name] or "[]")
    return out


def merged_of(conn: sqlite3.Connection, doc_ids: list[str]) -> dict[tuple[str, int], dict[str, Any]]:
    """``{(doc_id, idx): merged_events row}`` for the event mentions of these
    documents that belong to a merged event (lists decoded)."""
    out: dict[tuple[str, int], dict[str, Any]] = {}
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    for ids in _chunks(sorted(set(doc_ids))):
        rows = cur.execute(
            f"""SELECT m.doc_id AS mention_doc, m.idx AS mention_idx, {MERGED_COLUMNS}
                FROM merged_event_mentions m JOIN merged_events e ON e.id = m.merged_id
                WHERE m.doc_id IN ({_marks(ids)})""",
            ids,
        )
        for r in rows:
            merged = merged_row(r)
            out[(merged.pop("mention_doc"), merged.pop("mention_idx"))] = merged
    return out
