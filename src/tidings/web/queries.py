"""Read queries behind the web pages: one data function per page.

Every function takes an open (read-only) ``Store`` and returns plain,
JSON-ready data; ``tidings.web.app`` serves the same dict as the page's JSON
twin and renders it as HTML. Nothing here writes.

Event filters are those of ``tidings events`` (``tidings.store.events``),
plus ``place`` (part of the place name, any case), ``verification`` and
``q``, a full-text search of the event's trigger and sentence (SQLite FTS5,
schema migration 5).

Example:
    >>> from tidings.store import open_store
    >>> store = open_store(":memory:")
    >>> overview(store)["counts"]["documents"]
    0
"""

from __future__ import annotations

import json
import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from tidings.store.events import check_filters, query_events
from tidings.store.sqlite import Store

#: Values of the ``verification`` filter: the event's verification, or ``none``.
VERIFICATIONS = ("unverified", "disputed", "none")
#: Rows per page of the events and documents tables.
PER_PAGE = 50
# An event's FTS row is its document's search key * 65536 + idx (migration 5).
_EVENT_KEY = 65536
# Marks around the matched words of a search snippet (private-use characters,
# never in normalised text), split into parts before rendering.
_HIT_OPEN, _HIT_CLOSE = "\ue000", "\ue001"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True, slots=True)
class EventQuery:
    """The filters of the events, timeline and map pages (all optional).

    ``since``/``until``/``actor``/``country``/``type``/``status`` mean what
    they mean for ``tidings events``; ``place`` is part of the place name (any
    case); ``verification`` one of ``VERIFICATIONS``; ``q`` words that must
    all occur in the event's trigger or sentence (a trailing ``*`` matches a
    prefix).
    """

    since: str | None = None
    until: str | None = None
    actor: str | None = None
    country: str | None = None
    type: str | None = None
    place: str | None = None
    status: str | None = None
    verification: str | None = None
    q: str | None = None

    @classmethod
    def of(cls, **values: str | None) -> EventQuery:
        """Build from form values: blanks are no filter; malformed ones raise ValueError."""
        clean = {k: (v.strip() if v and v.strip() else None) for k, v in values.items()}
        query = cls(**clean)
        query.check()
        return query

    def check(self) -> None:
        """Raise ValueError naming a malformed filter (as ``tidings events`` would)."""
        check_filters(**self._core())
        if self.verification is not None and self.verification.lower() not in VERIFICATIONS:
            raise ValueError(
                f"unknown verification {self.verification!r}: use one of {', '.join(VERIFICATIONS)}"
            )

    def _core(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "country": self.country,
            "type": self.type,
            "status": self.status,
            "since": self.since,
            "until": self.until,
        }

    def params(self) -> dict[str, str]:
        """The filters that are set, as query-string parameters."""
        return {k: v for k, v in asdict(self).items() if v is not None}


def fts_query(text: str | None) -> str | None:
    """A safe FTS5 query from what a user typed: every word must occur.

    Words become quoted FTS5 strings, so operators and quotes in the input
    cannot make a syntax error; ``word*`` keeps its prefix match. None when
    there is no word.

    Example:
        >>> fts_query('army "shelled" Aleppo*')
        '"army" "shelled" "Aleppo"*'
    """
    if not text:
        return None
    words = [f'"{w.rstrip("*")}"' + ("*" if w.endswith("*") else "") for w in re.findall(r"\w+\*?", text)]
    return " ".join(words) or None


def matching_events(store: Store, query: EventQuery) -> Iterator[dict[str, Any]]:
    """Stored events (rows of ``query_events``) that pass every filter of ``query``, by date."""
    hits = _event_hits(store, query.q) if query.q else None
    place = query.place.casefold() if query.place else None
    verification = query.verification.lower() if query.verification else None
    for row in query_events(store.conn, **query._core()):
        if place is not None and place not in (row["place_name"] or "").casefold():
            continue
        if verification is not None and (row["verification"] or "none") != verification:
            continue
        if hits is not None and (row["doc_id"], row["idx"]) not in hits:
            continue
        yield row


def _event_hits(store: Store, text: str) -> set[tuple[str, int]]:
    match = fts_query(text)
    if match is None:
        return set()
    rows = store.conn.execute(
        f"""SELECT k.doc_id, f.rowid % {_EVENT_KEY} FROM events_fts f
            JOIN search_keys k ON k.key = f.rowid / {_EVENT_KEY}
            WHERE events_fts MATCH ?""",
        (match,),
    )
    return {(r[0], r[1]) for r in rows}


