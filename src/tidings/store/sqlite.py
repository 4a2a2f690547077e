"""The SQLite store: WAL mode, one writer, batched idempotent upserts.

Only the parent process writes (``Store.write``). A batch is one transaction,
so a run killed at any moment leaves every committed batch whole and nothing
half-written; running it again skips what is stored and completes the rest.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import StoreError
from tidings.records import Article, Failure, Removed, Segment, SourceRef, utcnow
from tidings.store.events import query_events
from tidings.store.schema import LATEST, MIGRATIONS
from tidings.store.stories import story_link
from tidings.store.tables import TABLES, read_children, write_children


@dataclass(frozen=True, slots=True)
class Sighting:
    """A page seen at ``input#locator`` whose content is document ``doc_id``."""

    doc_id: str
    input: str
    locator: str
    container: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ShardMark:
    """A checkpoint: shard ``id`` is wholly stored for ``recipe`` (see
    ``tidings.shards``); ``pages`` are the pages it held (failures not counted)."""

    id: str
    recipe: str
    paths: tuple[str, ...]
    pages: int
    via: str = "run"


@dataclass(slots=True)
class Batch:
    """Everything one transaction writes; ``shards`` are written last, so a
    shard is marked finished in the same transaction as its last rows."""

    articles: list[tuple[Article, bytes | None]] = field(default_factory=list)
    sightings: list[Sighting] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    shards: list[ShardMark] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles) + len(self.sightings) + len(self.failures) + len(self.shards)


