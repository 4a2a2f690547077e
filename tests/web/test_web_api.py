"""The JSON twins and HTML pages through FastAPI's TestClient, on the
hand-made events database (``events_db``: three documents, five events)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tidings.errors import StoreError
from tidings.web import create_app

A, B, C = "a" * 32, "b" * 32, "c" * 32


@pytest.fixture
def client(events_db: str) -> TestClient:
    return TestClient(create_app(events_db))


def _keys(data: dict[str, Any]) -> list[tuple[str, int]]:
    return sorted((e["doc_id"], e["idx"]) for e in data["events"])


def test_every_api_route_has_an_html_twin_and_openapi_lists_them(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/overview", "/api/events", "/api/timeline", "/api/map", "/api/documents",
            "/api/documents/{doc_id}", "/api/actors", "/api/actors/{actor_id}", "/api/stories",
            "/api/stories/{story_id}"} <= paths  # fmt: skip
    assert all(p.startswith("/api/") for p in paths)
    for path in ("/", "/events", "/timeline", "/map", "/documents", f"/documents/{B}", "/actors",
                 "/actors/SYR-MIL", "/stories"):  # fmt: skip
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith("text/html")
    # the page links to its twin
    assert 'href="/api/events?type=ASSAULT"' in client.get("/events?type=ASSAULT").text


def test_security_headers_on_pages_json_and_static(client: TestClient) -> None:
    for path in ("/", "/api/events", "/static/app.css", "/missing"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "object-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_tiles_are_opt_in_and_widen_only_img_src(events_db: str) -> None:
    plain = TestClient(create_app(events_db)).get("/map")
    assert "tile.example" not in plain.text and "/static/world.svg" in plain.text
    tiled = TestClient(create_app(events_db, tiles="https://tile.example/{z}/{x}/{y}.png")).get("/map")
    assert "img-src 'self' https://tile.example;" in tiled.headers["content-security-policy"]
    assert 'href="https://tile.example/2/3/1.png"' in tiled.text
    from tidings.errors import ConfigError

    with pytest.raises(ConfigError, match=r"\{z\}"):
        create_app(events_db, tiles="javascript:alert(1)")


def test_events_filter_by_type_returns_exactly_the_matching_events(client: TestClient) -> None:
    everything = client.get("/api/events").json()
    assert everything["total"] == 5
    for t in ("ASSAULT", "protest", "Shelling/artillery/missile attack", "CONSULT"):
        got = client.get("/api/events", params={"type": t}).json()
        want = [
            (e["doc_id"], e["idx"])
            for e in everything["events"]
            if t.lower()
            in (e["type"].lower(), (e["acled_subtype"] or "").lower(), (e["acled_type"] or "").lower())
        ]
        assert _keys(got) == sorted(want), t
        assert got["total"] == len(want)


def test_events_filters(client: TestClient) -> None:
    def keys(**params: str) -> list[tuple[str, int]]:
        r = client.get("/api/events", params=params)
        assert r.status_code == 200, r.text
        return _keys(r.json())

    assert keys(place="alep") == [(B, 0)]
    assert keys(place="BEIRUT") == [(A, 1)]
    assert keys(verification="unverified") == [(B, 0)]
    assert keys(verification="none") == [(A, 0), (A, 1), (B, 1), (C, 0)]
    assert keys(status="denied") == [(C, 0)]
    assert keys(country="KEN") == [(A, 0)]
    assert keys(actor="hayat") == [(B, 1)]
    assert keys(since="2024-05-07", until="2024-05-07") == [(B, 0)]
    assert keys(since="2024-04-22", until="2024-04-22") == [(A, 0)]  # a week overlapping the day
    # full-text: words of the trigger or sentence, all of them, prefixes with *
    assert keys(q="Aleppo") == [(B, 0)]
    assert keys(q="villages Tuesday") == [(B, 0)]
    assert keys(q="villages Monday") == []
    assert keys(q="deploy*") == [(A, 1)]
    assert keys(q='"unbalanced (quote OR') == []  # no FTS syntax error reaches the user
    assert keys(type="ASSAULT", q="Nairobi") == []


def test_events_newest_first_and_paged(client: TestClient) -> None:
    data = client.get("/api/events").json()
    dates = [e["date_value"] for e in data["events"] if e["date_value"]]
    assert dates == sorted(dates, reverse=True)
    from tidings.store import open_store
    from tidings.web.queries import EventQuery, events_page

    with open_store(client.app.state.db, readonly=True) as store:  # type: ignore[attr-defined]
        pages = [events_page(store, EventQuery(), page=p, per_page=2) for p in (1, 2, 3)]
    assert [p["pages"] for p in pages] == [3, 3, 3]
    assert [len(p["events"]) for p in pages] == [2, 2, 1]
    seen = [k for p in pages for k in _keys(p)]
    assert sorted(seen) == _keys(data)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "yesterday"}, "not a date"),
        ({"status": "rumoured"}, "unknown event status"),
        ({"verification": "maybe"}, "unknown verification"),
        ({"country": "Syria"}, "three-letter code"),
        ({"since": "2024-05-02", "until": "2024-05-01"}, "nothing could match"),
    ],
)
def test_malformed_filters_are_400_with_the_reason(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    r = client.get("/api/events", params=params)
    assert r.status_code == 400 and message in r.json()["detail"]
    page = client.get("/events", params=params)
    assert page.status_code == 400 and message in page.text


def test_timeline_counts_by_day_and_quad_class(client: TestClient) -> None:
    data = client.get("/api/timeline").json()
    assert data["unit"] == "day" and data["total"] == 5
    by_day = {p["period"]: p for p in data["periods"]}
    # dated: shelling 05-07 (quad 4), threat 05-08 (published day, quad 3), march 04-22 (quad 1),
    # deployment: unresolved date -> published 05-01; talks: no date at all
    assert data["undated"] == 1
    assert by_day["2024-05-07"]["quad"] == {"1": 0, "2": 0, "3": 0, "4": 1}
    assert by_day["2024-05-08"]["count"] == 1 and by_day["2024-04-22"]["count"] == 1
    assert sum(p["count"] for p in data["periods"]) == 4
    assert data["periods"][0]["period"] == "2024-04-22" and data["periods"][-1]["period"] == "2024-05-08"
    assert len(data["periods"]) == 17  # empty days included


def test_map_groups_events_by_place(client: TestClient) -> None:
    data = client.get("/api/map").json()
    assert data["total"] == 5 and data["unplaced"] == 2
    assert {(p["name"], p["count"]) for p in data["places"]} == {("Aleppo", 1), ("Nairobi", 1), ("Beirut", 1)}
    page = client.get("/map?type=ASSAULT").text
    assert page.count('class="point"') == 1 and 'data-place="Aleppo"' in page


def test_actor_page_splits_roles_and_counts_interactions(client: TestClient) -> None:
    data = client.get("/api/actors/SYR-MIL").json()
    assert data["actor"]["name"] == "Syrian army" and data["actor"]["country"] == "SYR"
    assert _keys({"events": data["as_actor"]}) == [(B, 0)]
    assert data["as_recipient"] == []
    assert data["network"]["edges"] == [{"source": "SYR-MIL", "target": "doc:villagers", "count": 1}]
    villagers = client.get("/api/actors/doc:villagers").json()
    assert _keys({"events": villagers["as_recipient"]}) == [(B, 0)] and villagers["as_actor"] == []
    page = client.get("/actors/SYR-MIL").text
    assert 'data-source="SYR-MIL" data-target="doc:villagers" data-count="1"' in page
    assert client.get("/api/actors/NOBODY").status_code == 404
    index = client.get("/api/actors").json()["actors"]
    assert {
        "id": "SYR-MIL",
        "as_actor": 1,
        "as_recipient": 0,
        "name": "Syrian army",
        "country": "SYR",
    } in index


def test_document_highlights_sit_at_their_records_offsets(client: TestClient) -> None:
    data = client.get(f"/api/documents/{B[:6]}").json()  # an id prefix is enough
    text = data["text"]
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for h in data["highlights"]:
        assert text[h["start"] : h["end"]] == h["text"]
        by_kind.setdefault(h["kind"], []).append(h)
    shelling = by_kind["event"][0]
    assert (shelling["start"], shelling["end"], shelling["text"]) == (
        data["events"][0]["start"], data["events"][0]["end"], "shelled")  # fmt: skip
    assert shelling["href"] == "#event-0"
    assert [h["text"] for h in by_kind["place"]] == ["Aleppo"] and [h["text"] for h in by_kind["date"]] == [
        "Tuesday"
    ]
    page = client.get(f"/documents/{B}").text
    start, end = data["events"][0]["start"], data["events"][0]["end"]
    assert (
        f'<a class="hl hl-event" id="hl-event-0" href="#event-0" data-kind="event" data-idx="0" '
        f'data-start="{start}" data-end="{end}" title="ASSAULT (occurred)">shelled</a>'
    ) in page
    assert 'id="event-0"' in page and 'href="#hl-event-0"' in page
    assert client.get("/api/documents/ffff").status_code == 404
    assert client.get("/documents/ffff").status_code == 404


def test_overlapping_marks_keep_the_higher_one_whole() -> None:
    from tidings.web.document import layout

    text = "Army shelled Aleppo city today"
    marks = [
        {"kind": "actor", "idx": 0, "start": 0, "end": 12, "label": "", "href": "#actor-0"},
        {"kind": "event", "idx": 0, "start": 5, "end": 12, "label": "", "href": "#event-0"},
        {"kind": "quote", "idx": 0, "start": 5, "end": 24, "label": "", "href": "#quote-0", "speaker": None},
        {"kind": "place", "idx": 0, "start": 13, "end": 24, "label": "", "href": "#place-0"},
    ]
    (para,) = layout(text, [{"label": "body", "start": 0, "end": len(text)}], [], marks)
    flat = []
    for n in para["nodes"]:
        for c in n.children or [n]:
            flat.append((c.hl["kind"] if c.hl else None, text[c.start : c.end]))
    assert flat == [("actor", "Army "), ("event", "shelled"), (None, " "), ("place", "Aleppo city"),
                    (None, " today")]  # fmt: skip
    assert "".join(t for _, t in flat) == text


STORY = "story-1"


@pytest.fixture
def story_db(events_db: str) -> str:
    conn = sqlite3.connect(events_db)
    with conn:
        conn.execute(
            """INSERT INTO stories VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (STORY, "Shelling <script>window.x=1</script> near Aleppo", "The Syrian army shelled",
             B, 38, 80, "2024-05-07", "2024-05-08", 2, 2, '["SYR-MIL", "doc:villagers"]', '["Aleppo"]',
             "test"),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO story_documents VALUES (?,?,?,?,?,?,?)",
            [(B, STORY, 0, 1.0, None, None, None), (A, STORY, 1, 0.8, B, 0.93, 0.87),
             (C, STORY, 2, 0.7, A, 0.91, None)],
        )
        conn.execute(
            """INSERT INTO merged_events (id, story_id, type, mode, actors, recipients, place, country, date,
                   dead, mentions, articles, sources, first_doc, first_seen, corroboration, conflicts)
               VALUES ('m1', ?, 'ASSAULT', 'artillery', '["SYR-MIL"]', '["doc:villagers"]', 'Aleppo', 'SYR',
                       '2024-05-07', 4, 2, 2, 2, ?, '2024-05-08', 'contested',
                       '[{"field": "dead", "values": [["a", 0, "4"], ["b", 0, "5"]]}]')""",
            (STORY, B),
        )
        conn.executemany("INSERT INTO merged_event_mentions VALUES (?,?,?)", [(B, 0, "m1"), (A, 0, "m1")])
    conn.close()
    return events_db


