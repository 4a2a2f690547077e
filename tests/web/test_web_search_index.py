"""Schema migration 5: the FTS5 tables follow every write through triggers,
re-ingesting keeps them consistent, and the migration indexes rows that were
stored before it."""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

from tidings.store import open_store
from tidings.store.schema import MIGRATIONS
from tidings.store.sqlite import Batch


def _consistent(conn: sqlite3.Connection) -> None:
    docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM search_keys").fetchone()[0] == docs
    assert conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == docs
    assert (
        conn.execute("SELECT count(*) FROM events_fts").fetchone()[0]
        == conn.execute("SELECT count(*) FROM events").fetchone()[0]
    )
    stale = conn.execute(
        """SELECT count(*) FROM documents_fts f JOIN search_keys k ON k.key = f.rowid
           JOIN documents d ON d.id = k.doc_id WHERE f.text IS NOT d.text OR f.title IS NOT d.title"""
    ).fetchone()[0]
    assert stale == 0
    orphans = conn.execute(
        """SELECT count(*) FROM events_fts f LEFT JOIN search_keys k ON k.key = f.rowid / 65536
           LEFT JOIN events e ON e.doc_id = k.doc_id AND e.idx = f.rowid % 65536 WHERE e.doc_id IS NULL"""
    ).fetchone()[0]
    assert orphans == 0
    conn.execute("INSERT INTO documents_fts (documents_fts) VALUES ('integrity-check')")
    conn.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")


def _docs(conn: sqlite3.Connection, words: str) -> list[str]:
    rows = conn.execute(
        """SELECT k.doc_id FROM documents_fts f JOIN search_keys k ON k.key = f.rowid
           WHERE documents_fts MATCH ? ORDER BY k.doc_id""",
        (words,),
    )
    return [r[0] for r in rows]


def test_writes_reingest_and_deletes_keep_the_index(tmp_path: Any, event_articles: list[Any]) -> None:
    with open_store(str(tmp_path / "f.db")) as store:
        store.write(Batch(articles=[(a, None) for a in event_articles]))
        _consistent(store.conn)
        assert _docs(store.conn, "Aleppo") == ["b" * 32]
        event = store.conn.execute("SELECT text FROM events_fts WHERE events_fts MATCH 'deployed'").fetchall()
        assert [r[0] for r in event] == ["deployed Police in Beirut were deployed later."]

        store.write(Batch(articles=[(a, None) for a in event_articles]))  # the same again
        _consistent(store.conn)

        # a re-ingest with other text and fewer events (INSERT OR REPLACE of the document)
        b = event_articles[1 if event_articles[0].id != "b" * 32 else 0]
        changed = dataclasses.replace(b, text=b.text.replace("villages", "hamlets"), events=b.events[:1])
        store.write(Batch(articles=[(changed, None)]))
        _consistent(store.conn)
        assert _docs(store.conn, "hamlets") == ["b" * 32]
        assert "b" * 32 not in _docs(store.conn, "text:villages")
        assert (
            store.conn.execute(
                "SELECT count(*) FROM events_fts WHERE events_fts MATCH 'threatened'"
            ).fetchone()[0]
            == 0
        )

        store.conn.execute("DELETE FROM documents WHERE id = ?", ("a" * 32,))
        _consistent(store.conn)
        assert _docs(store.conn, "Nairobi") == []
        store.conn.execute("VACUUM")  # keys are INTEGER PRIMARY KEYs: they survive
        _consistent(store.conn)


def test_migration_indexes_rows_stored_before_it(tmp_path: Any, event_articles: list[Any]) -> None:
    path = str(tmp_path / "old.db")
    with open_store(path) as store:
        store.write(Batch(articles=[(a, None) for a in event_articles]))
        # as before migration 5: none of its tables or triggers
        for name in ("documents_fts_insert", "documents_fts_update", "documents_fts_delete",
                     "events_fts_insert", "events_fts_delete"):  # fmt: skip
            store.conn.execute(f"DROP TRIGGER {name}")
        for table in ("documents_fts", "events_fts", "search_keys"):
            store.conn.execute(f"DROP TABLE {table}")
        # migration 5 as the store applies it (later migrations are not ours to replay)
        for statement in dict(MIGRATIONS)[5].split(";\n"):
            if statement.strip():
                store.conn.execute(statement)
        _consistent(store.conn)
        assert _docs(store.conn, "Aleppo") == ["b" * 32]
        assert store.conn.execute("SELECT count(*) FROM events_fts").fetchone()[0] == 5
