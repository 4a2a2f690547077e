"""Plain-text views of records for the command line (``tidings docs show``)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from tidings.records import Article, Event


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
    """Actors, places, dates, quantities, quotations, assertions, indicators, events."""
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
    if article.events:
        names = {a.id: a.name for a in article.actors}
        yield "events"
        for e in article.events:
            yield f"  [{e.start}-{e.end}] {_event_line(e, names)}"


def _event_line(e: Event, names: dict[str, str]) -> str:
    kind = e.type + (f"/{e.mode}" if e.mode else "")
    who = _who([names.get(i, i) for i in e.actors], [names.get(i, i) for i in e.recipients])
    return f"{kind} {e.status}: {who}: {e.trigger!r} (sentence {e.sentence})"


def _who(actors: list[str], recipients: list[str]) -> str:
    left = ", ".join(actors) or "?"
    return f"{left} -> {', '.join(recipients)}" if recipients else left


# -- event rows (``tidings events``) ------------------------------------------

#: Columns of ``tidings events --format csv``, in order; lists are joined with ``;``.
EVENT_CSV_COLUMNS = (
    "doc_id", "idx", "date_value", "date_until", "date_precision", "published",
    "type", "mode", "context", "acled_type", "acled_subtype", "cameo", "quad_class", "goldstein",
    "actors", "actor_names", "actor_countries", "recipients", "recipient_names", "recipient_countries",
    "place_name", "place_country", "lat", "lon",
    "status", "dead", "injured", "detained", "size", "quantities",
    "commentary", "source", "source_text", "anonymous", "hedges", "verification",
    "confidence", "reason", "trigger", "trigger_text", "start", "end",
    "sentence", "evidence", "evidence_start", "evidence_end", "url", "site", "title",
)  # fmt: skip

# (heading, width) of the table columns; the last one takes the rest of the line.
_EVENT_TABLE = (
    ("date", 10), ("type", 20), ("acled", 24), ("actor -> recipient", 34), ("place", 20),
    ("status", 11), ("counts", 18), ("source", 18), ("doc", 8), ("evidence", 0),
)  # fmt: skip


def event_csv_row(row: dict[str, Any]) -> list[str]:
    """One event row's CSV cells, in ``EVENT_CSV_COLUMNS`` order."""
    return [_cell(row.get(name)) for name in EVENT_CSV_COLUMNS]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value)
    return str(value)


def event_table_header() -> str:
    return _table_line([name for name, _ in _EVENT_TABLE], _EVENT_TABLE)


def event_table_line(row: dict[str, Any]) -> str:
    """One event as a table line: date, type/mode, ACLED sub-event type, who,
    place, status, counts, who asserts it, document and the trigger in its sentence."""
    names = [n or i for n, i in zip(row["actor_names"], row["actors"], strict=True)]
    targets = [n or i for n, i in zip(row["recipient_names"], row["recipients"], strict=True)]
    place = row["place_name"] or "-"
    if row["place_country"]:
        place += f" ({row['place_country']})"
    counts = " ".join(
        f"{k}={row[k]:g}" for k in ("dead", "injured", "detained", "size") if row[k] is not None
    )
    source = row["source_text"] or row["source"] or ("anonymous" if row["anonymous"] else "-")
    if row["verification"]:
        source += f" ({row['verification']})"
    cells = (
        date_cell(row["date_value"], row["date_until"], row["date_precision"]),
        row["type"] + (f"/{row['mode']}" if row["mode"] else ""),
        row["acled_subtype"] or "-",
        _who(names, targets) if names or targets else "-",
        place,
        row["status"],
        counts or "-",
        source,
        row["doc_id"][:8],
        _excerpt(row),
    )
    return _table_line(cells, _EVENT_TABLE)


def date_cell(value: str | None, until: str | None, precision: str | None) -> str:
    """A date as precise as it is known, in 10 characters: ``2009`` for a
    year, ``2009-07`` for a month, ``2009-W28`` (ISO) for a week,
    ``2009-06/08`` for a season's months, else the day."""
    if not value:
        return "-"
    if precision == "year":
        return value[:4]
    if precision == "month":
        return value[:7]
    try:
        start = date.fromisoformat(value[:10])
    except ValueError:
        return value[:10]
    if precision == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "season" and until and until[:4] == value[:4]:
        return f"{value[:7]}/{until[5:7]}"
    return value[:10]


