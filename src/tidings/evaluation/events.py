"""Event coding evaluation on the PLOVER gold-standard records.

Each row of ``plover-gsr/dev.jsonl`` is one news sentence coded with one
event: ``event_v08`` (type), ``mode``, ``actors`` and ``recipients``. The
sentence is run through the resolve and events stages on its own (no
document context) and its *main* event is compared with the gold:

- the main event is the one whose trigger is nearest the root of the parse
  (fewest dependency hops), then the most confident; a sentence with no
  event counts as wrong;
- **type**: accuracy, and precision/recall/F1 per type with macro and
  support-weighted averages;
- **mode**: accuracy over the rows whose gold gives a mode, as the gold
  spells modes, and again with the gold's older SCAD-style names mapped to
  the manual's tables (``MANUAL_MODES``: "demo-org" and "demo-spon" are the
  manual's "demo", "strike-hun" its "hunger", "assassinate" its
  "targeted"), since tidings codes with the manual's names;
- **actor** / **recipient** codes: micro P/R/F1 of the set of country codes
  (``Actor.country``) of the main event's actors (recipients) against the
  gold codes on that side; the gold's ``IGO`` for the UN and EU is matched
  as in the actor evaluation (``CODE_ALIASES``).

Data is read in place, never copied. Run with ``tidings eval events``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from tidings.evaluation.plover import _code, _Count, load_rows
from tidings.records import Article, Event, Segment
from tidings.stages import eventmerge, nlp
from tidings.stages import events as events_stage
from tidings.stages import resolve as resolve_stage

#: Mode names of the gold that the PLOVER manual's tables (3.7 PROTEST, 3.11
#: ASSAULT) name otherwise: SCAD's organized/spontaneous and general/limited
#: variants, and the older "assassinate".
MANUAL_MODES = {
    "demo-org": "demo", "demo-spon": "demo", "riot-org": "riot", "riot-spon": "riot",
    "strike-gen": "strike", "strike-lim": "strike", "strike-hun": "hunger", "assassinate": "targeted",
}  # fmt: skip


def sentence_article(text: str) -> Article:
    """An article holding one sentence of body text."""
    return Article(
        id="eval", text=text, title=None, url=None, site=None, author=None, published=None,
        fetched=None, language="en", segments=(Segment("body", 0, len(text)),),
    )  # fmt: skip


def main_event(article: Article, doc: Any) -> Event | None:
    """The article's main event (see ``tidings.stages.eventmerge.main_event``)."""
    return eventmerge.main_event(article.events, doc)


def _codes(article: Article, ids: tuple[str, ...]) -> set[str]:
    by_id = {a.id: a for a in article.actors}
    out = set()
    for i in ids:
        a = by_id.get(i)
        code = _code(a.country) if a else None
        if code:
            out.add(code)
    return out


def _gold_codes(row: Mapping[str, Any], key: str) -> set[str]:
    return {c for c in (_code(a.get("code")) for a in row.get(key) or []) if c}


def _f1_table(gold: list[str], pred: list[str]) -> dict[str, Any]:
    labels = sorted(set(gold))
    per: dict[str, dict[str, float]] = {}
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[lab] = {"p": round(prec, 4), "r": round(rec, 4), "f1": round(f1, 4), "support": tp + fn}
    n = len(gold)
    support = Counter(gold)
    return {
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / n, 4) if n else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per.values()) / len(per), 4) if per else 0.0,
        "weighted_f1": round(sum(per[k]["f1"] * support[k] for k in per) / n, 4) if n else 0.0,
        "per_type": per,
    }


def evaluate_events(path: Path, *, model: str = nlp.DEFAULT_MODEL, details: bool = False) -> dict[str, Any]:
    """Score event coding on a PLOVER JSONL file (see module doc)."""
    rows = load_rows(path)
    gold_types: list[str] = []
    pred_types: list[str] = []
    modes = [0, 0, 0]
    sides = {"actor": _Count(), "recipient": _Count()}
    out_rows = []
    t0 = time.perf_counter()
    for row in rows:
        text = str(row.get("text") or "").strip().strip("{}")
        art = resolve_stage.resolve(sentence_article(text), model=model)
        art = events_stage.add_events(art, model=model)
        ev = main_event(art, nlp.parse(art.text, model))
        gold = str(row.get("event_v08") or "")
        gold_types.append(gold)
        pred_types.append(ev.type if ev else "NONE")
        if row.get("mode"):
            modes[1] += 1
            modes[0] += int(ev is not None and ev.mode == row["mode"])
            modes[2] += int(ev is not None and ev.mode == MANUAL_MODES.get(row["mode"], row["mode"]))
        pa = _codes(art, ev.actors) if ev else set()
        pr = _codes(art, ev.recipients) if ev else set()
        sides["actor"].add(pa, _gold_codes(row, "actors"))
        sides["recipient"].add(pr, _gold_codes(row, "recipients"))
        if details:
            out_rows.append(
                {
                    "id": row.get("id"), "text": text, "gold": gold, "pred": pred_types[-1],
                    "gold_mode": row.get("mode"), "pred_mode": ev.mode if ev else None,
                    "trigger": ev.trigger if ev else None, "reason": ev.reason if ev else None,
                    "actors": [sorted(pa), sorted(_gold_codes(row, "actors"))],
                    "recipients": [sorted(pr), sorted(_gold_codes(row, "recipients"))],
                    "all": [(e.trigger, e.type, e.mode) for e in art.events],
                }
            )  # fmt: skip
    report: dict[str, Any] = {
        "sentences": len(rows),
        "type": _f1_table(gold_types, pred_types),
        "mode_accuracy": round(modes[0] / modes[1], 4) if modes[1] else 0.0,
        "mode_accuracy_manual_names": round(modes[2] / modes[1], 4) if modes[1] else 0.0,
        "mode_rows": modes[1],
        "actor": sides["actor"].scores(),
        "recipient": sides["recipient"].scores(),
        "seconds": round(time.perf_counter() - t0, 2),
    }
    if details:
        report["rows"] = out_rows
    return report


def write_table(report: Mapping[str, Any], out: TextIO) -> None:
    t = report["type"]
    out.write(f"PLOVER events: {report['sentences']} sentences, {report['seconds']} s\n")
    out.write(
        f"event type: accuracy {t['accuracy']:.3f}  macro F1 {t['macro_f1']:.3f}  "
        f"weighted F1 {t['weighted_f1']:.3f}\n"
    )
    out.write(
        f"mode: accuracy {report['mode_accuracy']:.3f} over {report['mode_rows']} rows with a gold mode"
        f" ({report['mode_accuracy_manual_names']:.3f} with the gold's older names mapped to the manual's)\n"
    )
    for side in ("actor", "recipient"):
        s = report[side]
        out.write(f"{side} codes: P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}\n")
    out.write(f"{'type':10} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}\n")
    for lab, v in sorted(t["per_type"].items()):
        out.write(f"{lab:10} {v['p']:6.3f} {v['r']:6.3f} {v['f1']:6.3f} {v['support']:4d}\n")


def run_event_eval(path: Path, out: TextIO) -> dict[str, Any]:
    """Evaluate, write a table to ``out`` and return the report."""
    report = evaluate_events(path)
    write_table(report, out)
    return report
