"""End-to-end ``tidings run`` throughput (articles/s) and peak memory.

Two corpora of real news, neither part of the repository (the benchmark is
skipped without it):

* ``--corpus allsides`` (default): the AllSides articles of
  ../shared/eval/clustering/allsides-articles.jsonl (read at run time, written
  to a temporary JSON-lines input with ``title`` and ``text``) plus the bundled
  ``samples/``. Articles with an empty or repeated body are left out, so every
  article is new to the database and none is skipped as already stored.
* ``--corpus long``: full-length news pages as published, the HTML pages of
  ../shared/eval/extraction/{cleanportaleval,readability-testpages}/input/
  (read in place). When more articles are asked for than there are pages, the
  pages are cycled: each further copy is written to a temporary folder with a
  marker comment ``<!-- bench copy N -->`` before ``</body>`` (as in
  ``benchmarks/ingest.py``), which changes the raw page, hence its document
  id, but not its text, so no copy is skipped as already stored. Pages the
  pipeline rejects (too little text, say) count as failed, not as articles.

Each run is ``tidings.run`` (the public library, as users call it) into a
fresh SQLite file, in a fresh subprocess so its peak memory is its own; the
peak resident set of the parent and of each worker is polled from /proc.
``seconds`` is the time of the ``tidings.run`` call: it includes starting the
workers and loading the spaCy model in each of them, not Python start-up.
``chars/art`` is the mean length of the stored article text.

The stages default to those of ``tidings run`` (``tidings.stages.registry.RUN``)
as they are when the benchmark runs. Usage:

    python benchmarks/run.py [--corpus allsides|long] [--articles 1000] [--workers 1,2]
                             [--stages clean,language] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from procmem import measure
from tidings.errors import StageError
from tidings.records import Page
from tidings.sources import iter_pages
from tidings.stages import registry

REPO = Path(__file__).resolve().parents[1]
ALLSIDES = REPO.parent / "shared" / "eval" / "clustering" / "allsides-articles.jsonl"
EXTRACTION = REPO.parent / "shared" / "eval" / "extraction"
LONG_DIRS = tuple(EXTRACTION / sub / "input" for sub in ("cleanportaleval", "readability-testpages"))


def _sample_pages() -> int:
    """Distinct pages in ``samples/`` (every one is stored by a run)."""
    return len({p.id for p in iter_pages([str(REPO / "samples")]) if isinstance(p, Page)})


def build_corpus(path: Path, articles: int) -> tuple[int, int]:
    """Write ``articles`` minus the samples AllSides articles to ``path`` (JSON lines).

    Returns (AllSides articles written, sample pages); fewer than asked when
    the file has fewer usable articles.
    """
    samples = _sample_pages()
    wanted = max(0, articles - samples)
    seen: set[str] = set()
    n = 0
    with ALLSIDES.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for line in src:
            if n >= wanted:
                break
            row = json.loads(line)
            body = (row.get("body") or "").strip()
            if not body or body in seen:  # same text = same document id: it would be skipped
                continue
            seen.add(body)
            record = {"text": body, "title": (row.get("title") or "").strip() or None}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n, samples


def long_pages() -> list[Path]:
    """The full-length HTML news pages of the long corpus, in sorted order."""
    return sorted(p for folder in LONG_DIRS if folder.is_dir() for p in folder.glob("*.html.gz"))


def build_long_corpus(folder: Path, articles: int) -> list[str]:
    """Paths of ``articles`` unique HTML pages: the originals read in place,
    then, cycling, copies made unique by a marker comment, written to ``folder``."""
    pages = long_pages()
    paths = [str(p) for p in pages[:articles]]
    extra = articles - len(paths)
    if extra > 0:
        folder.mkdir(parents=True)
        for i in range(extra):
            html = gzip.decompress(pages[i % len(pages)].read_bytes()).decode("utf-8", "replace")
            marker = f"<!-- bench copy {i} -->"
            body = html.replace("</body>", f"{marker}</body>", 1)
            if marker not in body:
                body += f"\n{marker}"
            (folder / f"copy{i:06d}.html").write_text(body, encoding="utf-8")
        paths.append(str(folder))
    return paths


def _child(spec: str) -> None:
    """Run ``tidings.run`` once as described by the JSON ``spec``; print the result as JSON."""
    from tidings import Settings, open_store, run

    args = json.loads(spec)
    extra = {"pages_per_task": args["pages_per_task"]} if args.get("pages_per_task") else {}
    settings = Settings(db=args["db"], workers=args["workers"], **extra)
    t0 = time.perf_counter()
    stats = run(args["paths"], settings, stages=tuple(args["stages"]))
    elapsed = time.perf_counter() - t0
    with open_store(args["db"], readonly=True) as store:  # not timed
        chars = [len(store.get_article(doc_id).text) for doc_id in store.iter_ids()]
    print(
        json.dumps(
            {
                "seconds": elapsed,
                "stored": stats.stored,
                "skipped": stats.skipped,
                "failed": stats.failed,
                "chars": sum(chars),
                "documents": len(chars),
            }
        )
    )


def _measure(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd`` (a child printing one JSON object); return that object with
    the wall time and the peak resident set of the parent and of the largest
    other process of its tree (workers)."""
    m, out = measure(cmd)
    result: dict[str, float] = json.loads(out)
    result.update(wall_seconds=m["seconds"], parent_mb=m["parent_mb"], worker_mb=m["worker_mb"])
    return result


