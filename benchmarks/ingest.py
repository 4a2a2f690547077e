"""Ingest + clean throughput and peak memory, with trafilatura alone as the reference.

Builds a corpus of N pages (HTML and plain text, each made unique by a small
variation so nothing is skipped as already stored) from the bundled samples,
the seeds and, when present, the HTML pages of ../shared/eval/extraction.
Then, each in a fresh subprocess so peak memory is its own:

* ``trafilatura``: ``trafilatura.extract`` on the same HTML pages (reference);
* ``tidings-inline``: ``tidings ingest`` with 1 worker into a new database;
* ``tidings-2proc``: ``tidings ingest --workers 2``.

Usage: python benchmarks/ingest.py [--pages 3000] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from procmem import measure

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval" / "extraction"
SEEDS = REPO.parent / "shared" / "seeds"


def _read(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def _base_pages() -> tuple[list[str], list[str]]:
    html: list[str] = []
    text: list[str] = []
    for path in sorted((REPO / "samples").rglob("*")):
        if path.suffix in {".html", ".gz"} and ".html" in path.name:
            html.append(_read(path))
        elif path.suffix == ".txt":
            text.append(_read(path))
    for sub in ("cleanportaleval", "readability-testpages"):
        folder = EVAL / sub / "input"
        if folder.is_dir():
            html.extend(_read(p) for p in sorted(folder.glob("*.html.gz")))
    if SEEDS.is_dir():
        text.extend(_read(p) for p in sorted(SEEDS.glob("*.txt")))
    return html, text


def build_corpus(folder: Path, pages: int) -> tuple[int, int]:
    """Write ``pages`` unique pages (80% HTML, 20% text); return (html, text) counts."""
    html, text = _base_pages()
    folder.mkdir(parents=True)
    n_html = 0
    for i in range(pages):
        if html and (i % 5 or not text):
            body = html[i % len(html)].replace("</body>", f"<!-- bench copy {i} --></body>", 1)
            if f"bench copy {i}" not in body:
                body += f"\n<!-- bench copy {i} -->"
            (folder / f"p{i:06d}.html").write_text(body, encoding="utf-8")
            n_html += 1
        else:
            (folder / f"p{i:06d}.txt").write_text(
                text[i % len(text)] + f"\n\nbench copy {i}\n", encoding="utf-8"
            )
    return n_html, pages - n_html


def _trafilatura_only(folder: str) -> None:
    import trafilatura

    n = 0
    t0 = time.perf_counter()
    for path in sorted(Path(folder).glob("*.html")):
        trafilatura.extract(path.read_text(encoding="utf-8"))
        n += 1
    elapsed = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"pages": n, "seconds": elapsed, "peak_mb": peak}))


def _measure(cmd: list[str]) -> dict[str, float]:
    """Run ``cmd``; wall time and the peak resident set of each process of its
    tree (parent and workers), polled from /proc every 0.1 s."""
    return measure(cmd, ok=(0, 3))[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--_trafilatura", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._trafilatura:
        _trafilatura_only(args._trafilatura)
        return
    tmp = Path(tempfile.mkdtemp(prefix="tidings-bench-"))
    try:
        n_html, n_text = build_corpus(tmp / "pages", args.pages)
        results: dict[str, dict[str, float]] = {}
        proc = subprocess.run(
            [sys.executable, __file__, "--_trafilatura", str(tmp / "pages")],
            capture_output=True,
            text=True,
            check=True,
        )
        ref = json.loads(proc.stdout)
        results["trafilatura (HTML only)"] = {
            "pages": ref["pages"],
            "pages_per_s": ref["pages"] / ref["seconds"],
            "peak_mb": ref["peak_mb"],
        }
        for name, workers in (("tidings-inline", 1), ("tidings-2proc", 2)):
            db = tmp / f"{name}.db"
            m = _measure(
                [
                    sys.executable,
                    "-m",
                    "tidings",
                    "ingest",
                    str(tmp / "pages"),
                    "--db",
                    str(db),
                    "--workers",
                    str(workers),
                    "--quiet",
                ]
            )
            results[name] = {
                "pages": args.pages,
                "pages_per_s": args.pages / m["seconds"],
                "peak_mb": max(m["parent_mb"], m["worker_mb"]),
                "parent_mb": m["parent_mb"],
                "worker_mb": m["worker_mb"],
            }
        if args.json:
            print(json.dumps({"html_pages": n_html, "text_pages": n_text, "results": results}, indent=2))
            return
        print(f"corpus: {args.pages} pages ({n_html} HTML, {n_text} plain text) in {tmp / 'pages'}")
        print(f"{'run':28} {'pages':>6} {'pages/s':>9} {'peak MB':>9} {'parent':>7} {'worker':>7}")
        for name, r in results.items():
            print(
                f"{name:28} {int(r['pages']):6d} {r['pages_per_s']:9.1f} {r['peak_mb']:9.0f}"
                f" {r.get('parent_mb', r['peak_mb']):7.0f} {r.get('worker_mb', 0):7.0f}"
            )
        print("peak MB: largest resident set of one process (parent, or any worker process).")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
