"""POLECAT rows from tidings events (``--schema polecat``).

The columns of the POLECAT weekly files (Harvard Dataverse, doi
10.7910/DVN/AJGVIT), in their order, followed by tidings columns that
PLOVER's JSON fields name (``event_text``, story and source; PLOVER manual
ch. 6: "providers should feel free to include named fields beyond those
provided"). Several actors or recipients are ``;``-joined, aligned across
Name, Country, Sectors, Title, Name Raw and Wikipedia ID. ``docs/exports.md``
has the mapping table.
"""

from __future__ import annotations

from typing import Any

from tidings import __version__
from tidings.export.codes import country_name, day, joined
from tidings.export.columns import FLOAT, INT, STR, cols

COLUMNS = cols(
    ("Event ID", STR), ("Event Date", STR), ("Event Type", STR), ("Event Mode", STR),
    ("Intensity", FLOAT), ("Quad Code", INT), ("Contexts", STR),
    ("Actor Name", STR), ("Actor Country", STR), ("Actor COW", STR), ("Primary Actor Sector", STR),
    ("Actor Sectors", STR), ("Actor Title", STR), ("Actor Name Raw", STR), ("Wikipedia Actor ID", STR),
    ("Recipient Name", STR), ("Recipient Country", STR), ("Recipient COW", STR),
    ("Primary Recipient Sector", STR), ("Recipient Sectors", STR), ("Recipient Title", STR),
    ("Recipient Name Raw", STR), ("Wikipedia Recipient ID", STR),
    ("Placename", STR), ("City", STR), ("District", STR), ("Province", STR), ("Country", STR),
    ("Latitude", FLOAT), ("Longitude", FLOAT), ("GeoNames ID", INT), ("Raw Placename", STR),
    ("Feature Type", STR), ("Source", STR), ("Publication Date", STR), ("Story People", STR),
    ("Story Organizations", STR), ("Story Locations", STR), ("Language", STR), ("Version", STR),
    # tidings' own, named after PLOVER JSON fields
    ("Event Text", STR), ("Event Trigger", STR), ("Event Status", STR), ("Story ID", STR),
    ("Source URL", STR), ("Document ID", STR), ("Event Index", INT),
)  # fmt: skip

#: GeoNames feature code of a place's precision (POLECAT's Feature Type).
FEATURE_TYPE = {"city": "PPL", "region": "ADM1", "country": "PCLI"}
_PEOPLE = {"person"}
_NOT_ORGS = {"person", "state", "civilians"}


def _side(prefix: str, ids: list[str], mentions: list[int], doc: dict[str, Any]) -> dict[str, Any]:
    known = [doc["actors"].get(i) or {} for i in ids]
    raw = [doc["mentions"].get(m) for m in mentions]
    sectors = [a.get("sector") for a in known]
    names = [a.get("name") or i for a, i in zip(known, ids, strict=True)]
    plural = "Actor" if prefix == "Actor" else "Recipient"
    return {
        f"{plural} Name": joined(names),
        f"{plural} Country": joined(a.get("country") for a in known),
        f"Primary {plural} Sector": next((s for s in sectors if s), None),
        f"{plural} Sectors": joined(sectors),
        f"{plural} Title": joined(a.get("role") for a in known),
        f"{plural} Name Raw": joined(raw),
        f"Wikipedia {plural} ID": joined(a.get("wikidata") for a in known),
    }


def row(event: dict[str, Any], doc: dict[str, Any], merged: dict[str, Any] | None) -> dict[str, Any]:
    """One POLECAT row for a ``query_events`` row and its document context."""
    when = day(event["date_value"])
    out: dict[str, Any] = {
        "Event ID": f"{event['doc_id']}-{event['idx']}",
        "Event Date": when.isoformat() if when else None,
        "Event Type": event["type"],
        "Event Mode": event["mode"],
        "Intensity": event["goldstein"],
        "Quad Code": event["quad_class"],
        "Contexts": joined(event["context"]),
    }
    out.update(_side("Actor", event["actors"], event["actor_mentions"], doc))
    out.update(_side("Recipient", event["recipients"], event["recipient_mentions"], doc))
    place = doc["places"].get(event["place"]) if event["place"] is not None else None
    if place is not None:
        out.update(
            {
                "Placename": place["name"],
                "City": place["name"] if place["precision"] == "city" else None,
                "Province": place["name"] if place["precision"] == "region" else None,
                "Country": country_name(place["country"]),
                "Latitude": place["lat"],
                "Longitude": place["lon"],
                "GeoNames ID": place["geonameid"],
                "Raw Placename": place["text"],
                "Feature Type": FEATURE_TYPE.get(place["precision"]),
            }
        )
    actors = doc["actors"].values()
    locations = dict.fromkeys(p["name"] for p in doc["places"].values())
    out.update(
        {
            "Source": event["site"],
            "Publication Date": event["published"],
            "Story People": joined(a["name"] for a in actors if a["kind"] in _PEOPLE),
            "Story Organizations": joined(a["name"] for a in actors if a["kind"] not in _NOT_ORGS),
            "Story Locations": joined(locations),
            "Language": doc["language"],
            "Version": f"tidings {__version__}",
            "Event Text": event["evidence"],
            "Event Trigger": event["trigger_text"],
            "Event Status": event["status"],
            "Story ID": doc["story_id"],
            "Source URL": event["url"],
            "Document ID": event["doc_id"],
            "Event Index": event["idx"],
        }
    )
    return out
