"""Actor evaluation on the PLOVER gold-standard records (``plover-gsr/dev.jsonl``).

Each row is one news sentence with its coded ``actors`` and ``recipients``
(``{actorText, code, sector}``). The sentence is parsed and resolved on its
own (no document context), and scored per sentence, micro-averaged:

- **codes**: the set of country codes of all predicted actor mentions against
  the set of gold codes of actors and recipients;
- **sectors**: predicted ``(code, sector)`` pairs against gold pairs where the
  gold gives a sector (its first three letters: ``CVLalb`` -> ``CVL``;
  ``***`` means unknown and is ignored);
- **roles** (a simple role-aware variant): ``(side, code)`` pairs, where a
  predicted mention is on the source side when it lies in the subject of the
  sentence's main event verb (the complement of a reporting verb such as
  "said" when the sentence is reported speech), else on the target side;
  gold actors are sources, recipients targets.

Two readings of the gold are stated rather than hidden: the gold codes the UN
and the EU as ``IGO`` (it predates PLOVER's ``UNO``/``EUR``), so predicted
``UNO``/``EUR`` are scored as ``IGO``; and some rows use codes that are not
ISO 3166 (``JAP`` for Japan, ``ITL``, ``VTN``) or plainly wrong (``UGA`` for
the Sierra Leonean RUF); those are scored as they are, i.e. as misses. Gold
recipients are often places ("arrived in Amman"); tidings deliberately does
not make places actors, so those are misses too.

Data is read in place, never copied into the repository (``default_plover_path``).
Run it with ``tidings eval actors [--json]``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from tidings.errors import ConfigError
from tidings.evaluation import eval_file
from tidings.stages import nlp
from tidings.stages.actordict import ActorDictionary, load_dictionary
from tidings.stages.actors import resolve_actors

#: The gold predates PLOVER's split of the UN and EU out of IGO.
CODE_ALIASES = {"UNO": "IGO", "EUR": "IGO"}
REPORTING = frozenset({"say", "report", "confirm", "announce", "tell", "state", "add", "claim", "quote"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})


@dataclass
class _Count:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, pred: set[Any], gold: set[Any]) -> None:
        self.tp += len(pred & gold)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def scores(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def _code(code: Any) -> str | None:
    if not code or not isinstance(code, str) or code.strip() in ("", "***"):
        return None
    code = code.strip().upper()
    return CODE_ALIASES.get(code, code)


def _sector(sector: Any) -> str | None:
    if not sector or not isinstance(sector, str) or "*" in sector:
        return None
    return sector.strip()[:3].upper() or None


def gold_sets(row: Mapping[str, Any]) -> dict[str, set[Any]]:
    """Gold codes, (code, sector) pairs and (side, code) pairs of one row."""
    codes: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    sides: set[tuple[str, str]] = set()
    for side, key in (("source", "actors"), ("target", "recipients")):
        for a in row.get(key) or []:
            code = _code(a.get("code"))
            if code is None:
                continue
            codes.add(code)
            sides.add((side, code))
            sector = _sector(a.get("sector"))
            if sector:
                pairs.add((code, sector))
    return {"codes": codes, "sectors": pairs, "roles": sides}


def _main_verb(sent: Any) -> Any:
    """The event verb: the root, or, when the sentence ends with its source
    ("..., officials said"), the clause before the reporting verb. A speaker
    named first ("Iran said it would ...") is the actor."""
    root = sent.root
    if root.lemma_ in REPORTING:
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and child.i < root.i:
                return child
    return root


def predicted_sets(doc: Any, dictionary: ActorDictionary) -> dict[str, set[Any]]:
    """Predicted codes, (code, sector) pairs and (side, code) pairs of a parsed sentence."""
    actors, mentions = resolve_actors(doc, dictionary=dictionary)
    by_id = {a.id: a for a in actors}
    subject: set[int] = set()
    for sent in doc.sents:
        verb = _main_verb(sent)
        for child in verb.children:
            if child.dep_ in _SUBJECTS:
                subject.update(t.idx for t in child.subtree)
    codes: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    sides: set[tuple[str, str]] = set()
    for m in mentions:
        actor = by_id[m.actor]
        code = _code(actor.country)
        if code is None:
            continue
        codes.add(code)
        side = "source" if any(m.start <= i < m.end for i in subject) else "target"
        sides.add((side, code))
        if actor.sector:
            pairs.add((code, actor.sector))
    return {"codes": codes, "sectors": pairs, "roles": sides}


def load_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a PLOVER JSONL file (``text``, ``actors``, ``recipients``)."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read PLOVER data ({exc.strerror or exc})") from None
    rows = []
    for n, line in enumerate(lines, 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{path}:{n}: not JSON: {exc}") from None
    return rows


def evaluate_actors(
    path: Path, *, dictionary: ActorDictionary | None = None, details: bool = False
) -> dict[str, Any]:
    """Score actor resolution on a PLOVER JSONL file.

    Returns ``{"sentences": n, "codes": {...}, "sectors": {...}, "roles": {...},
    "seconds": t}`` with micro precision, recall, F1 and counts per measure;
    with ``details``, also per-sentence predictions (``rows``) for inspection.
    """
    d = dictionary or load_dictionary()
    rows = load_rows(path)
    counts = {k: _Count() for k in ("codes", "sectors", "roles")}
    out_rows = []
    t0 = time.perf_counter()
    texts = [str(r.get("text") or "").strip().strip("{}") for r in rows]
    for row, doc in zip(rows, nlp.load().pipe(texts), strict=True):
        gold = gold_sets(row)
        pred = predicted_sets(doc, d)
        for k, c in counts.items():
            c.add(pred[k], gold[k])
        if details:
            out_rows.append(
                {
                    "id": row.get("id"),
                    "text": doc.text,
                    **{f"{k}_pred": sorted(pred[k]) for k in counts},
                    **{f"{k}_gold": sorted(gold[k]) for k in counts},
                }
            )
    report: dict[str, Any] = {
        "sentences": len(rows),
        **{k: c.scores() for k, c in counts.items()},
        "seconds": round(time.perf_counter() - t0, 2),
    }
    if details:
        report["rows"] = out_rows
    return report


def write_table(report: Mapping[str, Any], out: TextIO) -> None:
    out.write(f"PLOVER actors: {report['sentences']} sentences, {report['seconds']} s\n")
    out.write(f"{'measure':10} {'P':>7} {'R':>7} {'F1':>7} {'tp':>5} {'fp':>5} {'fn':>5}\n")
    for key in ("codes", "sectors", "roles"):
        s = report[key]
        out.write(
            f"{key:10} {s['precision']:7.3f} {s['recall']:7.3f} {s['f1']:7.3f} "
            f"{s['tp']:5d} {s['fp']:5d} {s['fn']:5d}\n"
        )


def run_actor_eval(path: Path, out: TextIO) -> dict[str, Any]:
    """Evaluate, write a table to ``out`` and return the report."""
    report = evaluate_actors(path)
    write_table(report, out)
    return report


def default_plover_path() -> Path | None:
    """``plover-gsr/dev.jsonl`` under ``$TIDINGS_EVAL_DIR`` or ``../shared/eval``
    beside the checkout (then beside the working directory); None if absent."""
    return eval_file("plover-gsr", "dev.jsonl")
