"""End-to-end throughput and peak memory: inline, 2 processes, 2-worker Dask
LocalCluster, next to the ceilings of trafilatura alone and spaCy alone.

The pages are full-length HTML news pages as published (the long corpus of
``run.py``: ../shared/eval/extraction/{cleanportaleval,readability-testpages}/
input/, cycled with a marker comment when more are asked for than there
are, so every page is a new document). In one run, on the same pages:

* ``inline``, ``2 procs`` (``workers=2``), ``dask`` (``dask="local"``,
  ``workers=2``: 2 worker processes of 1 thread): ``tidings.run`` with the
  stages of ``tidings run`` into a fresh SQLite file, each in a fresh
  subprocess (its peak memory is its own: parent, and the largest other
  process of its tree), timed around the ``tidings.run`` call (starting
  workers and loading spaCy in each included);
* ``trafilatura``: ``trafilatura.extract`` on each page's HTML, one process;
* ``spaCy``: the model's ``nlp.pipe`` (batch 32, one process) on the texts
  tidings cleaned from the same pages (cleaning not timed), model loading
  not timed, as tidings loads it (with the exact stand-ins of
  ``stages/fastnlp.py``); ``spaCy stock``: the same with the model as
  ``spacy.load`` gives it.

``% spaCy`` is end-to-end articles/s over the spaCy-alone articles/s (one
process). Usage::

    python benchmarks/throughput.py [--articles 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from procmem import measure
from run import build_long_corpus, long_pages

MODES = {"inline": {"workers": 1}, "2 procs": {"workers": 2}, "dask": {"workers": 2, "dask": "local"}}


def _pages(paths: list[str]) -> list[bytes]:
    from tidings.records import Page
    from tidings.sources import iter_pages

    return [p.content for p in iter_pages(paths) if isinstance(p, Page) and isinstance(p.content, bytes)]


def _child_run(spec: dict[str, object]) -> dict[str, float]:
    from tidings import Settings, run

    settings = Settings(db=str(spec["db"]), **spec["settings"])  # type: ignore[arg-type]
    t0 = time.perf_counter()
    stats = run(spec["paths"], settings)  # type: ignore[arg-type]
    return {"seconds": time.perf_counter() - t0, "stored": stats.stored, "failed": stats.failed}


def _child_trafilatura(spec: dict[str, object]) -> dict[str, float]:
    import trafilatura

    pages = _pages(spec["paths"])  # type: ignore[arg-type]
    t0 = time.perf_counter()
    done = sum(1 for html in pages if trafilatura.extract(html))
    return {"seconds": time.perf_counter() - t0, "stored": done, "failed": len(pages) - done}


def _child_spacy(spec: dict[str, object]) -> dict[str, float]:
    from tidings import Settings
    from tidings.pipeline import Processed, apply_batch
    from tidings.records import Page
    from tidings.sources import iter_pages
    from tidings.stages import nlp, registry

    settings = Settings()
    pages = [p for p in iter_pages(spec["paths"]) if isinstance(p, Page)]  # type: ignore[arg-type]
    texts = [
        r.article.text for r in apply_batch(registry.INGEST, settings, pages) if isinstance(r, Processed)
    ]
    if spec.get("stock"):  # the model as spaCy ships it, without tidings' stand-ins
        import spacy

        model = spacy.load(settings.spacy_model)
    else:
        model = nlp.load(settings.spacy_model)
    t0 = time.perf_counter()
    n = sum(1 for _ in model.pipe(texts, batch_size=32))
    return {"seconds": time.perf_counter() - t0, "stored": n, "failed": 0}


CHILDREN = {"run": _child_run, "trafilatura": _child_trafilatura, "spacy": _child_spacy}


def _measure(kind: str, spec: dict[str, object]) -> dict[str, float]:
    m, out = measure([sys.executable, __file__, "--_child", json.dumps({"kind": kind, **spec})])
    result = json.loads(out)
    result.update(m)
    result["articles_per_s"] = result["stored"] / result["seconds"]
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=300, help="pages (default 300)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        spec = json.loads(args._child)
        print(json.dumps(CHILDREN[spec["kind"]](spec)))
        return
    if not long_pages():
        print("skipped: ../shared/eval/extraction not found (the long corpus)", file=sys.stderr)
        return
    tmp = Path(tempfile.mkdtemp(prefix="tidings-bench-throughput-"))
    try:
        paths = build_long_corpus(tmp / "long", args.articles)
        rows: dict[str, dict[str, float]] = {}
        for name, settings in MODES.items():
            rows[name] = _measure("run", {"paths": paths, "db": str(tmp / "t.db"), "settings": settings})
            (tmp / "t.db").unlink()
            print(name, json.dumps(rows[name]), file=sys.stderr)
        rows["trafilatura"] = _measure("trafilatura", {"paths": paths})
        rows["spaCy stock"] = _measure("spacy", {"paths": paths, "stock": True})
        rows["spaCy"] = _measure("spacy", {"paths": paths})
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    ceiling = rows["spaCy"]["articles_per_s"]
    for row in rows.values():
        row["pct_spacy"] = 100 * row["articles_per_s"] / ceiling
    if args.json:
        print(json.dumps({"pages": args.articles, "results": rows}, indent=2))
        return
    print(f"{args.articles} full-length HTML news pages; stages of `tidings run`; spaCy model: the default")
    print(
        f"{'':12} {'articles':>8} {'seconds':>8} {'art/s':>7} {'% spaCy':>8}"
        f" {'parent MB':>9} {'worker MB':>9}"
    )
    for name, r in rows.items():
        print(
            f"{name:12} {int(r['stored']):8d} {r['seconds']:8.1f} {r['articles_per_s']:7.1f}"
            f" {r['pct_spacy']:7.0f}% {r['parent_mb']:9.0f} {r['worker_mb']:9.0f}"
        )
    print("end-to-end seconds include starting workers and loading spaCy in each; ceilings exclude loading.")


if __name__ == "__main__":
    main()