def _excerpt(row: dict[str, Any], n: int = 80) -> str:
    """The sentence around the trigger, the trigger in brackets, clipped to about ``n``."""
    sentence, s0 = row["evidence"], row["evidence_start"]
    trigger = row["trigger_text"] or row["trigger"]
    if not sentence or s0 is None or not (s0 <= row["start"] <= row["end"] <= s0 + len(sentence)):
        return repr(_clip(trigger, n))
    before = " ".join(sentence[: row["start"] - s0].split())
    after = " ".join(sentence[row["end"] - s0 :].split())
    room = max(n - len(trigger) - 2, 10)
    left = room // 2 if len(after) > room - room // 2 else room - len(after)
    if len(before) > left:
        before = "..." + before[len(before) - left + 3 :]
    if len(after) > room - len(before):
        after = after[: max(room - len(before) - 3, 0)] + "..."
    sep_l = " " if before and sentence[row["start"] - s0 - 1 : row["start"] - s0].isspace() else ""
    sep_r = " " if after and sentence[row["end"] - s0 : row["end"] - s0 + 1].isspace() else ""
    return f"{before}{sep_l}[{' '.join(trigger.split())}]{sep_r}{after}"


# -- merged events (``tidings events --merged``) --------------------------------

MERGED_CSV_COLUMNS = (
    "id", "story_id", "type", "mode", "actors", "recipients", "place", "country", "date",
    "dead", "injured", "detained", "size", "mentions", "articles", "sources",
    "first_doc", "first_seen", "corroboration", "conflicts",
)  # fmt: skip


def merged_csv_row(row: dict[str, Any]) -> list[Any]:
    """A merged event as CSV cells: lists joined with ``;``, conflicts as JSON."""
    cells: list[Any] = []
    for name in MERGED_CSV_COLUMNS:
        value = row[name]
        if name == "conflicts":
            value = json.dumps(value, ensure_ascii=False) if value else ""
        elif isinstance(value, list):
            value = ";".join(value)
        cells.append("" if value is None else value)
    return cells


_MERGED_TABLE = (
    ("merged", 12), ("date", 10), ("type", 20), ("who", 28), ("place", 18),
    ("ment", -4), ("arts", -4), ("srcs", -4), ("corroboration", 0),
)  # fmt: skip


def _table_line(cells: Sequence[str], table: Sequence[tuple[str, int]]) -> str:
    """``cells`` in the columns of ``table``: each clipped to its width and
    padded (right-aligned for a negative width); a width of 0 is the last,
    free column."""
    out = []
    for cell, (_, width) in zip(cells, table, strict=True):
        if width > 0:
            out.append(f"{_clip(cell, width):{width}}")
        elif width < 0:
            out.append(f"{cell:>{-width}}")
        else:
            out.append(cell)
    return "  ".join(out)


def merged_table_header() -> str:
    return _table_line([name for name, _ in _MERGED_TABLE], _MERGED_TABLE)


def merged_table_line(row: dict[str, Any]) -> str:
    """One merged event: date, type, who to whom, place, counts of mentions,
    articles and independent sources, and whether the reports agree."""
    who = _who(row["actors"], row["recipients"]) if row["actors"] or row["recipients"] else "-"
    place = row["place"] or row["country"] or "-"
    status = row["corroboration"]
    if row["conflicts"]:
        status += " (" + ", ".join(c["field"] for c in row["conflicts"]) + ")"
    cells = (
        row["id"][:12],
        (row["date"] or row["first_seen"] or "-")[:10],
        row["type"] + (f"/{row['mode']}" if row["mode"] else ""),
        who,
        place,
        str(row["mentions"]),
        str(row["articles"]),
        str(row["sources"]),
        status,
    )
    return _table_line(cells, _MERGED_TABLE)


def link_summary(stats: dict[str, int]) -> str:
    """The run summary's line on story linking (``linking.LinkStats.to_dict``),
    with what linked the documents: text embeddings and the join model, or
    terms alone; and a second line when documents placed by another version
    of the linker are in the database (how to link them again)."""
    line = (
        f"stories    {stats['documents']} documents placed, {stats['new_stories']} new stories, "
        f"{stats['copies']} copies, {stats['merged_events']} merged events "
        f"in {stats['stories_updated']} stories"
    )
    if stats.get("relinked"):
        line += f" (linked again: {stats['relinked']} earlier placements forgotten)"
    if stats.get("embedded"):
        decided = stats["model_decisions"]
        line += f"; {stats['embedded']} with text embeddings, {decided} decided by the join model"
    elif stats["documents"]:
        line += "; terms only (no text embeddings)"
    if stats.get("older"):
        line += (
            f"\n           {stats['older']} documents were placed by another version of the linker;"
            " `tidings stories link --relink` links every document again with this one"
        )
    return line
