"""Peak memory of the parent and of each worker against the number of pages.

Memory must stay flat: the parent holds only the pages in flight and the
batch being written, a worker only its task (or, with ``--out``, its shard's
row group). This script runs the same job on N pages for each N given (say
10,000 and 100,000) and prints the peak resident set of the parent and of
the largest other process (pool worker, Dask nanny or worker), polled from
/proc every 0.1 s (``procmem.py``). Flat means: the 100k column within a few
MB of the 10k column.

Pages: small synthetic HTML news pages made of real sentences (those of the
bundled ``samples/``, cleaned by tidings), four sentences and a unique
report number each, in JSON-lines files of 2,000 pages (one shard each).
Stages: the cleaning stages only (``registry.INGEST``: read, clean,
language), because the full run over 100k pages would take hours on a
laptop; the parsing stages hold no state across pages either (see
``throughput.py`` for their speed and memory on real articles).

Modes: ``inline`` (one process), ``pool`` (``--workers 2``), ``dask``
(``--dask local --workers 2``: a LocalCluster; its scheduler runs in the
parent), and ``dask-out`` (the same writing Parquet shards with ``--out``
instead of the database). Usage::

    python benchmarks/scalemem.py --pages 10000,100000 [--modes inline,pool,dask,dask-out] [--json]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from procmem import measure

REPO = Path(__file__).resolve().parents[1]
PER_FILE = 2000
MODES = ("inline", "pool", "dask", "dask-out", "dask-remote")


def real_sentences() -> list[str]:
    """Sentences of the bundled samples' cleaned body text."""
    from tidings import Settings
    from tidings.pipeline import Processed, apply_stages
    from tidings.records import Page
    from tidings.sources import iter_pages
    from tidings.stages import registry

    out = []
    for page in iter_pages([str(REPO / "samples")]):
        if not isinstance(page, Page):
            continue
        result = apply_stages(registry.INGEST, Settings(), page)
        if isinstance(result, Processed):
            for para in result.article.text.split("\n\n")[1:]:
                out += [s.strip() + "." for s in para.split(". ") if len(s) > 40]
    return out


def write_corpus(folder: Path, pages: int, sentences: list[str]) -> None:
    """``pages`` distinct HTML pages in JSON-lines files of PER_FILE pages."""
    folder.mkdir(parents=True)
    rng = random.Random(7)
    for start in range(0, pages, PER_FILE):
        with (folder / f"part-{start // PER_FILE:04d}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(start, min(pages, start + PER_FILE)):
                body = " ".join(rng.sample(sentences, 4))
                html = (
                    f"<html><head><title>Report {i}</title></head><body><article><h1>Report {i}</h1>"
                    f"<p>{body}</p><p>This is report number {i} of the series.</p></article></body></html>"
                )
                fh.write(json.dumps({"html": html, "url": f"https://news.example/{i}"}) + "\n")


#: ``dask-remote``: a scheduler and 2 workers started as separate processes
#: (outside the measured tree), so the parent column is tidings alone as a
#: client of a cluster; the worker column is then 0 (not measured).
REMOTE = "tcp://127.0.0.1:8799"


def _start_remote() -> list[subprocess.Popen[bytes]]:
    dask = str(Path(sys.executable).parent / "dask")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = [dask, "scheduler", "--port", "8799", "--dashboard-address", ":0"]
    procs = [subprocess.Popen(scheduler, **quiet)]  # type: ignore[call-overload]
    time.sleep(3)
    workers = [dask, "worker", REMOTE, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"]
    procs.append(subprocess.Popen(workers, **quiet))  # type: ignore[call-overload]
    time.sleep(5)
    return procs


def _child(spec: str) -> None:
    from tidings import Settings, run
    from tidings.stages import registry

    args = json.loads(spec)
    mode = args["mode"]
    dask = args.get("address") if mode == "dask-remote" else "local" if mode.startswith("dask") else ""
    settings = Settings(db=args["db"], workers=1 if mode == "inline" else 2, dask=dask)
    t0 = time.perf_counter()
    stats = run(
        args["paths"], settings, stages=registry.INGEST, out=args["out"] if mode == "dask-out" else None
    )
    print(json.dumps({"seconds": time.perf_counter() - t0, "stored": stats.stored, "failed": stats.failed}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", default="10000,100000", help="page counts, comma-separated")
    ap.add_argument("--modes", default=",".join(MODES), help=f"of {','.join(MODES)}")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        _child(args._child)
        return
    counts = [int(p) for p in args.pages.split(",")]
    modes = [m for m in args.modes.split(",") if m]
    if not set(modes) <= set(MODES):
        ap.error(f"--modes takes {','.join(MODES)}")
    tmp = Path(tempfile.mkdtemp(prefix="tidings-bench-scalemem-"))
    results = []
    remote = _start_remote() if "dask-remote" in modes else []
    try:
        sentences = real_sentences()
        for n in counts:
            corpus = tmp / f"pages-{n}"
            write_corpus(corpus, n, sentences)
            for mode in modes:
                db, out = tmp / f"{mode}-{n}.db", tmp / f"{mode}-{n}-out"
                spec = {"paths": [str(corpus)], "db": str(db), "out": str(out), "mode": mode}
                if mode == "dask-remote":
                    spec["address"] = REMOTE
                m, printed = measure([sys.executable, __file__, "--_child", json.dumps(spec)])
                r = json.loads(printed)
                results.append(
                    {"pages": n, "mode": mode, **r, "pages_per_s": r["stored"] / r["seconds"], **m}
                )
                print(json.dumps(results[-1]), file=sys.stderr)
                db.unlink(missing_ok=True)
                shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(corpus)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        for proc in remote:
            proc.terminate()
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("stages: clean,language (registry.INGEST); pages: synthetic HTML from real sentences")
    print(
        f"{'mode':>9} {'pages':>7} {'stored':>7} {'seconds':>8} {'pages/s':>8}"
        f" {'parent MB':>9} {'worker MB':>9}"
    )
    for r in results:
        print(
            f"{r['mode']:>9} {r['pages']:7d} {r['stored']:7d} {r['seconds']:8.1f} {r['pages_per_s']:8.0f}"
            f" {r['parent_mb']:9.0f} {r['worker_mb']:9.0f}"
        )


if __name__ == "__main__":
    main()
