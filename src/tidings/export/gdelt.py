"""GDELT 2.0 event table rows from tidings events (``--schema gdelt``).

All 61 columns of the GDELT 2.0 event table, in order. A column tidings
knows is filled; the others are empty (null). ``docs/exports.md`` has the
mapping table; in short:

* one row per event mention; ``NumMentions``/``NumSources``/``NumArticles``
  are those of the merged event it belongs to (``merged_events``), else 1;
* dates are the event's own (else the publication day), as GDELT's integers;
* Actor1 is the event's first actor, Actor2 its first recipient: code
  ``COUNTRY`` + ``SECTOR`` (``SYRMIL``), country as tidings codes it (ISO
  3166 alpha-3, or a PLOVER international code), sector as Type1Code;
* only the root CAMEO code is known, so EventCode = EventBaseCode =
  EventRootCode = ``cameo``; GoldsteinScale is the PLOVER score tidings gives;
* ActionGeo is the event's place; its country code is FIPS 10-4 as in GDELT
  (from GeoNames), ADM1 FIPS + the GeoNames admin1 code, FeatureID the
  GeoNames id. Actor geography is not known: empty.
"""

from __future__ import annotations

import calendar
from typing import Any

from tidings.export.codes import day, fips, timestamp
from tidings.export.columns import FLOAT, INT, STR, Column

_S, _I, _F = STR, INT, FLOAT


def _actor_columns(n: int) -> list[tuple[str, Any]]:
    return [
        (f"Actor{n}Code", _S), (f"Actor{n}Name", _S), (f"Actor{n}CountryCode", _S),
        (f"Actor{n}KnownGroupCode", _S), (f"Actor{n}EthnicCode", _S), (f"Actor{n}Religion1Code", _S),
        (f"Actor{n}Religion2Code", _S), (f"Actor{n}Type1Code", _S), (f"Actor{n}Type2Code", _S),
        (f"Actor{n}Type3Code", _S),
    ]  # fmt: skip


def _geo_columns(prefix: str) -> list[tuple[str, Any]]:
    return [
        (f"{prefix}_Type", _I), (f"{prefix}_FullName", _S), (f"{prefix}_CountryCode", _S),
        (f"{prefix}_ADM1Code", _S), (f"{prefix}_ADM2Code", _S), (f"{prefix}_Lat", _F),
        (f"{prefix}_Long", _F), (f"{prefix}_FeatureID", _S),
    ]  # fmt: skip


COLUMNS: tuple[Column, ...] = tuple(
    Column(name, kind)
    for name, kind in [
        ("GlobalEventID", _I), ("Day", _I), ("MonthYear", _I), ("Year", _I), ("FractionDate", _F),
        *_actor_columns(1), *_actor_columns(2),
        ("IsRootEvent", _I), ("EventCode", _S), ("EventBaseCode", _S), ("EventRootCode", _S),
        ("QuadClass", _I), ("GoldsteinScale", _F), ("NumMentions", _I), ("NumSources", _I),
        ("NumArticles", _I), ("AvgTone", _F),
        *_geo_columns("Actor1Geo"), *_geo_columns("Actor2Geo"), *_geo_columns("ActionGeo"),
        ("DATEADDED", _I), ("SOURCEURL", _S),
    ]
)  # fmt: skip


def event_id(doc_id: str, idx: int) -> int:
    """A stable integer id: the document id's first 12 hex digits, then the
    event's index as the last four decimal digits (``int(hex12, 16) * 10000 + idx``)."""
    return int(doc_id[:12], 16) * 10000 + idx


def _actor(n: int, actor_id: str | None, name: str | None, doc: dict[str, Any]) -> dict[str, Any]:
    if actor_id is None:
        return {}
    known = doc["actors"].get(actor_id) or {}
    country, sector = known.get("country"), known.get("sector")
    return {
        f"Actor{n}Code": (country or "") + (sector or "") or None,
        f"Actor{n}Name": name or known.get("name"),
        f"Actor{n}CountryCode": country,
        f"Actor{n}Type1Code": sector,
    }


def _action_geo(row: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    place = doc["places"].get(row["place"]) if row["place"] is not None else None
    if place is None:
        return {}
    country = place["country"]
    usa = country == "USA"
    kind = {"country": 1, "region": 2 if usa else 5, "city": 3 if usa else 4}.get(place["precision"])
    code = fips(country)
    return {
        "ActionGeo_Type": kind,
        "ActionGeo_FullName": place["name"],
        "ActionGeo_CountryCode": code,
        "ActionGeo_ADM1Code": code + place["admin1"] if code and place["admin1"] else None,
        "ActionGeo_Lat": place["lat"],
        "ActionGeo_Long": place["lon"],
        "ActionGeo_FeatureID": str(place["geonameid"]) if place["geonameid"] is not None else None,
    }


def row(event: dict[str, Any], doc: dict[str, Any], merged: dict[str, Any] | None) -> dict[str, Any]:
    """One GDELT row for a ``query_events`` row, its document context
    (``tidings.store.events.document_context``) and merged event (or None)."""
    out: dict[str, Any] = {"GlobalEventID": event_id(event["doc_id"], event["idx"])}
    when = day(event["date_value"])
    if when is not None:
        length = 366 if calendar.isleap(when.year) else 365
        out.update(
            Day=int(when.strftime("%Y%m%d")),
            MonthYear=when.year * 100 + when.month,
            Year=when.year,
            FractionDate=round(when.year + (when.timetuple().tm_yday - 1) / length, 4),
        )
    actors, recipients = event["actors"], event["recipients"]
    out.update(_actor(1, actors[0] if actors else None, (event["actor_names"] or [None])[0], doc))
    out.update(_actor(2, recipients[0] if recipients else None, (event["recipient_names"] or [None])[0], doc))
    lead = doc["lead_end"]
    start = event["evidence_start"]
    out["IsRootEvent"] = int(lead is not None and start is not None and start < lead)
    out.update(
        EventCode=event["cameo"],
        EventBaseCode=event["cameo"],
        EventRootCode=event["cameo"],
        QuadClass=event["quad_class"],
        GoldsteinScale=event["goldstein"],
        NumMentions=merged["mentions"] if merged else 1,
        NumSources=merged["sources"] if merged else 1,
        NumArticles=merged["articles"] if merged else 1,
    )
    out.update(_action_geo(event, doc))
    added = timestamp(doc["created_at"])
    out["DATEADDED"] = int(added.strftime("%Y%m%d%H%M%S")) if added else None
    out["SOURCEURL"] = event["url"]
    return out