def test_story_page(story_db: str) -> None:
    client = TestClient(create_app(story_db))
    data = client.get(f"/api/stories/{STORY}").json()
    assert [d["doc_id"] for d in data["documents"]] == [B, A, C]
    assert [d["chain"] for d in data["documents"]] == [[], [B], [A, B]]
    assert [d["join_probability"] for d in data["documents"]] == [None, 0.87, None]
    assert [a["name"] for a in data["story"]["actors"]] == ["Syrian army", "villagers"]
    (m,) = data["merged_events"]
    assert (m["articles"], m["sources"], m["corroboration"]) == (2, 2, "contested")
    assert [(x["doc_id"], x["idx"], x["trigger"]) for x in m["event_mentions"]] == [
        (A, 0, "marched"),
        (B, 0, "shelled"),
    ]
    page = client.get(f"/stories/{STORY}").text
    assert "Shelling &lt;script&gt;window.x=1&lt;/script&gt; near Aleppo" in page
    assert "<script>window.x" not in page
    assert '<td class="num">0.87</td>' in page and '<td class="num">–</td>' in page  # join model or not
    assert "dead: 4 (1 document), 5 (1 document)" in page and f'href="/documents/{B}#event-0"' in page
    overview = client.get("/api/overview").json()
    assert overview["latest_stories"][0]["id"] == STORY
    assert client.get("/api/stories/nope").status_code == 404
    assert f'href="/documents/{A}"' in client.get(f"/documents/{C}").text  # copy of


