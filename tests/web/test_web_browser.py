"""End to end in headless Chromium (Debian's, at /usr/bin/chromium): the real
pipeline's output for the samples, the seeds and hostile pages (script tags,
event-handler attributes, ``javascript:`` links, HTML in titles, quotes, site
names and URLs), served by uvicorn. Screenshots of failures go to
``tests/artifacts/``."""

from __future__ import annotations

from typing import Any

import pytest

HOSTILE_TITLE = 'window.__pwned = "title"'
# Every hostile page tries to set window.__pwned; nothing may.
PWNED = "() => [typeof window.__pwned, typeof window.__csp]"
INERT = "() => document.querySelectorAll('script, iframe, object, embed, img:not([src^=\"/\"])').length"
HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(
    el => [...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))"""
LIVE_JS_LINKS = """() => [...document.querySelectorAll('[href], [src], [action], [formaction]')].filter(
    el => ['href', 'src', 'action', 'formaction'].some(
        n => (el.getAttribute(n) || '').trim().toLowerCase().startsWith('javascript:'))).length"""


def _api(page: Any, url: str) -> Any:
    response = page.request.get(url)
    assert response.ok, url
    return response.json()


def _hostile_docs(page: Any, server: str) -> list[dict[str, Any]]:
    docs = _api(page, f"{server}/api/documents?q=pwned")["documents"]
    assert len(docs) == 2, "the hostile fixture pages should be stored with their markup as text"
    return docs


def test_filter_events_in_the_form(page: Any, server: str) -> None:
    page.goto(f"{server}/events")
    total = _api(page, f"{server}/api/events")["total"]
    assert int(page.text_content("#total") or 0) == total > 50
    page.fill("input[name=type]", "assault")
    page.select_option("select[name=status]", "occurred")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*type=assault*")
    want = _api(page, f"{server}/api/events?type=assault&status=occurred")
    assert 0 < want["total"] < total
    assert int(page.text_content("#total") or 0) == want["total"]
    rows = page.locator("table.events tbody tr")
    assert rows.count() == min(want["total"], want["per_page"])
    assert set(page.eval_on_selector_all("table.events tbody tr", "rs => rs.map(r => r.dataset.type)")) == {
        "ASSAULT"
    }
    shown = page.eval_on_selector_all(
        "table.events tbody tr", "rs => rs.map(r => [r.dataset.doc, Number(r.dataset.idx)])"
    )
    assert shown == [[e["doc_id"], e["idx"]] for e in want["events"]]
    # full-text search through the same form
    page.fill("input[name=q]", "Aleppo")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**q=Aleppo*")
    found = _api(page, f"{server}/api/events?type=assault&status=occurred&q=Aleppo")
    assert 0 < found["total"] == int(page.text_content("#total") or 0)
    assert all("aleppo" in (e["evidence"] or "").lower() for e in found["events"])


def test_document_highlights_link_to_their_records(page: Any, server: str) -> None:
    doc = next(d for d in _hostile_docs(page, server) if "Aleppo" in (d["title"] or ""))
    data = _api(page, f"{server}/api/documents/{doc['id']}")
    assert data["events"] and data["places"] and data["quotes"]
    page.goto(f"{server}/documents/{doc['id']}")
    text = data["text"]
    for i, event in enumerate(data["events"]):
        mark = page.locator(f"#hl-event-{i}")
        assert mark.text_content() == text[event["start"] : event["end"]] == event["trigger"]
        assert int(mark.get_attribute("data-start") or -1) == event["start"]
        assert int(mark.get_attribute("data-end") or -1) == event["end"]
    for i, place in enumerate(data["places"]):
        mark = page.locator(f"#hl-place-{i}")
        if mark.count():  # a place inside an event trigger yields to it
            assert mark.text_content() == text[place["start"] : place["end"]]
    # a quotation shows its speaker and links to its record
    quoted = [i for i, q in enumerate(data["quotes"]) if q["speaker_text"]]
    assert quoted
    i = quoted[0]
    assert page.locator(f'a.speaker[data-idx="{i}"]').count() == 1
    page.click("#hl-event-0")
    assert page.url.endswith("#event-0")
    assert page.locator("#event-0").is_visible()
    assert data["events"][0]["type"] in (page.text_content("#event-0") or "")
    # the removed boilerplate is behind the toggle
    removed = page.locator("aside.removed")
    assert removed.count() == len(data["removed"]) > 0
    assert not removed.first.is_visible()
    page.click("label[for=show-removed]")
    assert removed.first.is_visible()
    assert "Share this article" in (page.text_content("#doctext") or "")


@pytest.mark.parametrize(
    "where", ["overview", "events", "documents", "hostile-docs", "actors", "map", "timeline"]
)
def test_hostile_page_text_never_runs(page: Any, server: str, where: str) -> None:
    urls = {
        "overview": ["/"],
        "events": ["/events", "/events?q=pwned", "/events?q=pwned&page=1"],
        "documents": ["/documents", "/documents?q=pwned"],
        "hostile-docs": [f"/documents/{d['id']}" for d in _hostile_docs(page, server)],
        "actors": ["/actors", "/actors/KEN-GOV", "/actors/SYR"],
        "map": ["/map?q=pwned"],
        "timeline": ["/timeline?q=pwned"],
    }[where]
    for url in urls:
        response = page.goto(server + url)
        assert response is not None and response.status == 200, url
        assert "default-src 'self'" in (response.headers.get("content-security-policy") or "")
        page.evaluate(
            "() => document.querySelectorAll('*').forEach(el => ['mouseover', 'click', 'focus'].forEach("
            "t => t === 'click' && el.closest('a') ? null : el.dispatchEvent(new Event(t, {bubbles: true}))))"
        )
        page.wait_for_timeout(50)
        assert page.evaluate(PWNED) == ["undefined", "undefined"], url
        assert page.evaluate(INERT) == 0, url
        assert page.evaluate(HANDLERS) == [], url
        assert page.evaluate(LIVE_JS_LINKS) == 0, url
    if where == "hostile-docs":
        body = page.text_content("body") or ""
        assert "<script>" in body or "<img src=x onerror=" in body  # shown as text


def test_hostile_titles_and_urls_show_as_text(page: Any, server: str) -> None:
    docs = _hostile_docs(page, server)
    html_doc = next(d for d in docs if "Aleppo" in (d["title"] or ""))
    page.goto(f"{server}/documents/{html_doc['id']}")
    assert HOSTILE_TITLE in (page.text_content("h1") or "")
    assert page.locator("h1 *").count() == 0  # no element made from the title
    jsonl_doc = next(d for d in docs if "Nairobi" in (d["title"] or ""))
    page.goto(f"{server}/documents/{jsonl_doc['id']}")
    url = page.locator(".source-url")
    assert url.text_content() == jsonl_doc["url"] and url.text_content().startswith("javascript:")
    assert url.evaluate("el => el.tagName") == "SPAN"  # not a link
    assert "<b onmouseover=" in (page.text_content("p.meta") or "")


def test_csp_blocks_script_even_if_one_got_in(page: Any, server: str) -> None:
    page.goto(f"{server}/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__csp = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(50)
    assert page.evaluate(PWNED) == ["undefined", "undefined"]
    assert any("Content Security Policy" in e for e in page.errors)


def test_timeline_and_map_draw_their_data(page: Any, server: str) -> None:
    data = _api(page, f"{server}/api/timeline?type=ASSAULT")
    page.goto(f"{server}/timeline?type=ASSAULT")
    counts = page.eval_on_selector_all("#timeline g.bar", "gs => gs.map(g => Number(g.dataset.count))")
    assert counts == [p["count"] for p in data["periods"]] and sum(counts) == data["total"] - data["undated"]
    places = _api(page, f"{server}/api/map")["places"]
    page.goto(f"{server}/map")
    drawn = page.eval_on_selector_all("#map circle.point", "cs => cs.map(c => c.dataset.place)")
    assert sorted(drawn) == sorted(p["name"] for p in places)
    assert page.locator("#map image.outline").count() == 1
    assert not page.errors
