"""The story clusterer's join model: fitting, reading, and the shipped weights."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tidings.stages import storyjoin
from tidings.stages.storyjoin import FEATURES, JoinModel


def _sample(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Decisions where the story is right when the best member is close and
    the story leads its runner-up; the term cosine and size are noise."""
    rng = np.random.default_rng(seed)
    x = np.column_stack(
        [
            rng.uniform(0.0, 0.5, n),  # terms
            rng.uniform(0.2, 0.6, n),  # embedding_mean
            rng.uniform(0.3, 0.9, n),  # embedding_max
            np.log(rng.integers(1, 20, n)),  # log_size
            rng.uniform(0.0, 0.3, n),  # lead
        ]
    )
    y = (2.0 * x[:, 2] + 4.0 * x[:, 4] - 1.8 + rng.normal(0.0, 0.05, n)) > 0
    return x, y


def test_fit_recovers_a_rule_and_is_deterministic() -> None:
    x, y = _sample(3000, 1)
    model = storyjoin.fit(x, y)
    assert model == storyjoin.fit(x, y)
    held_x, held_y = _sample(1000, 2)
    predicted = np.array([model.probability(row) >= 0.5 for row in held_x])
    assert (predicted == held_y).mean() >= 0.95
    weights = dict(zip(FEATURES, model.weights, strict=True))
    assert weights["embedding_max"] > 0 and weights["lead"] > 0
    # the informative features outweigh the noise, in the features' own units
    assert abs(weights["terms"]) < weights["embedding_max"] / 3
    assert abs(weights["log_size"]) < weights["embedding_max"] / 3


def test_probability_is_the_logistic_of_the_weighted_sum() -> None:
    model = JoinModel((1.0, 0.0, 2.0, -0.5, 3.0), -1.0)
    x = (0.2, 0.9, 0.5, math.log(4), 0.1)
    z = -1.0 + 0.2 + 1.0 - 0.5 * math.log(4) + 0.3
    assert model.probability(x) == pytest.approx(1 / (1 + math.exp(-z)))
    assert model.probability((100.0, 0, 0, 0, 0)) == pytest.approx(1.0)
    assert model.probability((-1e9, 0, 0, 0, 0)) == pytest.approx(0.0)


def test_a_model_survives_its_file_and_a_wrong_file_is_refused(tmp_path) -> None:
    model = JoinModel((1.5, -0.25, 2.0, -0.5, 3.0), -1.0, 0.6, {"split": "train"})
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    back = storyjoin.load(path)
    assert back == model and back.provenance == {"split": "train"}
    wrong = model.to_dict() | {"features": ["terms", "lead"]}
    with pytest.raises(ValueError, match="features"):
        storyjoin.from_dict(wrong)
    with pytest.raises(ValueError, match="weights"):
        JoinModel((1.0, 2.0), 0.0)
    with pytest.raises(ValueError, match="features"):
        storyjoin.fit([[1.0, 2.0]], [True])


def test_the_shipped_model_says_where_it_came_from() -> None:
    model = storyjoin.load()
    assert 0.0 < model.threshold < 1.0
    prov = model.provenance
    assert prov["split"] == "train" and len(prov["data_sha256"]) == 64
    # fitted on out-of-fold embeddings: layers tuned on a story never embed it here
    assert prov["command"] == "python scripts/train_join_model.py --fold-layers DIR"
    assert "fold model that did not see it" in prov["encoder"]
    weights = dict(zip(FEATURES, model.weights, strict=True))
    # closer to a member, clearer lead, more shared terms: more likely the same story
    assert weights["embedding_max"] > 0 and weights["lead"] > 0 and weights["terms"] > 0
    # a report much like another story's member and clearly ahead joins; a vague one does not
    assert model.probability((0.3, 0.5, 0.8, 0.0, 0.2)) > 0.9
    assert model.probability((0.02, 0.25, 0.3, math.log(3), 0.01)) < 0.1
