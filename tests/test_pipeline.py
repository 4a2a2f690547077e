"""The pipeline end to end on the bundled samples: every format stored,
idempotent, the same records inline and on a process pool, one page per
task or many parsed together."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tidings import Settings, open_store, run
from tidings.errors import ConfigError, StageError
from tidings.pipeline import Processed, apply_batch, apply_stages
from tidings.progress import RecordingProgress
from tidings.records import Failure, Page
from tidings.sources import iter_pages
from tidings.stages import nlp, registry

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _dump(db: str) -> dict[str, dict[str, object]]:
    with open_store(db, readonly=True) as store:
        out = {}
        for doc_id in store.iter_ids():
            d = store.get_article(doc_id).to_dict()
            d.pop("source")
            out[doc_id] = d
        return out


def _failures(db: str) -> list[tuple[object, ...]]:
    with open_store(db, readonly=True) as store:
        rows = store.failures(limit=1000)
    return sorted((r["input"], r["stage"], r["reason"], r["locator"], r["severity"]) for r in rows)


@pytest.fixture(scope="module")
def inline_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The reference: inline, each page parsed on its own."""
    db = str(tmp_path_factory.mktemp("inline") / "inline.db")
    stats = run([str(SAMPLES)], Settings(db=db, pages_per_task=1))
    assert stats.failed == 0
    return db


@pytest.fixture(scope="module")
def mixed_pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Pages beside the samples that are not stored as English articles: one
    with no text (a failure) and one in French (not resolved), between others."""
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "a-empty.html").write_text(
        "<html><head><title>x</title></head><body></body></html>", encoding="utf-8"
    )
    (folder / "b-french.txt").write_text(
        "Les rebelles entrent dans Goma\n\nLes rebelles sont entrés lundi dans la ville de Goma, "
        "selon des habitants joints par téléphone.\n",
        encoding="utf-8",
    )
    (folder / "c-english.txt").write_text(
        "Protesters clash with police in Nairobi\n\nPolice fired tear gas at protesters in Nairobi "
        "on Tuesday, witnesses said.\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def mixed_reference(tmp_path_factory: pytest.TempPathFactory, mixed_pages: Path) -> str:
    db = str(tmp_path_factory.mktemp("mixed-ref") / "ref.db")
    stats = run([str(SAMPLES), str(mixed_pages)], Settings(db=db, pages_per_task=1))
    assert (stats.stored, stats.failed) == (13, 1)
    return db


def test_samples_store_every_format(inline_db: str) -> None:
    with open_store(inline_db, readonly=True) as store:
        containers = {r[0] for r in store.conn.execute("SELECT DISTINCT container FROM document_sources")}
        formats = {r[0] for r in store.conn.execute("SELECT DISTINCT format FROM documents")}
        n = store.counts()["documents"]
    assert {"file", "gzip", "warc", "wet", "jsonl"} <= containers
    assert formats == {"html", "text"}
    assert n == 11


def test_every_sample_has_title_body_language_and_date(inline_db: str) -> None:
    for doc in _dump(inline_db).values():
        labels = [s["label"] for s in doc["segments"]]  # type: ignore[index]
        assert labels[0] == "title", doc["title"]
        assert "body" in labels
        assert doc["language"] == "en"
        assert str(doc["published"]).startswith("2025-03"), (doc["title"], doc["published"])


def test_second_run_adds_nothing(inline_db: str) -> None:
    before = _dump(inline_db)
    progress = RecordingProgress()
    stats = run([str(SAMPLES)], Settings(db=inline_db), progress=progress)
    assert (stats.stored, stats.skipped, stats.failed) == (0, 11, 0)
    assert progress.counts == {"ok": 0, "failed": 0, "skipped": 11}
    assert _dump(inline_db) == before
    with open_store(inline_db, readonly=True) as store:
        assert store.counts()["document_sources"] == 11


def test_process_pool_gives_identical_records(inline_db: str, tmp_path: Path) -> None:
    db = str(tmp_path / "pool.db")
    stats = run([str(SAMPLES)], Settings(db=db, workers=2, pages_per_task=1))
    assert stats.stored == 11
    assert _dump(db) == _dump(inline_db)


@pytest.mark.parametrize(("workers", "pages_per_task"), [(1, 4), (1, 32), (2, 4)])
def test_pages_parsed_together_give_identical_records(
    mixed_reference: str, mixed_pages: Path, tmp_path: Path, workers: int, pages_per_task: int
) -> None:
    db = str(tmp_path / "batched.db")
    progress = RecordingProgress()
    settings = Settings(db=db, workers=workers, pages_per_task=pages_per_task)
    stats = run([str(SAMPLES), str(mixed_pages)], settings, progress=progress)
    assert (stats.stored, stats.failed) == (13, 1)
    assert progress.counts == {"ok": 13, "failed": 1, "skipped": 0}
    assert _dump(db) == _dump(mixed_reference)
    assert _failures(db) == _failures(mixed_reference)


def _same(result: Processed | Failure) -> object:
    """``result`` without the time a failure was recorded."""
    return replace(result, time="") if isinstance(result, Failure) else result


def _pages(*paths: Path) -> list[Page]:
    return [p for p in iter_pages([str(x) for x in paths]) if isinstance(p, Page)]


def test_a_page_that_fails_to_parse_fails_alone(mixed_pages: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text spaCy refuses (longer than its max_length) makes spaCy's pipe
    fail for the whole batch; the batch is parsed again text by text, and only
    that page fails, with the reason it has when parsed on its own."""
    pages = _pages(SAMPLES / "text", SAMPLES / "html", mixed_pages)
    settings = Settings(pages_per_task=len(pages))
    stages = registry.RUN
    ingested = apply_batch(registry.INGEST, settings, pages)
    lengths = [len(r.article.text) if isinstance(r, Processed) else 0 for r in ingested]
    longest = lengths.index(max(lengths))
    assert lengths.count(max(lengths)) == 1
    monkeypatch.setattr(nlp.load(), "max_length", max(lengths) - 1)
    alone = [apply_stages(stages, settings, p) for p in pages]
    together = apply_batch(stages, settings, pages)
    assert [_same(r) for r in together] == [_same(r) for r in alone]
    bad = together[longest]
    assert isinstance(bad, Failure) and bad.stage == "resolve" and "E088" in bad.reason
    assert [isinstance(r, Failure) for r in together].count(True) == 2  # and the empty page
    assert not nlp._PREPARSED, "the batch's parses are dropped after it"


def test_commentary_section_of_the_text_sample_is_labelled(inline_db: str) -> None:
    docs = [d for d in _dump(inline_db).values() if str(d["title"]).startswith("Kaduna")]
    assert len(docs) == 1
    doc = docs[0]
    comm = [
        doc["text"][s["start"] : s["end"]]  # type: ignore[index]
        for s in doc["segments"]  # type: ignore[attr-defined]
        if s["label"] == "commentary"
    ]
    assert comm and comm[0].startswith("Analysis")
    json.dumps(doc)  # the native form is JSON-serialisable


def test_wrong_arguments_fail_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="matches no file"):
        run([str(tmp_path / "missing-*.html")], Settings(db=str(tmp_path / "x.db")))
    assert not (tmp_path / "x.db").exists(), "paths are checked before the database is touched"
    with pytest.raises(ConfigError):
        Settings(workers=0)
    with pytest.raises(StageError, match="needs"):
        registry.resolve(["language"])