def test_no_stories_says_so(client: TestClient) -> None:
    assert client.get("/api/overview").json()["latest_stories"] == []
    assert "No stories yet" in client.get("/").text
    assert "No stories yet" in client.get("/stories").text


def test_documents_search(client: TestClient) -> None:
    data = client.get("/api/documents", params={"q": "Aleppo"}).json()
    assert [d["id"] for d in data["documents"]] == [B] and data["total"] == 1
    hits = [p["text"] for p in data["documents"][0]["snippet"] if p["hit"]]
    assert hits and all(h == "Aleppo" for h in hits)
    assert client.get("/api/documents", params={"q": "Umit"}).json()["total"] == 1  # diacritics folded
    assert client.get("/api/documents", params={"q": "!!"}).json()["total"] == 0
    assert client.get("/api/documents").json()["total"] == 3
    assert "<mark>Aleppo</mark>" in client.get("/documents?q=Aleppo").text


def test_the_server_cannot_write(events_db: str) -> None:
    app = create_app(events_db)
    from tidings.store import open_store

    with open_store(events_db, readonly=True) as store, pytest.raises(StoreError):
        try:
            store.conn.execute("DELETE FROM events")
        except sqlite3.OperationalError as exc:
            raise StoreError(str(exc)) from None
    before = Path(events_db).stat().st_mtime_ns
    TestClient(app).get("/api/events")
    assert Path(events_db).stat().st_mtime_ns == before


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tidings.cli import main

    missing = tmp_path / "nope.db"
    with pytest.raises(StoreError, match="database not found"):
        create_app(str(missing))
    result = CliRunner().invoke(main, ["serve", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"tidings: {missing}: database not found (run `tidings ingest` first)"
    ]
    assert not missing.exists()


def test_a_merged_events_conflict_reads_as_values_and_their_documents() -> None:
    from tidings.web.stories import _conflict_line

    values = [["d1", 0, "12"], ["d1", 1, "12"], ["d2", 0, "12"], ["d3", 4, "15"]]
    conflict = {"field": "dead", "values": values}
    assert _conflict_line(conflict) == "dead: 12 (2 documents), 15 (1 document)"
