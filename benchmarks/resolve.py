"""Throughput of the resolve layer (actors, places, dates, quantities,
quotations, assertions, indicators) in sentences/s, inline and on 2
processes, next to spaCy alone on the same texts.

The corpus: the bundled samples and the seeds, cleaned once (not timed), each
article repeated to reach ``--articles``. Usage:

    python benchmarks/resolve.py [--articles 200] [--json]
"""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from tidings.records import Article, Page
from tidings.sources import iter_pages
from tidings.stages import nlp
from tidings.stages.clean import clean_page
from tidings.stages.language import add_language
from tidings.stages.resolve import resolve

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def corpus(n: int) -> list[Article]:
    paths = [str(REPO / "samples")] + ([str(SEEDS)] if SEEDS.is_dir() else [])
    base = []
    for page in iter_pages(paths):
        if not isinstance(page, Page):
            continue
        base.append(add_language(clean_page(page)))
    return [base[i % len(base)] for i in range(n)]


def _resolve_count(article: Article) -> int:
    return len(resolve(article).sentences)


def _parse_count(text: str) -> int:
    return len(list(nlp.parse(text).sents))


def timed(fn, items, workers: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    if workers == 1:
        total = sum(fn(x) for x in items)
    else:
        with ProcessPoolExecutor(workers, mp_context=get_context("forkserver")) as pool:
            pool.submit(fn, items[0]).result()  # warm the workers (model load) before timing
            t0 = time.perf_counter()
            total = sum(pool.map(fn, items, chunksize=4))
    return time.perf_counter() - t0, total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    arts = corpus(args.articles)
    resolve(arts[0])  # load models and dictionaries once, not timed
    rows = {}
    for name, fn, items in (
        ("spaCy alone", _parse_count, [a.text for a in arts]),
        ("resolve stage", _resolve_count, arts),
    ):
        for workers in (1, 2):
            secs, sents = timed(fn, items, workers)
            rows[f"{name}, {workers} proc"] = {
                "articles": len(items),
                "sentences": sents,
                "sentences_per_s": sents / secs,
                "articles_per_s": len(items) / secs,
            }
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'run':24} {'articles':>8} {'sentences':>9} {'sent/s':>8} {'art/s':>7}")
    for name, r in rows.items():
        print(
            f"{name:24} {r['articles']:8d} {r['sentences']:9d} {r['sentences_per_s']:8.1f} "
            f"{r['articles_per_s']:7.1f}"
        )


if __name__ == "__main__":
    main()
