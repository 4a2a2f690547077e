"""What each part of the spaCy pipeline costs per article, on the long pages.

The same texts as ``throughput.py``'s spaCy ceiling (what tidings cleaned
from ``--articles`` full-length HTML news pages; cleaning not timed), the
model as tidings loads it, ``nlp.pipe`` with batch 32 in one process, with
parts of the pipeline switched off (``select_pipes``):

* ``all``: every component tidings runs;
* ``no parser``: all but the dependency parser (the most that parsing only
  some sentences could save);
* ``tagger, lemmas``: tok2vec, tagger, attribute ruler, lemmatizer (what
  finding trigger lemmas needs), without parser and NER;
* ``NER``: the entity recogniser alone (it has its own token vectors);
* ``tokenizer``: no component.

The parser's share is ``all`` minus ``no parser``. Printed: articles/s and
milliseconds per article; the first pass over the texts warms up and is not
counted. Usage::

    python benchmarks/spacy_parts.py [--articles 150]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from run import build_long_corpus, long_pages


def texts(paths: list[str]) -> list[str]:
    from tidings import Settings
    from tidings.pipeline import Processed, apply_batch
    from tidings.records import Page
    from tidings.sources import iter_pages
    from tidings.stages import registry

    pages = [p for p in iter_pages(paths) if isinstance(p, Page)]
    return [
        r.article.text for r in apply_batch(registry.INGEST, Settings(), pages) if isinstance(r, Processed)
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=150, help="pages (default 150)")
    args = ap.parse_args()
    if not long_pages():
        print("skipped: ../shared/eval/extraction not found (the long corpus)", file=sys.stderr)
        return
    from tidings import Settings
    from tidings.stages import nlp

    tmp = Path(tempfile.mkdtemp(prefix="tidings-bench-spacy-"))
    try:
        docs = texts(build_long_corpus(tmp / "long", args.articles))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    model = nlp.load(Settings().spacy_model)
    names = model.pipe_names
    parts = {
        "all": [],
        "no parser": ["parser"],
        "tagger, lemmas": ["parser", "ner"],
        "NER": [n for n in names if n != "ner"],
        "tokenizer": names,
    }
    tokens = sum(len(d) for d in model.tokenizer.pipe(docs))
    print(f"{len(docs)} articles, {tokens / len(docs):.0f} tokens each on average; pipes: {', '.join(names)}")
    print(f"{'':16} {'art/s':>7} {'ms/article':>11}")
    sum(1 for _ in model.pipe(docs, batch_size=32))  # warm-up
    for label, off in parts.items():
        with model.select_pipes(disable=off):
            t0 = time.perf_counter()
            n = sum(1 for _ in model.pipe(docs, batch_size=32))
            seconds = time.perf_counter() - t0
        print(f"{label:16} {n / seconds:7.2f} {1000 * seconds / n:11.1f}")


if __name__ == "__main__":
    main()
