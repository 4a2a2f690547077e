"""Shared fixtures. ../shared (seeds, eval) sits beside the checkout; tests
that need it skip cleanly where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

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
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "t.db")
