"""The document page: a stored article with its highlights, and the nesting
of those highlights into what the template renders.

``highlights`` lists, with character offsets into the document's text, what
the page marks: actor mentions, places, dates, quotations (their content,
with the speaker) and event triggers, each with the in-page anchor of its
record. ``layout`` turns text, segments and highlights into paragraphs of
nodes the template renders without any HTML built in Python: quotations
contain the other marks; where marks of one layer overlap, the one of
higher priority keeps its whole span (event triggers first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tidings.errors import StoreError
from tidings.records import Article
from tidings.store.sqlite import Store

#: Marks nested inside quotations, highest priority first.
LEAF_KINDS = ("event", "place", "actor", "date")


def document_page(store: Store, doc_id: str) -> dict[str, Any] | None:
    """The document's native JSON form plus ``sightings``, ``story`` (the
    story it belongs to, if any) and ``highlights``; None if there is no
    such document (``doc_id`` may be a unique prefix)."""
    try:
        article = store.get_article(doc_id)
    except StoreError:
        return None
    out = article.to_dict()
    out["sightings"] = store.sightings(article.id)
    row = store.conn.execute(
        """SELECT sd.story_id, sd.seq, sd.similarity, sd.copy_of, sd.copy_similarity, s.title
           FROM story_documents sd LEFT JOIN stories s ON s.id = sd.story_id WHERE sd.doc_id = ?""",
        (article.id,),
    ).fetchone()
    out["story"] = dict(row) if row else None
    out["highlights"] = highlights(article)
    return out


def highlights(article: Article) -> list[dict[str, Any]]:
    """What the page marks in the text: ``{kind, idx, start, end, text, label, href}``.

    ``kind`` is ``event`` (the trigger), ``actor`` (a mention; ``idx`` the
    mention's, ``href`` the card of its actor), ``place``, ``date`` or
    ``quote`` (the quoted content; ``speaker`` says who, or None).
    """
    text = article.text
    names = {a.id: a.name for a in article.actors}
    actor_pos = {a.id: i for i, a in enumerate(article.actors)}
    out: list[dict[str, Any]] = []

    def add(kind: str, idx: int, span: tuple[int, int], label: str, href: str, **extra: Any) -> None:
        start, end = span
        if 0 <= start < end <= len(text):
            out.append(
                {"kind": kind, "idx": idx, "start": start, "end": end, "text": text[start:end]}
                | {"label": label, "href": href}
                | extra
            )

    for i, e in enumerate(article.events):
        add("event", i, (e.start, e.end), f"{e.type} ({e.status})", f"#event-{i}")
    for i, m in enumerate(article.mentions):
        pos = actor_pos.get(m.actor)
        add(
            "actor",
            i,
            (m.start, m.end),
            names.get(m.actor, m.actor),
            f"#actor-{pos}" if pos is not None else "",
        )
    for i, p in enumerate(article.places):
        add("place", i, (p.start, p.end), f"{p.name}, {p.country or '-'}", f"#place-{i}")
    for i, d in enumerate(article.dates):
        span = d.value if d.value == d.until else f"{d.value}..{d.until}"
        add("date", i, (d.start, d.end), f"{span} ({d.precision})", f"#date-{i}")
    for i, q in enumerate(article.quotes):
        speaker = names.get(q.speaker, q.speaker_text) if q.speaker else q.speaker_text
        add(
            "quote",
            i,
            (q.content_start, q.content_end),
            f"{q.kind} quotation, speaker: {speaker or 'not named'}",
            f"#quote-{i}",
            speaker=speaker,
        )
    return out


@dataclass(slots=True)
class Node:
    """A run of text, or a mark (``hl`` a highlight) holding child nodes."""

    start: int
    end: int
    text: str = ""
    hl: dict[str, Any] | None = None
    first: bool = True  # the first piece of its highlight (carries the element id)
    last: bool = True
    children: list[Node] = field(default_factory=list)


def layout(
    text: str, segments: list[dict[str, Any]], removed: list[dict[str, Any]], marks: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Paragraphs for the template: ``{segment, removed, nodes}``, where
    ``removed`` are the boilerplate blocks that stood before the segment and
    ``nodes`` its text as ``Node``s (quotations outermost)."""
    quotes = _disjoint(
        [m for m in marks if m["kind"] == "quote"], lambda m: (-(m["end"] - m["start"]), m["start"])
    )
    rank = {k: i for i, k in enumerate(LEAF_KINDS)}
    leaves = _disjoint(
        [m for m in marks if m["kind"] in rank], lambda m: (rank[m["kind"]], m["start"], m["idx"])
    )
    pending = sorted(removed, key=lambda r: r["at"])
    out: list[dict[str, Any]] = []
    for seg in segments:
        before = [r for r in pending if r["at"] <= seg["start"]]
        pending = pending[len(before) :]
        nodes: list[Node] = []
        pos = seg["start"]
        for q in _clip(quotes, seg["start"], seg["end"]):
            nodes += _runs(text, pos, q.start, leaves)
            q.children = _runs(text, q.start, q.end, leaves)
            nodes.append(q)
            pos = q.end
        nodes += _runs(text, pos, seg["end"], leaves)
        out.append({"segment": seg, "removed": before, "nodes": nodes})
    if pending and out:
        out[-1]["after"] = pending
    return out


def _disjoint(marks: list[dict[str, Any]], priority: Any) -> list[Node]:
    """Pieces of ``marks`` that do not overlap: each mark, in priority order,
    keeps what no earlier mark took."""
    taken: list[Node] = []
    for m in sorted(marks, key=priority):
        pieces = [(m["start"], m["end"])]
        for t in taken:
            pieces = [p for a, b in pieces for p in ((a, min(b, t.start)), (max(a, t.end), b)) if p[0] < p[1]]
        for n, (a, b) in enumerate(pieces):
            taken.append(Node(a, b, hl=m, first=n == 0, last=n == len(pieces) - 1))
    return sorted(taken, key=lambda n: n.start)


def _clip(nodes: list[Node], start: int, end: int) -> list[Node]:
    """Copies of the nodes cut to ``start..end``."""
    out = []
    for n in nodes:
        a, b = max(n.start, start), min(n.end, end)
        if a < b:
            out.append(Node(a, b, hl=n.hl, first=n.first and a == n.start, last=n.last and b == n.end))
    return out


def _runs(text: str, start: int, end: int, leaves: list[Node]) -> list[Node]:
    """Text of ``start..end`` as plain runs and leaf marks."""
    out: list[Node] = []
    pos = start
    for leaf in _clip(leaves, start, end):
        if leaf.start > pos:
            out.append(Node(pos, leaf.start, text=text[pos : leaf.start]))
        leaf.text = text[leaf.start : leaf.end]
        out.append(leaf)
        pos = leaf.end
    if pos < end:
        out.append(Node(pos, end, text=text[pos:end]))
    return out
