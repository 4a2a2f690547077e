"""Story linking with MiniLM text embeddings: the setting, what is stored,
and reports worded apart that only the embeddings bring together."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tidings import Settings, linking, render, run
from tidings.errors import ConfigError
from tidings.settings import load_settings
from tidings.stages import minilm, storyindex
from tidings.store import open_store

PAGES = Path(__file__).parent / "fixtures" / "story_pages.jsonl"
needs_model = pytest.mark.skipif(not minilm.available(), reason=f"MiniLM not installed: {minilm.INSTALL}")

OTHER_NEWS = [
    (
        "Central bank raises rates",
        "The central bank raised interest rates to curb inflation in the eurozone.",
    ),
    ("Club signs striker", "A football club signed a striker from Brazil for a record transfer fee."),
    ("Ice on the Moon", "Scientists found water ice in craters near the lunar south pole."),
    ("Punjab farmers protest", "Farmers in Punjab protested against new rules on wheat procurement."),
    ("Storm hits Manila", "A typhoon flooded streets in Manila and forced thousands from their homes."),
]
REPORT = (
    "Kenyan police fire tear gas at Nairobi fuel protest",
    "Police in Kenya fired tear gas at thousands of people marching in Nairobi against higher fuel taxes "
    "on Tuesday.",
)
# the same happening in other words: only "Nairobi" and "Kenyan" are shared
RETOLD = (
    "Crowds dispersed in Kenyan capital",
    "Officers used teargas on demonstrators angry over the cost of petrol in Nairobi.",
)


def test_the_setting_is_checked_and_read_from_the_environment() -> None:
    with pytest.raises(ConfigError, match="story_embeddings must be one of auto, minilm, off"):
        Settings(story_embeddings="bert")
    with pytest.raises(ConfigError, match="story_embeddings"):
        linking.uses_encoder("bert")
    assert load_settings(env={"TIDINGS_STORY_EMBEDDINGS": "off"}).story_embeddings == "off"
    assert linking.uses_encoder("off") is False


def test_without_the_package_auto_falls_back_and_minilm_says_how_to_install(monkeypatch) -> None:
    monkeypatch.setattr(minilm, "available", lambda: False)
    assert linking.uses_encoder("auto") is False
    with pytest.raises(ConfigError, match=re.escape(minilm.INSTALL)):
        linking.uses_encoder("minilm")


def test_embed_text_is_title_and_lead() -> None:
    text = "Strike in Idlib\n\nWarplanes hit a market. " + "More. " * 1000
    embedded = linking.embed_text("Strike in Idlib", text)
    assert embedded.startswith("Strike in Idlib\n\nWarplanes hit a market.")
    assert len(embedded) == len("Strike in Idlib\n\n") + linking.LEAD_CHARS
    assert linking.embed_text(None, "Just text.") == "Just text."


@needs_model
def test_embeddings_join_a_report_told_in_other_words() -> None:
    placements = {}
    for embedded in (False, True):
        index = storyindex.StoryIndex()
        for i, (title, lead) in enumerate([*OTHER_NEWS, REPORT, RETOLD]):
            text = f"{title}\n\n{lead}"
            terms = linking.doc_terms(f"d{i}", title, text)
            if embedded:
                terms = replace(terms, embedding=linking.embed([(title, text)])[0])
            placements[embedded] = index.add(terms)
    report_id = f"d{len(OTHER_NEWS)}"
    assert placements[False].new  # term vectors alone: a story of its own
    assert not placements[True].new and placements[True].story_id == report_id


@needs_model
def test_linking_embeds_with_the_shipped_news_layers() -> None:
    meta = minilm.read_metadata(minilm.NEWS_LAYERS)
    assert meta["split"] == "train" and meta["tuned_layers"] == "3,4,5" and meta["data_sha256"]
    layers = minilm.read_safetensors(minilm.NEWS_LAYERS)
    assert {name.split(".")[2] for name in layers} == {"3", "4", "5"} and len(layers) == 3 * 16
    title, lead = REPORT
    text = f"{title}\n\n{lead}"
    tuned = linking.embed([(title, text)])[0]
    base = minilm.load().embed([linking.embed_text(title, text)], max_tokens=linking.EMBED_TOKENS)[0]
    assert abs(float(tuned @ tuned) - 1.0) < 1e-5 and float(tuned @ base) < 0.999


@needs_model
def test_a_run_keeps_each_documents_embedding_and_reruns_reuse_it(tmp_path: Path) -> None:
    on, off = str(tmp_path / "on.db"), str(tmp_path / "off.db")
    with_model = run([str(PAGES)], Settings(db=on, story_embeddings="minilm")).stories
    terms_only = run([str(PAGES)], Settings(db=off, story_embeddings="off")).stories
    # the run's summary says what linked the documents
    assert with_model is not None and terms_only is not None
    assert with_model["embedded"] == 4 and terms_only["embedded"] == terms_only["model_decisions"] == 0
    assert "; 4 with text embeddings, " in render.link_summary(with_model)
    assert render.link_summary(terms_only).endswith("; terms only (no text embeddings)")
    for db, expect in ((on, True), (off, False)):
        with open_store(db, readonly=True) as store:
            rows = store.conn.execute("SELECT doc_id, vector FROM doc_signatures").fetchall()
        assert len(rows) == 4
        for doc_id, blob in rows:
            terms = storyindex.decode(doc_id, blob)
            assert (terms.embedding is not None) is expect
            if expect:
                assert terms.embedding is not None and terms.embedding.shape == (384,)
    # a second run rebuilds the index from what was stored; the same pages
    # are placed already
    again = str(tmp_path / "again.db")
    shutil.copy(on, again)
    stats = run([str(PAGES)], Settings(db=again, story_embeddings="minilm"))
    assert stats.stories is not None and stats.stories["documents"] == 0


@needs_model
def test_the_store_keeps_the_join_models_probability(tmp_path: Path) -> None:
    pages = tmp_path / "pages.jsonl"
    with pages.open("w", encoding="utf-8") as fh:
        for i, (title, lead) in enumerate([*OTHER_NEWS, REPORT, RETOLD]):
            page = {"url": f"https://example.org/{i}", "title": title, "text": f"{title}\n\n{lead}"}
            fh.write(json.dumps(page) + "\n")
    db = str(tmp_path / "t.db")
    stats = run([str(pages)], Settings(db=db, story_embeddings="minilm")).stories
    assert stats is not None and stats["model_decisions"] >= 1
    with open_store(db, readonly=True) as store:
        rows = store.conn.execute(
            "SELECT doc_id, story_id, join_probability FROM story_documents ORDER BY seq"
        ).fetchall()
        decided = [(doc, story, p) for doc, story, p in rows if p is not None]
        assert len(decided) == stats["model_decisions"]
        # a document joined exactly when the model gave 0.5 or more
        assert all((doc != story) == (p >= 0.5) for doc, story, p in decided)
        assert rows[0][2] is None  # the first document had no story to join
        doc, _, p = decided[-1]
        article = store.get_article(doc)
    assert article.story is not None and article.to_dict()["story"]["join_probability"] == p
