"""Whether a document joins the story most like it: a logistic model.

The clusterer (:mod:`tidings.stages.storyindex`) finds the open story most
similar to a new document. One similarity and a fixed threshold decide
poorly: a story of ten reports and a story of one, a close call between two
stories and a clear lead, want different thresholds. When the document and
the story both have text embeddings, this model decides instead, from five
numbers the clusterer already has:

``terms``
    mean cosine of the document's term vector to the story's documents;
``embedding_mean``, ``embedding_max``
    mean and highest cosine of its text embedding to theirs (a report close
    to one member is likely the same story even if the story drifted);
``log_size``
    the log of the story's number of documents;
``lead``
    how far the story's blended similarity leads the runner-up's. A story
    that is the only candidate has no lead to measure: the clusterer's
    thresholds decide those.

The probability is ``1 / (1 + exp(-(bias + sum(weight * feature))))``; the
document joins at ``threshold`` or more. The weights are data
(``data/stories/join_model.json``), fitted by ``scripts/train_join_model.py``
on the train split of the AllSides story set, with the provenance of that
fit in the file. Pure: no files except the model's own.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

FEATURES = ("terms", "embedding_mean", "embedding_max", "log_size", "lead")
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "stories" / "join_model.json"


@dataclass(frozen=True, slots=True)
class JoinModel:
    """A logistic model over :data:`FEATURES` (weights in their raw units)."""

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    provenance: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"join model: {len(self.weights)} weights for {len(FEATURES)} features")

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "provenance": self.provenance,
        }


def from_dict(data: dict[str, Any]) -> JoinModel:
    if tuple(data.get("features", ())) != FEATURES:
        raise ValueError(f"join model: features {data.get('features')} are not {list(FEATURES)}")
    return JoinModel(
        tuple(float(w) for w in data["weights"]),
        float(data["bias"]),
        float(data.get("threshold", 0.5)),
        dict(data.get("provenance", {})),
    )


@cache
def load(path: Path = MODEL_PATH) -> JoinModel:
    """The model shipped with tidings (or the one at ``path``)."""
    return from_dict(json.loads(path.read_text(encoding="utf-8")))


def fit(
    rows: Sequence[Sequence[float]],
    labels: Sequence[bool],
    *,
    l2: float = 1e-3,
    iterations: int = 4000,
    rate: float = 1.0,
) -> JoinModel:
    """Fit the model by gradient descent on standardised features (plain
    numpy, deterministic), then fold the standardisation into the weights."""
    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    if x.ndim != 2 or x.shape[1] != len(FEATURES) or len(x) != len(y) or len(x) == 0:
        raise ValueError(f"join model: need rows of {len(FEATURES)} features and one label each")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    w = np.zeros(z.shape[1])
    b = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        w -= rate * (z.T @ (p - y) / len(y) + l2 * w)
        b -= rate * float(np.mean(p - y))
    raw = w / scale
    return JoinModel(tuple(float(v) for v in raw), float(b - raw @ mean))