def events_page(store: Store, query: EventQuery, page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
    """The events table: matching events, newest first, one page of them.

    Returns ``filters``, ``total``, ``page``, ``pages``, ``per_page`` and
    ``events`` (rows of ``query_events``).
    """
    page = max(1, page)
    keep: deque[dict[str, Any]] = deque(maxlen=page * per_page)
    total = 0
    for row in matching_events(store, query):  # date order: the newest are last
        keep.append(row)
        total += 1
    newest = list(reversed(keep))
    return {
        "filters": query.params(),
        "total": total,
        "page": page,
        "pages": max(1, -(-total // per_page)),
        "per_page": per_page,
        "events": newest[(page - 1) * per_page : page * per_page],
    }


def timeline(store: Store, query: EventQuery) -> dict[str, Any]:
    """Matching events counted per day, month or year (whichever gives at
    most about 120 periods), split by CAMEO QuadClass.

    Returns ``filters``, ``unit``, ``total``, ``undated`` and ``periods``:
    ``{period, count, quad: {"1": n, ...}}`` in order, empty periods included.
    """
    counts: dict[str, Counter[int]] = {}
    rows: list[tuple[str, int]] = []
    total = 0
    for r in matching_events(store, query):
        total += 1
        if r["date_value"] and _DAY.match(r["date_value"]):
            rows.append((r["date_value"], r["quad_class"]))
    undated = total - len(rows)
    days = sorted(d[:10] for d, _ in rows)
    unit = _unit(days[0], days[-1]) if days else "day"
    width = {"day": 10, "month": 7, "year": 4}[unit]
    for value, quad in rows:
        counts.setdefault(value[:width], Counter())[quad] += 1
    periods = _periods(days[0][:width], days[-1][:width], unit) if days else []
    return {
        "filters": query.params(),
        "unit": unit,
        "total": total,
        "undated": undated,
        "periods": [
            {
                "period": p,
                "count": sum(counts.get(p, Counter()).values()),
                "quad": {str(q): counts.get(p, Counter())[q] for q in (1, 2, 3, 4)},
            }
            for p in periods
        ],
    }


def _unit(first: str, last: str) -> str:
    span = (date.fromisoformat(last) - date.fromisoformat(first)).days
    return "day" if span <= 120 else "month" if span <= 3650 else "year"


def _periods(first: str, last: str, unit: str) -> list[str]:
    out: list[str] = []
    if unit == "day":
        d, end = date.fromisoformat(first), date.fromisoformat(last)
        while d <= end:
            out.append(d.isoformat())
            d += timedelta(days=1)
    elif unit == "month":
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        out = [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    return out


def event_map(store: Store, query: EventQuery) -> dict[str, Any]:
    """Matching events grouped by place (those whose place has coordinates).

    Returns ``filters``, ``total``, ``unplaced`` (events without coordinates)
    and ``places``: ``{name, country, lat, lon, count, types: {type: n}}``,
    most events first.
    """
    places: dict[tuple[Any, ...], dict[str, Any]] = {}
    total = unplaced = 0
    for r in matching_events(store, query):
        total += 1
        if r["lat"] is None or r["lon"] is None:
            unplaced += 1
            continue
        key = (r["place_name"], r["place_country"], round(r["lat"], 3), round(r["lon"], 3))
        p = places.setdefault(
            key,
            {"name": key[0], "country": key[1], "lat": key[2], "lon": key[3], "count": 0, "types": Counter()},
        )
        p["count"] += 1
        p["types"][r["type"]] += 1
    out = sorted(places.values(), key=lambda p: (-p["count"], p["name"] or ""))
    for p in out:
        p["types"] = dict(p["types"].most_common())
    return {"filters": query.params(), "total": total, "unplaced": unplaced, "places": out}


def overview(store: Store, latest: int = 10) -> dict[str, Any]:
    """Counts, event types, the latest stories and the latest documents."""
    conn = store.conn
    counts = {
        name: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for name, table in (
            ("documents", "documents"),
            ("events", "events"),
            ("quotes", "quotes"),
            ("places", "places"),
            ("failures", "failures"),
            ("stories", "stories"),
            ("merged_events", "merged_events"),
        )
    }
    counts["actors"] = conn.execute("SELECT count(DISTINCT id) FROM actors").fetchone()[0]
    types = conn.execute("SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type")
    stories = conn.execute(
        """SELECT id, title, first_seen, last_seen, documents, sources FROM stories
           ORDER BY last_seen IS NULL, last_seen DESC, id LIMIT ?""",
        (latest,),
    )
    return {
        "counts": counts,
        "event_types": [{"type": r[0], "count": r[1]} for r in types],
        "latest_stories": [dict(r) for r in stories],
        "latest_documents": store.list_documents(limit=latest),
    }


def documents_page(
    store: Store, q: str | None = None, page: int = 1, per_page: int = PER_PAGE
) -> dict[str, Any]:
    """Stored documents, newest first; with ``q``, those whose title or text
    holds every word, best match first, each with a snippet.

    Snippets are lists of ``{text, hit}`` parts (``hit``: a matched word).
    """
    page = max(1, page)
    offset = (page - 1) * per_page
    match = fts_query(q)
    if q and match is None:
        return {"q": q, "total": 0, "page": page, "pages": 1, "per_page": per_page, "documents": []}
    if match is None:
        total = store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        docs = store.list_documents(limit=per_page, offset=offset)
    else:
        total = store.conn.execute(
            "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?", (match,)
        ).fetchone()[0]
        rows = store.conn.execute(
            f"""SELECT d.id, d.published, d.language, d.site, d.title, length(d.text) AS chars, d.url,
                       snippet(documents_fts, 1, '{_HIT_OPEN}', '{_HIT_CLOSE}', '...', 16) AS snippet
                FROM documents_fts f
                JOIN search_keys k ON k.key = f.rowid
                JOIN documents d ON d.id = k.doc_id
                WHERE documents_fts MATCH ? ORDER BY f.rank LIMIT ? OFFSET ?""",
            (match, per_page, offset),
        )
        docs = [dict(r) | {"snippet": split_hits(r["snippet"])} for r in rows]
    return {
        "q": q,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // per_page)),
        "per_page": per_page,
        "documents": docs,
    }


def split_hits(snippet: str) -> list[dict[str, Any]]:
    """``[{text, hit}]`` parts of an FTS5 snippet marked with the hit characters."""
    parts: list[dict[str, Any]] = []
    for i, chunk in enumerate(re.split(f"[{_HIT_OPEN}{_HIT_CLOSE}]", snippet)):
        if chunk:
            parts.append({"text": chunk, "hit": i % 2 == 1})
    return parts


def actors_index(store: Store, limit: int = 200) -> dict[str, Any]:
    """Actors by the number of events they take part in (as actor or recipient)."""
    rows = store.conn.execute(
        """WITH roles AS (
             SELECT j.value AS id, 1 AS acted, 0 AS received FROM events e, json_each(e.actors) j
             UNION ALL
             SELECT j.value, 0, 1 FROM events e, json_each(e.recipients) j)
           SELECT r.id, sum(acted) AS as_actor, sum(received) AS as_recipient,
                  (SELECT a.name FROM actors a WHERE a.id = r.id
                   GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT 1) AS name,
                  (SELECT a.country FROM actors a WHERE a.id = r.id LIMIT 1) AS country
           FROM roles r GROUP BY r.id
           ORDER BY as_actor + as_recipient DESC, r.id LIMIT ?""",
        (limit,),
    )
    return {"actors": [dict(r) for r in rows]}


def actor_page(store: Store, actor_id: str, limit: int = 500) -> dict[str, Any] | None:
    """An actor: what documents call it, its events as actor and as recipient,
    and its interactions (``network``: nodes and actor -> recipient edges
    with counts, over the events it takes part in). None if unknown."""
    names = store.conn.execute(
        """SELECT name, kind, country, sector, role, wikidata, count(*) AS documents FROM actors
           WHERE id = ? GROUP BY name, kind, country, sector, role, wikidata
           ORDER BY documents DESC, name""",
        (actor_id,),
    ).fetchall()
    as_actor: list[dict[str, Any]] = []
    as_recipient: list[dict[str, Any]] = []
    edges: Counter[tuple[str, str]] = Counter()
    labels: dict[str, str] = {actor_id: names[0]["name"] if names else actor_id}
    for row in query_events(store.conn, actor=actor_id):
        acted, received = actor_id in row["actors"], actor_id in row["recipients"]
        if not (acted or received):
            continue  # matched by part of a name only
        if acted and len(as_actor) < limit:
            as_actor.append(row)
        if received and len(as_recipient) < limit:
            as_recipient.append(row)
        for ids, found in ((row["actors"], row["actor_names"]), (row["recipients"], row["recipient_names"])):
            for i, name in zip(ids, found, strict=True):
                labels.setdefault(i, name or i)
        for a in row["actors"]:
            for r in row["recipients"]:
                if a != r:
                    edges[(a, r)] += 1
    if not names and not as_actor and not as_recipient:
        return None
    first = dict(names[0]) if names else {}
    return {
        "actor": {
            "id": actor_id,
            "name": labels[actor_id],
            "kind": first.get("kind"),
            "country": first.get("country"),
            "sector": first.get("sector"),
            "wikidata": first.get("wikidata"),
            "names": [dict(r) for r in names],
        },
        "as_actor": as_actor,
        "as_recipient": as_recipient,
        "network": {
            "nodes": [
                {"id": i, "name": labels[i]} for i in sorted({x for e in edges for x in e} | {actor_id})
            ],
            "edges": [{"source": a, "target": r, "count": n} for (a, r), n in edges.most_common()],
        },
    }


def decode_json_list(cell: str | None) -> list[Any]:
    """A JSON-array column as a list (``[]`` for null or malformed)."""
    try:
        value = json.loads(cell or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else [value]