def _workers(value: str) -> list[int]:
    try:
        counts = [int(v) for v in value.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--workers takes numbers like 1,2, not {value!r}") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError(f"--workers takes numbers of at least 1, like 1,2, not {value!r}")
    return counts


def _stages(value: str) -> tuple[str, ...]:
    names = tuple(v.strip() for v in value.split(",") if v.strip())
    try:
        registry.resolve(names)
    except StageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--corpus",
        choices=("allsides", "long"),
        default="allsides",
        help="allsides: AllSides article bodies (default); long: full-length HTML news pages",
    )
    ap.add_argument("--articles", type=int, default=1000, help="articles per run, samples included")
    ap.add_argument("--workers", type=_workers, default=[1, 2], help="worker counts to run (default 1,2)")
    ap.add_argument(
        "--stages",
        type=_stages,
        default=tuple(registry.RUN),
        help=f"comma-separated stages (default those of tidings run: {','.join(registry.RUN)})",
    )
    ap.add_argument(
        "--pages-per-task",
        type=int,
        default=None,
        help="the pages_per_task setting (pages parsed together per worker task; default the setting's)",
    )
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--_child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._child:
        _child(args._child)
        return
    if args.articles < 1:
        ap.error("--articles must be at least 1")
    source = ALLSIDES if args.corpus == "allsides" else EXTRACTION
    if (args.corpus == "allsides" and not ALLSIDES.is_file()) or (args.corpus == "long" and not long_pages()):
        reason = f"skipped: {source} not found (the real-news corpus is read from beside the checkout)"
        if args.json:
            print(json.dumps({"skipped": reason}))
        else:
            print(reason, file=sys.stderr)
        return
    tmp = Path(tempfile.mkdtemp(prefix="tidings-bench-run-"))
    try:
        if args.corpus == "allsides":
            n_allsides, n_samples = build_corpus(tmp / "allsides.jsonl", args.articles)
            articles = n_allsides + n_samples
            if articles < args.articles:
                print(f"note: only {articles} usable articles, not {args.articles}", file=sys.stderr)
            paths = [str(tmp / "allsides.jsonl"), str(REPO / "samples")]
            corpus: dict[str, object] = {"allsides_articles": n_allsides, "sample_pages": n_samples}
            title = f"{n_allsides} AllSides articles + {n_samples} sample pages"
        else:
            paths = build_long_corpus(tmp / "long", args.articles)
            n_pages = len(long_pages())
            corpus = {"long_pages": args.articles, "distinct_pages": n_pages}
            title = f"{args.articles} full-length HTML news pages ({n_pages} distinct, cycled)"
        corpus.update(stages=list(args.stages), pages_per_task=args.pages_per_task)
        results: list[dict[str, float]] = []
        for workers in args.workers:
            db = tmp / f"run-{workers}w.db"
            spec = {
                "paths": paths,
                "db": str(db),
                "workers": workers,
                "stages": list(args.stages),
                "pages_per_task": args.pages_per_task,
            }
            m = _measure([sys.executable, __file__, "--_child", json.dumps(spec)])
            db.unlink()
            m.update(
                workers=workers,
                articles=m["stored"],
                articles_per_s=m["stored"] / m["seconds"],
                chars_per_article=m["chars"] / max(1, m["documents"]),
                peak_mb=max(m["parent_mb"], m["worker_mb"]),
            )
            results.append(m)
        if args.json:
            print(json.dumps({**corpus, "results": results}, indent=2))
            return
        per_task = f"; pages per task: {args.pages_per_task}" if args.pages_per_task else ""
        print(f"corpus: {title}; stages: {','.join(args.stages)}{per_task}")
        print(
            f"{'workers':>7} {'articles':>8} {'seconds':>8} {'art/s':>7} {'chars/art':>9}"
            f" {'peak MB':>8} {'parent':>7} {'worker':>7}"
        )
        for r in results:
            print(
                f"{int(r['workers']):7d} {int(r['articles']):8d} {r['seconds']:8.1f}"
                f" {r['articles_per_s']:7.1f} {r['chars_per_article']:9.0f}"
                f" {r['peak_mb']:8.0f} {r['parent_mb']:7.0f} {r['worker_mb']:7.0f}"
            )
            if r["failed"] or r["skipped"]:
                print(f"        ({int(r['failed'])} failed, {int(r['skipped'])} skipped as already seen)")
        print("seconds: the tidings.run call (worker start and model loading included).")
        print("peak MB: largest resident set of one process; worker: the largest other process.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
