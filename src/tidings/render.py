"""Plain-text views of records for the command line (``tidings docs show``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from tidings.records import Article


def _clip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def header(article: Article, sightings: list[dict[str, Any]]) -> Iterator[str]:
    yield f"id         {article.id}"
    for key in ("title", "url", "site", "author", "published", "fetched", "language"):
        yield f"{key:10} {getattr(article, key) or '-'}"
    for s in sightings:
        yield f"source     {s['input']}{'#' + s['locator'] if s['locator'] else ''} ({s['container']})"
    yield f"versions   {json.dumps(dict(article.versions))}"
    for note in article.notes:
        yield f"note       {note}"


def body(article: Article, *, removed: bool = True) -> Iterator[str]:
    """The cleaned text, one segment a line with its label and offsets;
    removed blocks shown where they stood."""
    removed_at: dict[int, list[str]] = {}
    for r in article.removed:
        removed_at.setdefault(r.at, []).append(f"  - [removed {r.label}: {r.reason}] {r.text}")
    for seg in article.segments:
        if removed:
            yield from removed_at.pop(seg.start, [])
        yield f"[{seg.label} {seg.start}-{seg.end}] {article.segment_text(seg)}"
    if removed:
        for lines in removed_at.values():
            yield from lines


def analysis(article: Article) -> Iterator[str]:
    """Actors, places, dates, quantities, quotations, assertions, indicators."""
    text = article.text
    counts = Counter(m.actor for m in article.mentions)
    if article.actors:
        yield "actors"
        for a in article.actors:
            extra = f" role={a.role}" if a.role else ""
            wd = f" {a.wikidata}" if a.wikidata else ""
            yield (
                f"  {a.id:28} {a.name[:40]:40} {a.kind:12} {a.country or '-':4} {a.sector or '-':4}"
                f"{wd}{extra} ({counts[a.id]} mentions)"
            )
        yield "mentions"
        for m in article.mentions:
            yield f"  [{m.start}-{m.end}] {m.text!r} -> {m.actor} ({m.method}, {m.score:.2f})"
    if article.places:
        yield "places"
        for p in article.places:
            where = f"{p.lat:.3f},{p.lon:.3f}" if p.lat is not None and p.lon is not None else "-"
            yield f"  [{p.start}-{p.end}] {p.text!r} -> {p.name}, {p.country or '-'} ({p.precision}, {where})"
    if article.dates:
        yield "dates"
        for d in article.dates:
            span = d.value if d.value == d.until else f"{d.value}..{d.until}"
            rel = " relative" if d.relative else ""
            yield f"  [{d.start}-{d.end}] {d.text!r} -> {span} ({d.precision}{rel})"
    if article.quantities:
        yield "quantities"
        for q in article.quantities:
            rng = f"{q.low:g}" if q.low is not None and q.low == q.high else f"{q.low}..{q.high}"
            flags = " vague" if q.vague else ""
            qual = f" {q.qualifier}" if q.qualifier else ""
            yield f"  [{q.start}-{q.end}] {q.text!r} -> {rng}{qual}{flags} {q.category} ({q.noun or '-'})"
    if article.quotes:
        yield "quotations"
        for qt in article.quotes:
            who = qt.speaker_text or "?"
            anon = " anonymous" if qt.anonymous else ""
            yield (
                f"  [{qt.start}-{qt.end}] {qt.kind}{anon}: {who!r} -> {qt.speaker or '-'} {qt.cue or ''}: "
                f"{_clip(text[qt.content_start : qt.content_end], 70)!r}"
            )
    marked = [
        x for x in article.assertions if x.source or x.hedges or x.verification or x.mode != "reporting"
    ]
    if marked:
        yield "assertions"
        for x in marked:
            s = article.sentences[x.sentence]
            bits = [x.mode]
            if x.source_text:
                bits.append(f"by {x.source_text!r}" + (f" ({x.source})" if x.source else ""))
            if x.anonymous:
                bits.append("anonymous")
            if x.hedges:
                bits.append("hedges=" + ",".join(x.hedges))
            if x.verification:
                bits.append(x.verification)
            yield f"  [{s.start}-{s.end}] {' '.join(bits)}: {_clip(text[s.start : s.end], 60)!r}"
    if article.indicators:
        yield "indicators (text only)"
        for i in article.indicators:
            yield f"  [{i.start}-{i.end}] {i.kind}: {i.text}"
