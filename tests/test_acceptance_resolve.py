"""Acceptance for who/where/when/how many/says who, on the two seed pages.

Facts decided by reading the pages. Seed 001 (a copy of a Wall Street
Journal report) is dated here 2012-08-27, a Monday: the Non-Aligned Movement
summit it mentions ("this week in Tehran", "the five-day conference, which
started Sunday") opened in Tehran on Sunday 26 August 2012. So "Monday" is
2012-08-27 and "Thursday" 2012-08-23.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tidings
from tidings.records import Article

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PUBLISHED = "2012-08-27"


@pytest.fixture(scope="module")
def wsj() -> Article:
    path = SEEDS / "001_679cfeae917c6907.txt"
    if not path.exists():
        pytest.skip("../shared/seeds not present")
    return tidings.process_text(path.read_text(encoding="utf-8"), published=PUBLISHED)


@pytest.fixture(scope="module")
def blog() -> Article:
    path = SEEDS / "000_060b5fdd22268dd8.txt"
    if not path.exists():
        pytest.skip("../shared/seeds not present")
    return tidings.process_text(path.read_text(encoding="utf-8"), published="2012-08-20")


def _actor_of(art: Article, surface: str) -> tidings.records.Actor:
    """The actor that the first mention whose text contains ``surface`` resolves to."""
    by_id = {a.id: a for a in art.actors}
    for m in art.mentions:
        if surface in m.text:
            assert art.text[m.start : m.end] == m.text
            return by_id[m.actor]
    raise AssertionError(f"no mention of {surface!r}: {[m.text for m in art.mentions]}")


@pytest.mark.parametrize(
    ("surface", "country", "sector"),
    [
        ("Revolutionary Guard Corps", "IRN", "MIL"),
        ("IRGC", "IRN", "MIL"),
        ("Quds Force", "IRN", "MIL"),
        ("Free Syrian Army", "SYR", "REB"),
        ("Ahmad Vahidi", "IRN", "GOV"),
        ("Salar Abnoush", "IRN", "MIL"),
        ("Ali Akbar Salehi", "IRN", "GOV"),
        ("Khamenei", "IRN", "GOV"),
        ("Bashar al-Assad", "SYR", "GOV"),
        ("Ali Haidar", "SYR", "GOV"),
    ],
)
def test_actors_with_country_and_sector(wsj: Article, surface: str, country: str, sector: str) -> None:
    actor = _actor_of(wsj, surface)
    assert (actor.country, actor.sector) == (country, sector), actor


def test_spelling_variants_and_references_resolve_to_one_actor(wsj: Article) -> None:
    assert _actor_of(wsj, "Solaimani").id == _actor_of(wsj, "Qasim Solaimani").id
    assert "Soleimani" in _actor_of(wsj, "Solaimani").name
    assessed = {m.actor for m in wsj.mentions if m.text in {"Mr. Assad", "Assad"}}
    assert assessed == {_actor_of(wsj, "Bashar al-Assad").id}
    corps = [m for m in wsj.mentions if m.text.lower() == "the corps"]
    assert corps and all(m.actor == _actor_of(wsj, "IRGC").id for m in corps)
    assert _actor_of(wsj, "Ahmad Vahidi").role and "defense" in _actor_of(wsj, "Ahmad Vahidi").role.lower()


def test_damascus_and_aleppo_are_syrian_cities(wsj: Article) -> None:
    places = {p.text: p for p in wsj.places}
    for name, lat in (("Damascus", 33.5), ("Aleppo", 36.2)):
        place = places[name]
        assert (place.country, place.precision) == ("SYR", "city")
        assert place.lat is not None and abs(place.lat - lat) < 0.5


def test_weekdays_resolve_against_publication_date(wsj: Article) -> None:
    values = {d.text.replace("On ", "").replace("on ", ""): d for d in wsj.dates}
    monday = [d for d in wsj.dates if "Monday" in d.text]
    thursday = [d for d in wsj.dates if "Thursday" in d.text]
    assert monday and all(d.value == "2012-08-27" and d.precision == "day" for d in monday)
    assert thursday and all(d.value == "2012-08-23" and d.precision == "day" for d in thursday)
    july = [d for d in wsj.dates if "July" in d.text]
    assert july and july[0].value == "2012-07-01" and july[0].precision == "month"
    assert values  # every date points into the text
    for d in wsj.dates:
        assert wsj.text[d.start : d.end] == d.text


def test_counts_are_tied_to_what_they_count(wsj: Article) -> None:
    soldiers = [q for q in wsj.quantities if "hundreds of foot soldiers" in q.text]
    assert soldiers and soldiers[0].vague and soldiers[0].category == "deployed"
    assert soldiers[0].low is not None and soldiers[0].low >= 100
    hostages = [q for q in wsj.quantities if q.low == 48]
    assert hostages and hostages[0].category == "detained" and "hostage" in (hostages[0].noun or "")
    killed = [q for q in wsj.quantities if q.category == "killed"]
    assert any(q.low == 4 for q in killed)


def _quote_with(art: Article, words: str) -> tidings.records.Quote:
    for q in art.quotes:
        if words in art.text[q.content_start : q.content_end]:
            return q
    raise AssertionError(f"no quotation containing {words!r}")


def test_each_quotation_has_its_speaker(wsj: Article, blog: Article) -> None:
    q = _quote_with(wsj, "Today we are involved in fighting")
    assert q.kind == "direct" and "Abnoush" in (q.speaker_text or "")
    assert q.speaker == _actor_of(wsj, "Salar Abnoush").id
    q = _quote_with(wsj, "One of Iran's wings will be broken")
    assert q.speaker == _actor_of(wsj, "Mohsen Sazegara").id
    q = _quote_with(wsj, "Syria is managing this situation very well")
    assert q.speaker == _actor_of(wsj, "Ahmad Vahidi").id  # "he said", after the minister is named
    q = _quote_with(wsj, "will never forget the support of Iran")
    assert q.speaker == _actor_of(wsj, "Ali Haidar").id
    q = _quote_with(wsj, "Solaimani has convinced Mr. Khamenei")
    assert q.anonymous and "IRGC member" in (q.speaker_text or "")
    q = _quote_with(blog, "We must not abandon the people of Syria")
    assert "Jokar" in (q.speaker_text or "") or q.speaker == _actor_of(blog, "Mohammad Saleh Jokar").id


def test_unverified_hedge_qualifies_the_quoted_claim(wsj: Article) -> None:
    quoted = _quote_with(wsj, "Today we are involved in fighting")
    sentence = next(i for i, s in enumerate(wsj.sentences) if s.start <= quoted.content_start < s.end)
    assertion = wsj.assertions[sentence]
    assert assertion.verification == "unverified"
    # The hedge stands in the next sentence ("The comments, ... couldn't be
    # independently verified."), which is itself marked too.
    here = next(
        i
        for i, s in enumerate(wsj.sentences)
        if "couldn't be independently verified" in wsj.text[s.start : s.end]
    )
    assert here == sentence + 1
    assert wsj.assertions[here].verification == "unverified"
    assert any("verified" in h for h in wsj.assertions[here].hedges)


def test_commentary_sentences_are_not_reporting(blog: Article) -> None:
    modes = {wsj_s.segment: a.mode for wsj_s, a in zip(blog.sentences, blog.assertions, strict=True)}
    assert modes["commentary"] == "commentary"
    assert modes["body"] == "reporting"


def test_contact_details_are_text_indicators_only(blog: Article) -> None:
    kinds = {i.text: i.kind for i in blog.indicators}
    assert kinds.get("2617201 0251") == "phone"
    assert kinds.get("3000282860") == "sms_shortcode"
    spans = [(i.start, i.end) for i in blog.indicators]
    for rec in (*blog.dates, *blog.places, *blog.quantities):
        assert not any(a <= rec.start < b for a, b in spans), rec
