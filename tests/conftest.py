"""Shared fixtures. ../shared (seeds, eval) sits beside the checkout; tests
that need it skip cleanly where it is absent."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIDINGS_SHARED_DIR", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
SAMPLES = REPO / "samples"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return SEEDS


@pytest.fixture(scope="session")
def seed_pages() -> list[str]:
    """The seed pages' texts; none where ../shared is absent."""
    return [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))] if SEEDS.is_dir() else []


@pytest.fixture
def parsed_seed(seeds_dir: Path) -> Callable[[str], tuple[str, Any]]:
    """``parsed_seed("001")``: the seed's cleaned text (published 2012-08-27)
    and its spaCy parse, for stage tests that run one resolver alone."""

    def load(prefix: str) -> tuple[str, Any]:
        import tidings
        from tidings.stages import nlp, registry

        path = next(seeds_dir.glob(f"{prefix}_*.txt"))
        article = tidings.process_text(
            path.read_text(encoding="utf-8"), published="2012-08-27", stages=registry.INGEST
        )
        return article.text, nlp.parse(article.text)

    return load


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "t.db")


# -- a small database of hand-made events (store/events query and `tidings events`) --

EVENT_DOCS = {
    # Non-ASCII before the sentences, so offsets are checked as code points.
    "b" * 32: (
        "Army shells villages — Ümit's report\n\n"
        "The Syrian army shelled three villages near Aleppo on Tuesday, killing four people, "
        "officials said. Fighters of Hayat Tahrir al-Şam threatened to attack Damascus."
    ),
    "a" * 32: (
        "Protest in Nairobi\n\nProtesters marched in Nairobi on Monday. Police in Beirut were deployed later."
    ),
    "c" * 32: "Talks denied\n\nIran denied holding talks.",
}


