"""ACLED rows from tidings events (``--schema acled``).

ACLED's columns, in the order of its codebook. Only events with an ACLED
event type are exported (``acled_type`` is null where ACLED would not record
the event). ``docs/exports.md`` has the mapping table; in short: the event
type and sub-event type are tidings' own ACLED coding; the disorder type
follows from them as in ACLED's codebook; actor1 is the event's first actor,
assoc_actor_1 the others (likewise actor2 and the recipients); inter codes
come from the actor's kind and sector; the location is the event's place.
"""

from __future__ import annotations

from typing import Any

from tidings.export.codes import country_name, day, iso_numeric, timestamp
from tidings.export.columns import FLOAT, INT, STR, cols

COLUMNS = cols(
    ("event_id_cnty", STR), ("event_date", STR), ("year", INT), ("time_precision", INT),
    ("disorder_type", STR), ("event_type", STR), ("sub_event_type", STR),
    ("actor1", STR), ("assoc_actor_1", STR), ("inter1", INT),
    ("actor2", STR), ("assoc_actor_2", STR), ("inter2", INT), ("interaction", INT),
    ("civilian_targeting", STR), ("iso", INT), ("region", STR), ("country", STR),
    ("admin1", STR), ("admin2", STR), ("admin3", STR), ("location", STR),
    ("latitude", FLOAT), ("longitude", FLOAT), ("geo_precision", INT),
    ("source", STR), ("source_scale", STR), ("notes", STR), ("fatalities", INT),
    ("tags", STR), ("timestamp", INT),
)  # fmt: skip

#: ACLED's time_precision: 1 the day is known, 2 the week, 3 only the month or more.
TIME_PRECISION = {"day": 1, "week": 2, "published": 2, "month": 3, "season": 3, "year": 3}
#: ACLED's geo_precision: 1 the town, 2 near a town or part of a region, 3 a region or larger.
GEO_PRECISION = {"city": 1, "region": 3, "country": 3}

#: ACLED inter codes: 1 state forces, 2 rebel groups, 3 political militias,
#: 4 identity militias, 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
_INTER_BY_SECTOR = {
    "GOV": 1, "MIL": 1, "COP": 1, "SPY": 1, "REB": 2, "INS": 2, "PRM": 3, "UAF": 3,
    "ETH": 4, "CVL": 7, "JRN": 7, "REF": 7, "EDU": 7, "HLH": 7, "LAB": 7, "REL": 7, "BUS": 7,
}  # fmt: skip
_INTER_BY_KIND = {
    "state": 1, "government": 1, "armed_force": 1, "armed_group": 3, "civilians": 7, "media": 7,
    "igo": 8, "person": 7,
}  # fmt: skip
_INTERNATIONAL = {"IGO", "UNO", "EUR", "NGO", "IMG", "MNC", "ISM"}


def disorder_type(event_type: str, sub_event_type: str | None) -> str:
    """ACLED's disorder type of an event type and sub-event type."""
    if event_type == "Strategic developments":
        return "Strategic developments"
    if event_type == "Protests":
        if sub_event_type == "Excessive force against protesters":
            return "Political violence; Demonstrations"
        return "Demonstrations"
    if event_type == "Riots" and sub_event_type != "Mob violence":
        return "Demonstrations"
    return "Political violence"


def inter(actor: dict[str, Any] | None, event_type: str, first: bool) -> int | None:
    """ACLED inter code of an actor (its ``actors`` row), or None when unknown.

    The crowd of a protest (first actor) is 6, of a riot 5, whoever it is
    otherwise; international organisations are 8.
    """
    if actor is None:
        return None
    sector, kind = actor.get("sector"), actor.get("kind")
    if first and event_type in ("Protests", "Riots") and _INTER_BY_SECTOR.get(sector or "") != 1:
        return 6 if event_type == "Protests" else 5
    if actor.get("country") in _INTERNATIONAL or kind == "igo":
        return 8
    return _INTER_BY_SECTOR.get(sector or "") or _INTER_BY_KIND.get(kind or "")


def interaction(inter1: int | None, inter2: int | None, *, has_actor2: bool) -> int | None:
    """ACLED's interaction code: the two inter codes, lower first (17); one
    actor alone is its code times ten (10); None when an actor's code is unknown."""
    if inter1 is None or (has_actor2 and inter2 is None):
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _side(ids: list[str], names: list[str | None], doc: dict[str, Any]) -> tuple[Any, Any, Any]:
    """(actor name, associated actors, the first actor's record)."""
    if not ids:
        return None, None, None
    known = doc["actors"]
    shown = [n or (known.get(i) or {}).get("name") or i for i, n in zip(ids, names, strict=False)]
    return shown[0], "; ".join(shown[1:]) or None, known.get(ids[0])


def row(event: dict[str, Any], doc: dict[str, Any], merged: dict[str, Any] | None) -> dict[str, Any] | None:
    """One ACLED row for a ``query_events`` row and its document context, or
    None when the event has no ACLED type."""
    kind, sub = event["acled_type"], event["acled_subtype"]
    if not kind:
        return None
    place = doc["places"].get(event["place"]) if event["place"] is not None else None
    iso3 = place["country"] if place else None
    when = day(event["date_value"])
    actor1, assoc1, first = _side(event["actors"], event["actor_names"], doc)
    actor2, assoc2, second = _side(event["recipients"], event["recipient_names"], doc)
    inter1, inter2 = inter(first, kind, True), inter(second, kind, False)
    targets = [inter(doc["actors"].get(r), kind, False) for r in event["recipients"]]
    violent = disorder_type(kind, sub).startswith("Political violence")
    tags = []
    if event["size"] is not None and kind in ("Protests", "Riots"):
        tags.append(f"crowd size={int(event['size'])}")
    if event["status"] != "occurred":
        tags.append(f"status={event['status']}")
    added = timestamp(doc["created_at"])
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}-{event['doc_id'][:12]}-{event['idx']}",
        "event_date": when.isoformat() if when else None,
        "year": when.year if when else None,
        "time_precision": TIME_PRECISION.get(event["date_precision"] or ""),
        "disorder_type": disorder_type(kind, sub),
        "event_type": kind,
        "sub_event_type": sub,
        "actor1": actor1,
        "assoc_actor_1": assoc1,
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": assoc2,
        "inter2": inter2,
        "interaction": interaction(inter1, inter2, has_actor2=bool(event["recipients"])),
        "civilian_targeting": "Civilian targeting"
        if kind == "Violence against civilians" or (violent and 7 in targets)
        else None,
        "iso": iso_numeric(iso3),
        "country": country_name(iso3),
        "admin1": place["name"] if place and place["precision"] == "region" else None,
        "location": (
            place["name"] if place["precision"] != "country" else country_name(iso3) or place["name"]
        )
        if place
        else None,
        "latitude": place["lat"] if place else None,
        "longitude": place["lon"] if place else None,
        "geo_precision": GEO_PRECISION.get(place["precision"]) if place else None,
        "source": event["site"],
        "notes": event["evidence"],
        "fatalities": int(event["dead"]) if event["dead"] is not None else 0,
        "tags": "; ".join(tags) or None,
        "timestamp": int(added.timestamp()) if added else None,
    }
