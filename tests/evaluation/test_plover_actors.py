"""PLOVER actor evaluation: scoring rules (always run) and the quality floor
on ``plover-gsr/dev.jsonl`` (``eval`` marker; skipped when the data is absent).

The floor sits 0.02 under the country-code F1 measured when it was set
(see ``FLOOR``); raise it when resolution improves, never lower it quietly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tidings.evaluation import plover

#: Country-code F1 measured on dev (156 sentences) when the floor was set
#: (0.856: P 0.824, R 0.890), minus 0.02.
FLOOR = 0.836


def test_gold_sets_normalise_codes_and_sectors() -> None:
    row = {
        "actors": [
            {"actorText": "UN", "code": "IGO", "sector": None},
            {"actorText": "Ethnic Albanians", "code": "SRB", "sector": "CVLalb"},
        ],
        "recipients": [
            {"actorText": "x", "code": "***", "sector": "GOV"},
            {"actorText": "Baghdad", "code": "IRQ", "sector": "***"},
        ],
    }
    gold = plover.gold_sets(row)
    assert gold["codes"] == {"IGO", "SRB", "IRQ"}
    assert gold["sectors"] == {("SRB", "CVL")}
    assert gold["roles"] == {("source", "IGO"), ("source", "SRB"), ("target", "IRQ")}


def test_evaluate_small_file(tmp_path: Path) -> None:
    rows = [
        {
            "text": "Iran said on Monday it would send troops to Syria.",
            "actors": [{"actorText": "Iran", "code": "IRN"}],
            "recipients": [{"actorText": "Syria", "code": "SYR"}],
        },
        {
            "text": "Syrian forces shelled the town, residents said.",
            "actors": [{"actorText": "Syrian forces", "code": "SYR", "sector": "MIL"}],
            "recipients": [],
        },
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    report = plover.evaluate_actors(path, details=True)
    assert report["sentences"] == 2
    assert report["codes"]["recall"] == 1.0
    assert ("SYR", "MIL") in {tuple(p) for p in report["rows"][1]["sectors_pred"]}
    assert ["source", "IRN"] in [list(p) for p in report["rows"][0]["roles_pred"]]


def test_bad_jsonl_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{not json\n", "utf-8")
    with pytest.raises(plover.ConfigError, match=r"bad\.jsonl:1"):
        plover.evaluate_actors(path)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    path = plover.default_plover_path()
    if path is None:
        pytest.skip("../shared/eval/plover-gsr/dev.jsonl not present")
    return plover.evaluate_actors(path)


@pytest.mark.eval
def test_country_code_f1_floor(report: dict[str, Any]) -> None:
    assert report["sentences"] == 156
    assert report["codes"]["f1"] >= FLOOR
