"""GDELT, ACLED and POLECAT rows: declared columns, and values that equal
what the store holds (real pipeline output, and the hand-made events)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from tidings.export import acled, gdelt, plan, polecat
from tidings.store import open_store

GDELT_61 = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def _pairs(db: str, schema: str, **filters: Any) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(native row, schema row) for each event, matched by position."""
    with open_store(db, readonly=True) as store:
        native = [r for b in plan(store, "events", filters=filters).batches for r in b]
        mapped = [r for b in plan(store, "events", schema=schema, filters=filters).batches for r in b]
    if schema == "acled":
        native = [r for r in native if r["acled_type"]]
    assert len(native) == len(mapped)
    return list(zip(native, mapped, strict=True))


def test_gdelt_has_the_61_columns_in_order(real_db: str, tmp_path: Path) -> None:
    assert [c.name for c in gdelt.COLUMNS] == GDELT_61
    out = tmp_path / "g.parquet"
    with open_store(real_db, readonly=True) as store:
        from tidings.export import export

        n = export(store, "events", out, format="parquet", schema="gdelt")
    table = pq.read_table(out)
    assert table.column_names == GDELT_61 and table.num_rows == n > 100
    assert str(table.schema.field("EventRootCode").type) == "string"  # "04" keeps its zero
    assert str(table.schema.field("Day").type) == "int64"


def test_gdelt_values_come_from_the_stored_events(real_db: str) -> None:
    pairs = _pairs(real_db, "gdelt")
    with open_store(real_db, readonly=True) as store:
        merged = {
            (r["doc_id"], r["idx"]): (r["mentions"], r["sources"], r["articles"])
            for r in store.conn.execute(
                """SELECT m.doc_id, m.idx, e.mentions, e.sources, e.articles
                   FROM merged_event_mentions m JOIN merged_events e ON e.id = m.merged_id"""
            )
        }
    assert merged, "tidings run links the documents and merges their events"
    for event, row in pairs:
        assert row["EventRootCode"] == row["EventCode"] == event["cameo"]
        assert row["QuadClass"] == event["quad_class"] and row["GoldsteinScale"] == event["goldstein"]
        counts = merged.get((event["doc_id"], event["idx"]), (1, 1, 1))
        assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == counts
        assert row["SOURCEURL"] == event["url"]
        assert row["GlobalEventID"] % 10000 == event["idx"]
        if event["date_value"]:
            assert str(row["Day"]) == event["date_value"][:10].replace("-", "")
            assert row["Year"] == int(event["date_value"][:4]) == int(row["FractionDate"])
        assert (
            row.get("ActionGeo_Lat") == event["lat"] and row.get("ActionGeo_FullName") == event["place_name"]
        )
        assert (row.get("Actor1Name") is None) == (not event["actors"])
        assert "AvgTone" not in row and "Actor1Geo_Lat" not in row  # written empty
    assert len({row["GlobalEventID"] for _, row in pairs}) == len(pairs)
    assert {row["IsRootEvent"] for _, row in pairs} == {0, 1}


def test_gdelt_on_hand_made_events(events_db: str) -> None:
    rows = {e["trigger"]: r for e, r in _pairs(events_db, "gdelt")}
    shelling = rows["shelled"]
    assert shelling["Day"] == 20240507 and shelling["MonthYear"] == 202405
    assert shelling["Actor1Code"] == "SYRMIL" and shelling["Actor1Name"] == "Syrian army"
    assert shelling["Actor1CountryCode"] == "SYR" and shelling["Actor1Type1Code"] == "MIL"
    assert shelling["Actor2Code"] == "SYRCVL" and shelling["Actor2Name"] == "villagers"
    # FIPS 10-4 (GDELT's country codes) from GeoNames; ADM1 is FIPS + the admin1 code.
    assert shelling["ActionGeo_CountryCode"] == "SY" and shelling["ActionGeo_ADM1Code"] == "SY09"
    assert shelling["ActionGeo_Type"] == 4 and shelling["IsRootEvent"] == 1
    assert rows["threatened"]["IsRootEvent"] == 1  # the body is one paragraph: all of it leads
    assert "Day" not in rows["talks"]  # no date, no publication date: written empty


