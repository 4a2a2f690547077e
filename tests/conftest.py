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
