"""Fixtures of the export tests: a real database made by the real pipeline
(the bundled samples and ../shared/seeds, once per session), and the
hand-made events database of ``tests/conftest.py`` with stories and merged
events added by plain SQL."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

A, B, C = "a" * 32, "b" * 32, "c" * 32
REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
SEEDS = Path(os.environ.get("TIDINGS_SHARED_DIR", REPO.parent / "shared")) / "seeds"


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """``tidings.run`` on samples/ and ../shared/seeds/*.txt (read-only in tests)."""
    import tidings

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    path = str(tmp_path_factory.mktemp("export") / "real.db")
    inputs = [str(SAMPLES), *(str(p) for p in sorted(SEEDS.glob("*.txt")))]
    stats = tidings.run(inputs, tidings.load_settings(None, db=path))
    assert stats.failed == 0 and stats.stored >= 5
    return path


@pytest.fixture
def stories_db(events_db: str) -> str:
    """``events_db`` with two stories and one merged event, inserted by SQL:
    story s1 holds documents b (first) and a (a copy of b); s2 holds c;
    merged event m1 joins event mentions (b, 0) and (a, 0)."""
    conn = sqlite3.connect(events_db)
    with conn:
        conn.executemany(
            """INSERT INTO stories (id, title, sentence, sentence_doc, sentence_start, sentence_end,
                   first_seen, last_seen, documents, sources, actors, places, version)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            [
                ("s1", "Shelling near Aleppo", "The Syrian army shelled ...", B, 38, 140,
                 "2024-05-01", "2024-05-08", 2, 2, '["SYR-MIL", "doc:villagers"]', '["Aleppo"]',
                 "stories-test"),
                ("s2", "Iran denies talks", None, None, None, None, None, None, 1, 1,
                 '[{"id": "IRN"}]', "[]", "stories-test"),
            ],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO story_documents VALUES (?,?,?,?,?,?,?)",
            [(B, "s1", 0, 1.0, None, None, None), (A, "s1", 1, 0.61, B, 0.93, None),
             (C, "s2", 0, 1.0, None, None, None)],
        )
        conn.execute(
            """INSERT INTO merged_events VALUES
               ('m1', 's1', 'ASSAULT', 'artillery', '["SYR-MIL"]', '["doc:villagers"]', 'Aleppo', 'SYR',
                '2024-05-07', 4, NULL, NULL, NULL, 2, 2, 2, ?, '2024-05-08', 'corroborated',
                '["dead: 4 vs 5"]')""",
            (B,),
        )
        conn.executemany("INSERT INTO merged_event_mentions VALUES (?,?,?)", [(B, 0, "m1"), (A, 0, "m1")])
    conn.close()
    return events_db