def test_acled_keeps_events_acled_codes_and_fills_them(real_db: str) -> None:
    assert [c.name for c in acled.COLUMNS] == ACLED_COLUMNS
    pairs = _pairs(real_db, "acled")
    assert len(pairs) > 50
    for event, row in pairs:
        assert row["event_type"] == event["acled_type"]
        assert row["sub_event_type"] == event["acled_subtype"]
        assert row["fatalities"] == int(event["dead"] or 0)
        assert row["notes"] == event["evidence"] and row["source"] == event["site"]
        assert row["latitude"] == event["lat"]
    assert {r["disorder_type"] for _, r in pairs} >= {"Political violence", "Strategic developments"}


def test_acled_on_hand_made_events(events_db: str) -> None:
    rows = {e["trigger"]: r for e, r in _pairs(events_db, "acled")}
    assert set(rows) == {"shelled", "marched"}  # the others have no ACLED type
    shelling, march = rows["shelled"], rows["marched"]
    assert shelling["event_id_cnty"].startswith("SYR-")
    assert (shelling["iso"], shelling["country"], shelling["location"]) == (760, "Syria", "Aleppo")
    assert (shelling["inter1"], shelling["inter2"], shelling["interaction"]) == (1, 7, 17)
    assert shelling["civilian_targeting"] == "Civilian targeting"
    assert shelling["disorder_type"] == "Political violence" and shelling["fatalities"] == 4
    assert (shelling["time_precision"], shelling["geo_precision"]) == (1, 1)
    assert march["inter1"] == 6 and march["interaction"] == 60  # protesters alone
    assert march["disorder_type"] == "Demonstrations" and march["time_precision"] == 2
    assert march["tags"] == "crowd size=2000; status=ongoing"


@pytest.mark.parametrize(
    ("kind", "sub", "want"),
    [
        ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
        ("Riots", "Mob violence", "Political violence"),
        ("Riots", "Violent demonstration", "Demonstrations"),
        ("Strategic developments", "Arrests", "Strategic developments"),
        ("Battles", "Armed clash", "Political violence"),
    ],
)
def test_acled_disorder_types(kind: str, sub: str, want: str) -> None:
    assert acled.disorder_type(kind, sub) == want


def test_polecat_columns_and_values(real_db: str) -> None:
    names = [c.name for c in polecat.COLUMNS]
    assert names[:3] == ["Event ID", "Event Date", "Event Type"] and names[39] == "Version"
    assert {"Actor Name", "Actor Country", "Primary Actor Sector", "Recipient Name", "Latitude"} <= set(names)
    for event, row in _pairs(real_db, "polecat"):
        assert row["Event Type"] == event["type"] and row["Event Mode"] == event["mode"]
        assert row["Quad Code"] == event["quad_class"] and row["Intensity"] == event["goldstein"]
        assert row["Event Text"] == event["evidence"] and row["Document ID"] == event["doc_id"]
        names_given = [n for n in event["actor_names"] if n]
        if names_given and len(names_given) == len(event["actors"]):
            assert row["Actor Name"] == ";".join(names_given)
        assert row.get("Latitude") == event["lat"]


def test_polecat_on_hand_made_events(events_db: str) -> None:
    rows = {e["trigger"]: r for e, r in _pairs(events_db, "polecat")}
    shelling = rows["shelled"]
    assert shelling["Actor Name"] == "Syrian army" and shelling["Actor Country"] == "SYR"
    assert shelling["Primary Actor Sector"] == "MIL" and shelling["Recipient Sectors"] == "CVL"
    assert shelling["Contexts"] == "military" and shelling["Event Date"] == "2024-05-07"
    assert (shelling["City"], shelling["Country"], shelling["Feature Type"]) == ("Aleppo", "Syria", "PPL")
    assert shelling["Story Organizations"] == "Syrian army;Hayat Tahrir al-Şam"
