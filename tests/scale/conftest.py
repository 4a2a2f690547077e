"""Fixtures for the scale tests: a corpus of real news in every input format,
and a real Dask LocalCluster (2 worker processes, 1 thread each, with nannies)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scaletools import SAMPLES, html_page, write_warc  # type: ignore[import-not-found]

from tidings import Settings
from tidings.pipeline import Processed, apply_stages
from tidings.sources import iter_pages
from tidings.stages import registry


@pytest.fixture(scope="session")
def news_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real news for full runs: the bundled samples (HTML, text, JSON lines,
    WARC, WET), two more WARC files made of the samples' texts as HTML, a page
    with no article text (a failure), and a copy of a sample page in a later
    folder (stored once, seen twice)."""
    root = tmp_path_factory.mktemp("news")
    shutil.copytree(SAMPLES, root / "a-samples")
    texts = []
    for page in iter_pages([str(SAMPLES)]):
        result = apply_stages(registry.INGEST, Settings(), page)  # type: ignore[arg-type]
        if isinstance(result, Processed):
            paras = [p for p in result.article.text.split("\n\n")[1:] if p.strip()]
            texts.append((result.article.title or "Report", [p + " (mirror)" for p in paras]))
    pages = [(f"https://mirror.example/{i}", html_page(t, ps)) for i, (t, ps) in enumerate(texts)]
    sample_text = (SAMPLES / "text" / "kaduna-gunmen-abduct-42-villagers-kajuru.txt").read_text(
        encoding="utf-8"
    )
    crawl = root / "b-crawl"
    crawl.mkdir()
    write_warc(crawl / "mirror-1.warc.gz", pages[: len(pages) // 2])
    write_warc(crawl / "mirror-2.warc", pages[len(pages) // 2 :], gzip=False)
    (crawl / "empty.html").write_text("<html><head><title>x</title></head><body></body></html>")
    (root / "c-copies").mkdir()
    (root / "c-copies" / "kaduna.txt").write_text(sample_text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def cluster() -> Iterator[Any]:
    """A real LocalCluster: 2 worker processes (nannies restart them), 1 thread each."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    ) as lc:
        yield lc
