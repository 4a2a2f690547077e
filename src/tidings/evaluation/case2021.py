"""Event-type evaluation on CASE 2021 task 2 (``case2021-task2/dev.tsv``).

Each row is a short news snippet (``id``, ``EventSnippet``, ``SubType``) whose
gold label is one of 30 codes: ACLED's 25 sub-event types and five types
outside ACLED (``NATURAL_DISASTER``, ``MAN_MADE_DISASTER``, ``ORG_CRIME``,
``DIPLO``, ``ATTRIB``). Every snippet is parsed on its own and classified by
``tidings.stages.acled``.

Scores follow the shared task and scikit-learn's ``average="weighted"``:
per-class F1 averaged with each class weighted by its gold support, over all
30 labels and over the rows whose gold is one of the 25 ACLED types (the
classifier may still answer one of the five extras there: that is an error,
scored as in scikit-learn with ``labels=`` the 25). Accuracy is over all rows.

Data is read in place, never copied into the repository (``default_case_path``).
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tidings.errors import ConfigError
from tidings.evaluation import eval_file
from tidings.stages import acled, nlp

DEFAULT_MODEL = nlp.DEFAULT_MODEL
EXTRA = frozenset({"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "DIPLO", "ATTRIB"})
ACLED_CODES = frozenset(acled.LABELS) - EXTRA
_TOP_ERRORS = 15


def load_rows(path: Path) -> list[tuple[str, str, str]]:
    """``(id, snippet, gold code)`` rows of a task 2 TSV (header optional)."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read CASE 2021 data ({exc.strerror or exc})") from None
    rows = []
    for n, rec in enumerate(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE), 1):
        if not rec or not "".join(rec).strip():
            continue
        if n == 1 and rec[-1].strip().lower() in ("subtype", "label"):
            continue
        if len(rec) < 3:
            raise ConfigError(f"{path}:{n}: expected id, snippet and label separated by tabs")
        rows.append((rec[0].strip(), "\t".join(rec[1:-1]).strip(), rec[-1].strip()))
    return rows


def _counts(gold: Sequence[str], pred: Sequence[str]) -> dict[str, tuple[float, float, float, int]]:
    """Unrounded (precision, recall, F1, gold support) per label seen in gold or pred."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, guess in zip(gold, pred, strict=True):
        if g == guess:
            tp[g] += 1
        else:
            fp[guess] += 1
            fn[g] += 1
    out = {}
    for lab in sorted(set(gold) | set(pred)):
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[lab] = (prec, rec, f1, tp[lab] + fn[lab])
    return out


def per_label(gold: Sequence[str], pred: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Precision, recall, F1 and gold support per label (every label seen in gold or pred)."""
    return {
        lab: {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "support": n}
        for lab, (p, r, f, n) in _counts(gold, pred).items()
    }


def weighted_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None) -> float:
    """Support-weighted mean of per-label F1 (scikit-learn ``average="weighted"``).

    ``labels`` restricts the average to those labels (predictions outside them
    still count as misses of the gold label); by default, every gold label.
    """
    table = _counts(gold, pred)
    keep = set(labels) if labels is not None else set(gold)
    total = sum(n for lab, (_, _, _, n) in table.items() if lab in keep)
    if not total:
        return 0.0
    return sum(f * n for lab, (_, _, f, n) in table.items() if lab in keep) / total


def evaluate(path: Path, *, model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """Classify every snippet of ``path`` and score against the gold labels.

    Returns ``{"n", "weighted_f1_30", "weighted_f1_25", "accuracy", "per_label",
    "confusion", "seconds"}``; ``confusion`` maps ``"GOLD -> PRED"`` to counts
    (the most frequent errors), ``seconds`` splits parse and classify time.
    """
    rows = load_rows(path)
    t0 = time.perf_counter()
    docs = list(nlp.load(model).pipe([r[1] for r in rows]))
    t1 = time.perf_counter()
    pred = [acled.classify_doc(d).code for d in docs]
    t2 = time.perf_counter()
    gold = [r[2] for r in rows]
    g25 = [(g, p) for g, p in zip(gold, pred, strict=True) if g in ACLED_CODES]
    errors = Counter(f"{g} -> {p}" for g, p in zip(gold, pred, strict=True) if g != p)
    return {
        "n": len(rows),
        "weighted_f1_30": round(weighted_f1(gold, pred), 4),
        "weighted_f1_25": round(
            weighted_f1([g for g, _ in g25], [p for _, p in g25], labels=sorted(ACLED_CODES)), 4
        ),
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / len(rows), 4)
        if rows
        else 0.0,
        "per_label": {k: v for k, v in per_label(gold, pred).items() if v["support"] or k in set(pred)},
        "confusion": dict(errors.most_common(_TOP_ERRORS)),
        "seconds": {"parse": round(t1 - t0, 2), "classify": round(t2 - t1, 3)},
    }


def report(result: dict[str, Any]) -> str:
    """A plain-text table of an ``evaluate`` result, for the terminal."""
    lines = [
        f"CASE 2021 task 2: {result['n']} snippets; weighted F1 (30 labels) "
        f"{result['weighted_f1_30']:.3f}, (25 ACLED) {result['weighted_f1_25']:.3f}, "
        f"accuracy {result['accuracy']:.3f}",
        f"{'label':32} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}",
    ]
    for code, s in sorted(result["per_label"].items(), key=lambda kv: (-kv[1]["support"], kv[0])):
        lines.append(f"{code:32} {s['p']:6.3f} {s['r']:6.3f} {s['f1']:6.3f} {s['support']:4d}")
    if result.get("confusion"):
        lines.append("most frequent errors (gold -> predicted):")
        lines += [f"  {k:52} {v:3d}" for k, v in result["confusion"].items()]
    secs = result.get("seconds")
    if secs:
        lines.append(f"time: parse {secs['parse']} s, classify {secs['classify']} s")
    return "\n".join(lines)


def default_case_path() -> Path | None:
    """``case2021-task2/dev.tsv`` under ``$TIDINGS_EVAL_DIR`` or ``../shared/eval``
    beside the checkout (then beside the working directory); None if absent."""
    return eval_file("case2021-task2", "dev.tsv")
