"""Export throughput and peak memory, at two database sizes.

Builds a database by running the pipeline once on the bundled samples and
../shared/seeds (or takes ``--source DB``), then copies its documents and
their rows (events, actors, mentions, places, ...) many times under new
document ids, to about ``--events`` events (two sizes: the second four times
the first). Each export then runs as ``python -m tidings export ...`` in a
fresh process (``procmem.measure``), so its peak resident set is its own.
Streaming shows as a peak that does not grow with the database.

Usage: python benchmarks/export.py [--events 25000] [--source DB] [--json]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from procmem import measure

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"

# (table, schema, format, extra arguments)
CASES = [
    ("events", "native", "csv", []),
    ("events", "native", "jsonl", []),
    ("events", "native", "parquet", []),
    ("events", "gdelt", "parquet", []),
    ("events", "acled", "csv", []),
    ("events", "polecat", "jsonl", []),
    ("documents", "native", "jsonl", []),
    ("documents", "native", "parquet", []),
    ("actors", "native", "csv", []),
]


def source_db(folder: Path) -> str:
    """A database made by the pipeline from the samples and seeds."""
    import tidings

    path = str(folder / "source.db")
    inputs = [str(REPO / "samples"), *(str(p) for p in sorted(SEEDS.glob("*.txt")))]
    tidings.run(inputs, tidings.load_settings(None, db=path))
    return path


def build(source: str, path: str, events: int) -> dict[str, int]:
    """Copy ``source``'s documents and rows into a new database at ``path``
    until it holds about ``events`` events; every copy gets new document ids
    (the first 24 hex digits of the id, then the copy number)."""
    import tidings

    tidings.open_store(path).close()  # the current schema, with its triggers
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("ATTACH DATABASE ? AS src", (source,))
    per_copy = conn.execute("SELECT count(*) FROM src.events").fetchone()[0]
    copies = max(1, round(events / max(per_copy, 1)))
    tables = ["documents", "segments", "removed", "document_sources", "sentences", "actors", "mentions"]
    tables += ["places", "dates", "quantities", "quotes", "assertions", "indicators", "events"]
    statements = []
    for table in tables:
        cols = [r[1] for r in conn.execute(f"PRAGMA src.table_info({table})")]
        key = "id" if table == "documents" else "doc_id"
        select = [f"substr({c}, 1, 24) || printf('%08x', ?)" if c == key else c for c in cols]
        statements.append(
            f"INSERT INTO main.{table} ({', '.join(cols)}) SELECT {', '.join(select)} FROM src.{table}"
        )
    for k in range(copies):
        conn.execute("BEGIN")
        for sql in statements:
            conn.execute(sql, (k,))
        conn.execute("COMMIT")
    counts = {
        t: conn.execute(f"SELECT count(*) FROM main.{t}").fetchone()[0] for t in ("documents", "events")
    }
    conn.close()
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=25000, help="events in the smaller database")
    ap.add_argument("--source", default=None, help="database to copy (default: run the pipeline)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    results = []
    # Start-up (imports) of one command, taken off each run's time for rows/s.
    startup = min(measure([sys.executable, "-m", "tidings", "--version"])[0]["seconds"] for _ in range(3))
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        source = args.source or source_db(tmp)
        for scale in (1, 4):
            db = str(tmp / f"x{scale}.db")
            counts = build(source, db, args.events * scale)
            for table, schema, fmt, extra in CASES:
                out = tmp / f"out.{fmt}"
                cmd = [sys.executable, "-m", "tidings", "export", table, "--db", db, "--schema", schema]
                stats, _ = measure([*cmd, "-f", fmt, "-o", str(out), *extra])
                rows = {"events": counts["events"], "documents": counts["documents"]}.get(table)
                results.append(
                    {
                        "db_events": counts["events"],
                        "db_documents": counts["documents"],
                        "export": f"{table} {schema} {fmt}",
                        "rows": rows,
                        "seconds": round(stats["seconds"], 2),
                        "rows_per_s": round(rows / max(stats["seconds"] - startup, 0.01)) if rows else None,
                        "peak_mb": round(stats["parent_mb"], 1),
                        "out_mb": round(out.stat().st_size / 2**20, 1),
                    }
                )
                out.unlink()
            Path(db).unlink()
    if args.json:
        print(json.dumps({"startup_seconds": round(startup, 2), "results": results}, indent=2))
        return
    print(
        f"{'db events':>9} {'docs':>6}  {'export':28} {'rows/s':>8} {'seconds':>8} {'peak MB':>8} {'out':>6}"
    )
    for r in results:
        print(
            f"{r['db_events']:>9} {r['db_documents']:>6}  {r['export']:28} {r['rows_per_s'] or '-':>8} "
            f"{r['seconds']:>8} {r['peak_mb']:>8} {r['out_mb']:>6}"
        )
    print(f"seconds: the whole process; rows/s: rows / (seconds - {startup:.2f} s of start-up).")
    print("peak MB: peak resident set of the process; out: output size in MB. acled keeps only")
    print("events with an ACLED type.")


if __name__ == "__main__":
    main()
