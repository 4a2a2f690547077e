"""Helpers of the scale tests: real WARC files written with warcio, and every
row of a database read back for comparisons."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings import open_store

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
PLACES = ["Mosul", "Goma", "Kherson", "Gao", "Sanaa", "Idlib", "Marib", "Bunia", "Tripoli", "Kidal"]
#: Columns that hold the time a row was written: they differ between any two runs.
TIME_COLUMNS = {"created_at", "first_seen", "time"}
#: Tables of the run itself, not of what was read.
RUN_TABLES = {"runs", "shards", "sqlite_sequence"}


def html_page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def write_warc(path: Path, pages: list[tuple[str, bytes]], *, gzip: bool = True) -> Path:
    """A WARC of HTML ``response`` records, one per ``(url, html)``."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tidings-tests"}))
        for url, body in pages:
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=http,
                    warc_headers_dict={"WARC-Date": "2025-03-04T10:00:00Z"},
                )
            )
    return path


def report(i: int) -> tuple[str, bytes]:
    """A short news report, different for every ``i`` (ingest-only corpora)."""
    place = PLACES[i % len(PLACES)]
    return (
        f"https://news.example/{i}",
        html_page(
            f"Clashes reported near {place} (report {i})",
            [
                f"Fighting broke out near {place} on Tuesday between government forces and an armed "
                f"group, residents said, in the {i}th incident reported this month.",
                f"At least {i % 17 + 2} people were killed, according to a local official who spoke on "
                "condition of anonymity because he was not authorised to talk to reporters.",
            ],
        ),
    )


def write_reports(folder: Path, files: int, per_file: int) -> Path:
    """``files`` WARC files of ``per_file`` reports each, all different."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in range(files):
        write_warc(folder / f"crawl-{f:02d}.warc.gz", [report(f * per_file + i) for i in range(per_file)])
    return folder


def table_rows(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the database, sorted, without time columns."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
            if r[0] not in RUN_TABLES and "_fts" not in r[0]
        ]
        out = {}
        for name in names:
            info = conn.execute(f"PRAGMA table_info({name})").fetchall()
            # Row numbers (an INTEGER PRIMARY KEY alone) follow the order of writing,
            # which parallel runs do not fix: compare what they number instead.
            rowid = [r[1] for r in info if r[5] == 1 and r[2].upper() == "INTEGER"]
            rowid = rowid if sum(r[5] > 0 for r in info) == 1 else []
            cols = [r[1] for r in info if r[1] not in TIME_COLUMNS and r[1] not in rowid]
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall()
            out[name] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def articles(db: str) -> dict[str, dict[str, Any]]:
    """``Article.to_dict()`` of every stored document, by id."""
    with open_store(db, readonly=True) as store:
        return {doc_id: store.get_article(doc_id).to_dict() for doc_id in store.iter_ids()}


def assert_same_store(db: str, reference: str) -> None:
    """Both databases hold identical records and rows (times of writing aside)."""
    got, want = articles(db), articles(reference)
    assert sorted(got) == sorted(want)
    for doc_id, doc in want.items():
        differs = sorted(k for k in doc if got[doc_id].get(k) != doc[k])
        assert got[doc_id] == doc, f"{doc_id}: {differs}"
    got_rows, want_rows = table_rows(db), table_rows(reference)
    assert sorted(got_rows) == sorted(want_rows)
    for name, rows in want_rows.items():
        assert got_rows[name] == rows, name
