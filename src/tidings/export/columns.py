"""Column declarations of every export: name and Arrow type, in order.

The Arrow type is the one Parquet files get (declared up front, so every
row group has the same schema); CSV and JSONL follow it too: lists are JSON
arrays in JSONL and ``;``-joined in CSV, structs and maps JSON in CSV.
Native columns of records are derived from the record dataclasses, so a
field added to ``Event`` or ``Article`` is exported without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import pyarrow as pa

from tidings import records


@dataclass(frozen=True, slots=True)
class Column:
    """One output column: its name and Arrow type."""

    name: str
    type: pa.DataType


STR, INT, FLOAT, BOOL = pa.string(), pa.int64(), pa.float64(), pa.bool_()
STRS, INTS = pa.list_(pa.string()), pa.list_(pa.int64())


def cols(*spec: tuple[str, pa.DataType]) -> tuple[Column, ...]:
    return tuple(Column(name, kind) for name, kind in spec)


def _arrow(annotation: str) -> pa.DataType:
    """The Arrow type of a record field annotation (``str | None``, ``tuple[int, ...]``, ...)."""
    t = annotation.replace(" | None", "").strip()
    scalars = {"str": STR, "int": INT, "float": FLOAT, "bool": BOOL}
    if t in scalars:
        return scalars[t]
    if t == "tuple[tuple[str, str], ...]":
        return pa.map_(pa.string(), pa.string())
    if t == "tuple[tuple[int, str], ...]":  # StoryLink.merged: (event index, merged event id)
        return pa.list_(pa.struct([pa.field("event", INT), pa.field("merged_id", STR)]))
    if t.startswith("tuple[") and t.endswith(", ...]"):
        return pa.list_(_arrow(t[len("tuple[") : -len(", ...]")]))
    cls = getattr(records, t, None)
    if cls is not None:
        return pa.struct([pa.field(c.name, c.type) for c in record_columns(cls)])
    raise TypeError(f"no Arrow type for annotation {annotation!r}")


def record_columns(cls: Any) -> tuple[Column, ...]:
    """A record dataclass's fields as columns, in field order."""
    return tuple(Column(f.name, _arrow(str(f.type))) for f in fields(cls))


def schema(columns: tuple[Column, ...]) -> pa.Schema:
    return pa.schema([pa.field(c.name, c.type) for c in columns])


#: ``tidings.store.events.query_events`` rows (in their key order), plus the
#: story the document joined and the merged event the mention belongs to.
EVENT_COLUMNS: tuple[Column, ...] = (
    *cols(("doc_id", STR), ("idx", INT)),
    *record_columns(records.Event),
    *cols(
        ("published", STR), ("url", STR), ("site", STR), ("title", STR),
        ("date_value", STR), ("date_until", STR), ("date_precision", STR),
        ("place_name", STR), ("place_country", STR), ("lat", FLOAT), ("lon", FLOAT),
        ("evidence_start", INT), ("evidence_end", INT), ("evidence", STR), ("trigger_text", STR),
        ("actor_names", STRS), ("actor_countries", STRS),
        ("recipient_names", STRS), ("recipient_countries", STRS),
        ("story_id", STR), ("merged_id", STR),
    ),
)  # fmt: skip


def _document_columns() -> tuple[Column, ...]:
    by_name = {c.name: c for c in record_columns(records.Article)}
    by_name["is_english"] = Column("is_english", BOOL)
    by_name["source"] = Column("source", _arrow("SourceRef"))
    by_name["story"] = Column("story", _arrow("StoryLink"))
    # The order of Article.to_dict().
    order = ["id", "url", "site", "title", "author", "published", "fetched", "language", "is_english"]
    order += ["text", "segments", "removed", "source", "versions", "notes", "sentences", "actors"]
    order += ["mentions", "places", "dates", "quantities", "quotes", "assertions", "indicators", "events"]
    order += ["story"]
    return tuple(by_name[n] for n in order)


#: ``Article.to_dict()``: one row per document, nested lists as lists of structs.
DOCUMENT_COLUMNS = _document_columns()

#: ``tidings.export.read.actor_summaries``.
ACTOR_COLUMNS = cols(
    ("id", STR), ("name", STR), ("names", STRS), ("kind", STR), ("country", STR), ("sector", STR),
    ("wikidata", STR), ("documents", INT), ("events_as_actor", INT), ("events_as_recipient", INT),
    ("mentions", INT),
)  # fmt: skip

#: ``tidings.export.read.story_batches``.
STORY_COLUMNS = cols(
    ("id", STR), ("title", STR), ("sentence", STR), ("sentence_doc", STR), ("sentence_start", INT),
    ("sentence_end", INT), ("first_seen", STR), ("last_seen", STR), ("documents", INT), ("sources", INT),
    ("actors", STRS), ("places", STRS), ("version", STR), ("document_ids", STRS), ("copies", STRS),
    ("merged_events", INT),
)  # fmt: skip

#: ``tidings.export.read.merged_event_batches``.
MERGED_COLUMNS = cols(
    ("id", STR), ("story_id", STR), ("type", STR), ("mode", STR), ("actors", STRS), ("recipients", STRS),
    ("place", STR), ("country", STR), ("date", STR), ("dead", FLOAT), ("injured", FLOAT),
    ("detained", FLOAT), ("size", FLOAT), ("mentions", INT), ("articles", INT), ("sources", INT),
    ("first_doc", STR), ("first_seen", STR), ("corroboration", STR), ("conflicts", STRS),
    ("event_mentions", STRS),
)  # fmt: skip
