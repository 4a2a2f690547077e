"""The story pages: stories grouped by the stories stage (schema migration 4).

A story lists its documents in the order they joined, each with the earlier
document it copies (``copy_of``) followed back to the first of its chain, its
main actors and places, and the merged events behind its event mentions with
how many articles and sources report each and how well they corroborate.
"""

from __future__ import annotations

from typing import Any

from tidings.store import stories as stories_db
from tidings.store.sqlite import Store
from tidings.web.queries import decode_json_list


def stories_index(store: Store, limit: int = 200) -> dict[str, Any]:
    """Stories, the most recently seen first."""
    rows = store.conn.execute(
        """SELECT id, title, first_seen, last_seen, documents, sources FROM stories
           ORDER BY last_seen IS NULL, last_seen DESC, id LIMIT ?""",
        (limit,),
    )
    return {"stories": [dict(r) for r in rows]}


def story_page(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story: ``story`` (its row, with ``actors``/``places`` decoded and
    named), ``documents`` (in joining order, each with its ``chain`` of
    copies back to the first) and ``merged_events`` (each with
    ``event_mentions``: the event mentions it merges). None if there is no such story."""
    conn = store.conn
    row = conn.execute(
        """SELECT id, title, sentence, sentence_doc, sentence_start, sentence_end, first_seen, last_seen,
                  documents, sources, actors, places, version FROM stories WHERE id = ?""",
        (story_id,),
    ).fetchone()
    if row is None:
        return None
    story = dict(row)
    story["actors"] = [_named(conn, a) for a in decode_json_list(row["actors"])]
    story["places"] = [_place(p) for p in decode_json_list(row["places"])]
    docs = [dict(r) for r in stories_db.members(conn, story_id)]
    copies = {d["doc_id"]: d["copy_of"] for d in docs}
    for d in docs:
        chain, seen = [], {d["doc_id"]}
        at = d["copy_of"]
        while at and at not in seen:  # a cycle would be a stage bug: stop, do not loop
            chain.append(at)
            seen.add(at)
            at = copies.get(at) or _copy_of(conn, at)
        d["chain"] = chain
    merged = []
    for r in conn.execute(
        "SELECT * FROM merged_events WHERE story_id = ? ORDER BY date IS NULL, date, first_seen, id",
        (story_id,),
    ):
        m = dict(r)
        for key in ("actors", "recipients", "conflicts"):
            m[key] = decode_json_list(m[key])
        m["conflict_lines"] = [_conflict_line(c) for c in m["conflicts"] if isinstance(c, dict)]
        m["actor_names"] = [_named(conn, a)["name"] for a in m["actors"]]
        m["recipient_names"] = [_named(conn, a)["name"] for a in m["recipients"]]
        m["event_mentions"] = [
            dict(x)
            for x in conn.execute(
                """SELECT mm.doc_id, mm.idx, e.trigger, e.type, e.status, d.site
                   FROM merged_event_mentions mm
                   LEFT JOIN events e ON e.doc_id = mm.doc_id AND e.idx = mm.idx
                   LEFT JOIN documents d ON d.id = mm.doc_id
                   WHERE mm.merged_id = ? ORDER BY mm.doc_id, mm.idx""",
                (m["id"],),
            )
        ]
        merged.append(m)
    return {"story": story, "documents": docs, "merged_events": merged}


def _copy_of(conn: Any, doc_id: str) -> str | None:
    row = conn.execute("SELECT copy_of FROM story_documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def _named(conn: Any, item: Any) -> dict[str, Any]:
    """An actor of a story as ``{id, name, ...}``, whether stored as an id or an object."""
    if isinstance(item, dict):
        out = dict(item)
        out.setdefault("id", out.get("actor"))
    else:
        out = {"id": str(item)}
    if not out.get("name") and out.get("id"):
        found = conn.execute(
            "SELECT name FROM actors WHERE id = ? GROUP BY name ORDER BY count(*) DESC LIMIT 1", (out["id"],)
        ).fetchone()
        out["name"] = found[0] if found else out["id"]
    return out


def _place(item: Any) -> dict[str, Any]:
    """A place of a story as ``{name, ...}``, whether stored as a name or an object."""
    return dict(item) if isinstance(item, dict) else {"name": str(item)}


def _conflict_line(conflict: dict[str, Any]) -> str:
    """A merged event's conflict as text: ``dead: 12 (2 documents), 15 (1 document)``."""
    docs: dict[str, set[str]] = {}
    for doc_id, _idx, value in conflict.get("values") or ():
        docs.setdefault(str(value), set()).add(str(doc_id))
    sides = [f"{v} ({len(d)} document{'s' if len(d) != 1 else ''})" for v, d in docs.items()]
    return f"{conflict.get('field', '?')}: " + ", ".join(sides)