def compress_raw(raw: bytes | str, limit: int) -> bytes | None:
    """zlib-compress a raw page for storage, or None when it is above ``limit``."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    return zlib.compress(data, 6) if len(data) <= limit else None


class Store:
    """A tidings database.

    Example:
        >>> store = open_store(":memory:")
        >>> store.counts()["documents"]
        0
    """

    def __init__(self, path: str, *, readonly: bool = False) -> None:
        self.path = path
        self.readonly = readonly
        try:
            if readonly:
                if not Path(path).exists():
                    raise StoreError(f"{path}: database not found (run `tidings ingest` first)")
                uri = f"file:{Path(path).resolve()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                if path != ":memory:":
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(path, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.row_factory = sqlite3.Row
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open database: {exc}") from None
        if version > LATEST:
            raise StoreError(
                f"{path}: schema version {version} is newer than this tidings ({LATEST}); upgrade tidings"
            )
        if version < LATEST:
            if readonly:
                raise StoreError(
                    f"{path}: schema version {version} is old; open it once for writing to migrate"
                )
            self._migrate(version)

    def _migrate(self, current: int) -> None:
        for number, sql in MIGRATIONS:
            if number <= current:
                continue
            try:
                with self.transaction() as cur:
                    for statement in sql.split(";\n"):
                        if statement.strip():
                            cur.execute(statement)
                    cur.execute(f"PRAGMA user_version={number}")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"{self.path}: migration {number} failed: {exc}") from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        """A cursor inside one write transaction: committed when the block
        ends, rolled back if anything escapes it (then re-raised). SQLite
        rolls some failed statements back itself: then there is nothing to
        roll back, and the statement's own error is the one raised."""
        cur = self.conn.cursor()
        cur.execute("BEGIN IMMEDIATE")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                cur.execute("ROLLBACK")
            raise

    def stored_versions(self, doc_id: str) -> dict[str, str] | None:
        """The stage versions that made the stored document, or None if absent."""
        row = self.conn.execute("SELECT versions FROM documents WHERE id=?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def has_stage(self, stage: str) -> bool:
        """Whether some stored document was made by ``stage``."""
        found = self.conn.execute(
            "SELECT 1 FROM documents WHERE instr(versions, ?) LIMIT 1", (json.dumps(stage),)
        ).fetchone()
        return found is not None

    def write(self, batch: Batch) -> None:
        """Write a batch in one transaction (idempotent upserts): all of it or,
        if anything fails, none of it."""
        if not len(batch):
            return
        try:
            with self.transaction() as cur:
                for article, raw in batch.articles:
                    self._put_article(cur, article, raw)
                # A sighting is only kept for a stored document (a failed page has none).
                cur.executemany(
                    """INSERT OR IGNORE INTO document_sources
                       SELECT ?,?,?,?,?,? WHERE EXISTS (SELECT 1 FROM documents WHERE id=?)""",
                    [
                        (s.doc_id, s.input, s.locator, s.container, s.url, utcnow(), s.doc_id)
                        for s in batch.sightings
                    ],
                )
                cur.executemany(
                    """INSERT INTO failures (input, locator, stage, reason, severity, time)
                       VALUES (?,?,?,?,?,?)
                       ON CONFLICT (input, locator, stage, reason)
                       DO UPDATE SET time=excluded.time, count=count+1""",
                    [(f.input, f.locator, f.stage, f.reason, f.severity, f.time) for f in batch.failures],
                )
                cur.executemany(
                    "INSERT OR REPLACE INTO shards VALUES (?,?,?,?,?,?)",
                    [
                        (m.id, m.recipe, json.dumps(list(m.paths)), m.pages, m.via, utcnow())
                        for m in batch.shards
                    ],
                )
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: write failed: {exc}") from None

    def _put_article(self, cur: sqlite3.Cursor, a: Article, raw: bytes | None) -> None:
        src = a.source
        if src is None:
            raise StoreError(f"document {a.id} has no source record")
        for table in ("segments", "removed"):
            cur.execute(f"DELETE FROM {table} WHERE doc_id=?", (a.id,))
        cur.execute(
            """INSERT OR REPLACE INTO documents
               (id, url, site, title, author, published, fetched, language, text, text_sha256,
                format, encoding, raw_sha256, raw_size, versions, notes, created_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            (
                a.id,
                a.url,
                a.site,
                a.title,
                a.author,
                a.published,
                a.fetched,
                a.language,
                a.text,
                _sha(a.text),
                src.format,
                src.encoding,
                src.raw_sha256,
                src.raw_size,
                json.dumps(dict(a.versions)),
                json.dumps(list(a.notes)),
                utcnow(),
            ),
        )
        cur.executemany(
            "INSERT INTO segments VALUES (?,?,?,?,?)",
            [(a.id, i, s.label, s.start, s.end) for i, s in enumerate(a.segments)],
        )
        cur.executemany(
            "INSERT INTO removed VALUES (?,?,?,?,?,?)",
            [(a.id, i, r.label, r.at, r.text, r.reason) for i, r in enumerate(a.removed)],
        )
        write_children(cur, a)
        cur.execute(
            "INSERT OR REPLACE INTO raw VALUES (?,?,?)",
            (a.id, "zlib" if raw is not None else "none", raw),
        )
        cur.execute(
            "INSERT OR IGNORE INTO document_sources VALUES (?,?,?,?,?,?)",
            (a.id, src.input, src.locator, src.container, a.url, utcnow()),
        )

    def shard_pages(self, shard_id: str, recipe: str) -> int | None:
        """The pages of shard ``shard_id`` when a checkpoint says it is stored
        for ``recipe`` (its failures not counted); None when it is not."""
        row = self.conn.execute(
            "SELECT pages FROM shards WHERE id=? AND recipe=?", (shard_id, recipe)
        ).fetchone()
        return None if row is None else int(row[0])

    def start_run(self, command: str) -> int:
        cur = self.conn.execute("INSERT INTO runs (command, started) VALUES (?,?)", (command, utcnow()))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        self.conn.execute(
            "UPDATE runs SET finished=?, stats=? WHERE id=?", (utcnow(), json.dumps(stats), run_id)
        )

    # -- reading -----------------------------------------------------------

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "segments", "removed", "document_sources", "failures", *TABLES):
            out[table] = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return out

    def list_documents(self, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """SELECT id, published, language, site, title, length(text) AS chars, url
               FROM documents ORDER BY published IS NULL, published DESC, id LIMIT ? OFFSET ?""",
            (limit, offset),
        )
        return [dict(r) for r in rows]

    def resolve_id(self, prefix: str) -> str:
        """The full document id for an id or unique id prefix."""
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE id >= ? AND id < ? LIMIT 2", (prefix, prefix + "\uffff")
        ).fetchall()
        if not rows:
            raise StoreError(f"no document with id {prefix!r} (see `tidings docs list`)")
        if len(rows) > 1:
            raise StoreError(f"id prefix {prefix!r} is ambiguous: give more characters")
        return str(rows[0][0])

    def get_article(self, doc_id: str) -> Article:
        doc_id = self.resolve_id(doc_id)
        r = self.conn.execute("SELECT * FROM documents WHERE id=?", (doc_id,)).fetchone()
        segs = self.conn.execute(
            "SELECT label, start, end FROM segments WHERE doc_id=? ORDER BY idx", (doc_id,)
        )
        rem = self.conn.execute(
            "SELECT label, at, text, reason FROM removed WHERE doc_id=? ORDER BY idx", (doc_id,)
        )
        src = self.conn.execute(
            """SELECT input, locator, container FROM document_sources
               WHERE doc_id=? ORDER BY first_seen LIMIT 1""",
            (doc_id,),
        ).fetchone()
        source = SourceRef(
            input=src["input"] if src else "",
            locator=src["locator"] if src else "",
            container=src["container"] if src else "",
            format=r["format"],
            raw_sha256=r["raw_sha256"],
            raw_size=r["raw_size"],
            encoding=r["encoding"],
        )
        return Article(
            id=r["id"],
            text=r["text"],
            title=r["title"],
            url=r["url"],
            site=r["site"],
            author=r["author"],
            published=r["published"],
            fetched=r["fetched"],
            language=r["language"],
            segments=tuple(Segment(*s) for s in segs),
            removed=tuple(Removed(*x) for x in rem),
            source=source,
            versions=tuple(json.loads(r["versions"]).items()),
            notes=tuple(json.loads(r["notes"])),
            story=story_link(self.conn, doc_id),
            **read_children(self.conn, doc_id),
        )

    def sightings(self, doc_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT input, locator, container, url, first_seen FROM document_sources WHERE doc_id=?",
            (doc_id,),
        )
        return [dict(r) for r in rows]

    def raw(self, doc_id: str) -> bytes | None:
        row = self.conn.execute("SELECT codec, data FROM raw WHERE doc_id=?", (doc_id,)).fetchone()
        if row is None or row["codec"] != "zlib":
            return None
        return zlib.decompress(row["data"])

    def failures(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT * FROM failures ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]

    def events(self, **filters: Any) -> Iterator[dict[str, Any]]:
        """Stored events as flat rows, filtered: see ``tidings.store.events.query_events``.

        Raises:
            ValueError: at once, for a malformed filter.
        """
        return query_events(self.conn, **filters)

    def iter_ids(self) -> Iterator[str]:
        for row in self.conn.execute("SELECT id FROM documents ORDER BY id"):
            yield row[0]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def open_store(path: str, *, readonly: bool = False) -> Store:
    """Open (and create or migrate) the database at ``path``."""
    return Store(path, readonly=readonly)