def _event(**kw: Any) -> Any:
    from tidings.records import Event

    base: dict[str, Any] = dict(
        sentence=0, start=0, end=1, trigger="x", type="CONSULT", mode=None, context=(), actors=(),
        actor_mentions=(), recipients=(), recipient_mentions=(), place=None, date=None, quantities=(),
        dead=None, injured=None, detained=None, size=None, status="occurred", commentary=False,
        source=None, source_text=None, anonymous=False, hedges=(), verification=None, acled_type=None,
        acled_subtype=None, cameo="04", quad_class=1, goldstein=1.0, confidence=0.8, reason="test",
    )  # fmt: skip
    return Event(**(base | kw))


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _event_articles() -> list[Any]:
    from tidings.records import Actor, Article, DateMention, Place, Segment, Sentence, SourceRef

    def article(doc_id: str, published: str | None, **kw: Any) -> Article:
        text = EVENT_DOCS[doc_id]
        head = text.index("\n\n")
        return Article(
            id=doc_id, text=text, title=text[:head], url=f"https://news.example/{doc_id[:4]}",
            site="news.example", author=None, published=published, fetched=None, language="en",
            segments=(Segment("title", 0, head), Segment("body", head + 2, len(text))),
            source=SourceRef("t.txt", "", "file", "text", "0" * 64, len(text)), **kw,
        )  # fmt: skip

    syr = EVENT_DOCS["b" * 32]
    s0, s1 = _span(syr, "The Syrian army shelled"), _span(syr, "Fighters of")
    s0 = (s0[0], _span(syr, "officials said.")[1])
    shelling = _event(
        sentence=0, start=_span(syr, "shelled")[0], end=_span(syr, "shelled")[1], trigger="shelled",
        type="ASSAULT", mode="artillery", context=("military",), actors=("SYR-MIL",),
        actor_mentions=(0,), recipients=("doc:villagers",), recipient_mentions=(1,), place=0, date=0,
        quantities=(0,), dead=4.0, source_text="officials", hedges=("reportedly",),
        verification="unverified", acled_type="Explosions/Remote violence",
        acled_subtype="Shelling/artillery/missile attack", cameo="19", quad_class=4, goldstein=-9.0,
    )  # fmt: skip
    threat = _event(
        sentence=1, start=_span(syr, "threatened")[0], end=_span(syr, "threatened")[1],
        trigger="threatened", type="THREATEN", actors=("doc:hts",), status="threatened",
        commentary=True, anonymous=True, cameo="13", quad_class=3, goldstein=-6.0,
    )  # fmt: skip
    ken = EVENT_DOCS["a" * 32]
    march = _event(
        sentence=0, start=_span(ken, "marched")[0], end=_span(ken, "marched")[1], trigger="marched",
        type="PROTEST", mode="demonstrate", actors=("KEN-CVL",), place=0, date=0, size=2000.0,
        status="ongoing", acled_type="Protests", acled_subtype="Peaceful protest",
    )  # fmt: skip
    deploy = _event(
        sentence=1, start=_span(ken, "deployed")[0], end=_span(ken, "deployed")[1], trigger="deployed",
        type="MOBILIZE", mode="police", actors=("doc:police",), place=1, date=1, status="planned",
    )  # fmt: skip
    irn = EVENT_DOCS["c" * 32]
    talks = _event(
        sentence=0, start=_span(irn, "talks")[0], end=_span(irn, "talks")[1], trigger="talks",
        actors=("IRN",), status="denied",
    )  # fmt: skip
    return [
        article(
            "b" * 32,
            "2024-05-08",
            sentences=(Sentence(*s0, "body"), Sentence(s1[0], len(syr), "body")),
            actors=(
                Actor("SYR-MIL", "Syrian army", "armed_force", "SYR", "MIL"),
                Actor("doc:villagers", "villagers", "civilians", "SYR", "CVL"),
                Actor("doc:hts", "Hayat Tahrir al-Şam", "armed_group", "SYR", "REB"),
            ),
            places=(Place(*_span(syr, "Aleppo"), "Aleppo", "Aleppo", "SYR", "09", 36.2, 37.16, "city"),),
            dates=(DateMention(*_span(syr, "Tuesday"), "Tuesday", "2024-05-07", "2024-05-07", "day", True),),
            events=(shelling, threat),
        ),
        article(
            "a" * 32,
            "2024-05-01T09:30:00+00:00",
            sentences=(
                Sentence(*_span(ken, "Protesters marched in Nairobi on Monday."), "body"),
                Sentence(*_span(ken, "Police in Beirut were deployed later."), "body"),
            ),
            actors=(
                Actor("KEN-CVL", "Kenyan protesters", "civilians", "KEN", "CVL"),
                Actor("doc:police", "police", "armed_force", None, "COP"),
            ),
            places=(
                Place(*_span(ken, "Nairobi"), "Nairobi", "Nairobi", "KEN", "30", -1.28, 36.82, "city"),
                Place(*_span(ken, "Beirut"), "Beirut", "Beirut", "LBN", None, 33.89, 35.5, "city"),
            ),
            dates=(
                DateMention(*_span(ken, "Monday"), "Monday", "2024-04-22", "2024-04-28", "week", True),
                DateMention(*_span(ken, "later"), "later", None, None, "day", True),
            ),
            events=(march, deploy),
        ),
        article(
            "c" * 32,
            None,
            sentences=(Sentence(*_span(irn, "Iran denied holding talks."), "body"),),
            events=(talks,),
        ),
    ]


@pytest.fixture
def event_articles() -> list[Any]:
    """Three hand-made documents (ids ``a...``, ``b...``, ``c...``; text in
    ``EVENT_DOCS``) with five events: dated, undated, with an unresolved date,
    in a document without a publication date."""
    return _event_articles()


@pytest.fixture
def events_db(tmp_path: Path, event_articles: list[Any]) -> str:
    """A database file holding ``event_articles``."""
    from tidings.store import open_store
    from tidings.store.sqlite import Batch

    path = str(tmp_path / "events.db")
    with open_store(path) as store:
        store.write(Batch(articles=[(a, None) for a in event_articles]))
    return path
