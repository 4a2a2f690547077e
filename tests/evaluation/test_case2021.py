"""CASE 2021 task 2 event types: the weighted-F1 scorer, and a quality floor on dev.

The floor sits a little under the numbers measured when it was set (dev, 340
snippets: weighted F1 0.830 over 30 labels, 0.839 over the 25 ACLED types,
accuracy 0.829; lexicon version 2). Raise it when the lexicon improves; never lower it quietly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tidings.evaluation import case2021 as ce


def test_weighted_f1_on_a_hand_example() -> None:
    gold = ["A", "A", "A", "B", "C"]
    pred = ["A", "A", "B", "B", "A"]
    # A: p=2/3 r=2/3 f=2/3 (n=3); B: p=1/2 r=1 f=2/3 (n=1); C: f=0 (n=1)
    table = ce.per_label(gold, pred)
    assert table["A"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert table["B"]["p"] == 0.5
    assert table["C"]["support"] == 1
    expected = (3 * 2 / 3 + 1 * 2 / 3 + 0) / 5
    assert ce.weighted_f1(gold, pred) == pytest.approx(expected, abs=1e-4)


def test_weighted_f1_restricted_labels_count_outside_predictions_as_misses() -> None:
    gold = ["A", "A", "B"]
    pred = ["A", "X", "B"]  # X is outside the label set: a miss for A, no class of its own
    # A: p=1 r=1/2 f=2/3 (n=2); B: f=1 (n=1)
    assert ce.weighted_f1(gold, pred, labels=["A", "B"]) == pytest.approx((2 * 2 / 3 + 1) / 3, abs=1e-4)
    assert ce.weighted_f1([], []) == 0.0


def test_perfect_and_empty() -> None:
    assert ce.weighted_f1(["A", "B"], ["A", "B"]) == 1.0
    assert ce.weighted_f1(["A"], ["B"]) == 0.0


def test_load_rows_reads_a_tsv_with_header(tmp_path: Path) -> None:
    path = tmp_path / "dev.tsv"
    path.write_text("id\tEventSnippet\tSubType\n1\tRebels shelled the town.\tART_MISS_ATTACK\n\n", "utf-8")
    assert ce.load_rows(path) == [("1", "Rebels shelled the town.", "ART_MISS_ATTACK")]


def test_evaluate_and_report_on_a_tiny_file(tmp_path: Path) -> None:
    path = tmp_path / "dev.tsv"
    path.write_text(
        "id\tEventSnippet\tSubType\n"
        "1\tWarplanes bombed the depot in an airstrike.\tAIR_STRIKE\n"
        "2\tA magnitude 5 earthquake shook the city.\tNATURAL_DISASTER\n",
        "utf-8",
    )
    result = ce.evaluate(path)
    assert result["n"] == 2
    assert result["accuracy"] == 1.0
    assert result["weighted_f1_30"] == 1.0
    assert result["weighted_f1_25"] == 1.0
    assert result["per_label"]["AIR_STRIKE"]["support"] == 1
    text = ce.report(result)
    assert "AIR_STRIKE" in text and "weighted F1" in text


@pytest.fixture(scope="module")
def dev_result() -> dict[str, Any]:
    path = ce.default_case_path()
    if path is None:
        pytest.skip("../shared/eval/case2021-task2 not present")
    return ce.evaluate(path)


@pytest.mark.eval
def test_dev_quality_floor(dev_result: dict[str, Any]) -> None:
    assert dev_result["n"] == 340
    assert dev_result["weighted_f1_30"] >= 0.81
    assert dev_result["weighted_f1_25"] >= 0.82
    assert dev_result["accuracy"] >= 0.81
