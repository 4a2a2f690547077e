"""The pipeline end to end on the bundled samples: every format stored,
idempotent, the same records inline and on a process pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tidings import Settings, open_store, run
from tidings.errors import ConfigError, StageError
from tidings.progress import RecordingProgress
from tidings.stages import registry

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _dump(db: str) -> dict[str, dict[str, object]]:
    with open_store(db, readonly=True) as store:
        out = {}
        for doc_id in store.iter_ids():
            d = store.get_article(doc_id).to_dict()
            d.pop("source")
            out[doc_id] = d
        return out


@pytest.fixture(scope="module")
def inline_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("inline") / "inline.db")
    stats = run([str(SAMPLES)], Settings(db=db))
    assert stats.failed == 0
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
    stats = run([str(SAMPLES)], Settings(db=db, workers=2))
    assert stats.stored == 11
    assert _dump(db) == _dump(inline_db)


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
