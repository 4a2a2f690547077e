"""The event lexicon: PLOVER categories, modes, scores and trigger words.

Reviewed data lives in ``tidings/data/events/plover.yaml`` (categories with
their CAMEO root, QuadClass and PLOVER conflict-cooperation score per mode;
trigger lemmas with part of speech, required or blocking dependents, mode,
context and ACLED hint) and ``contexts.yaml`` (context cue words). This
module turns them into typed, indexed structures once per process.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from tidings.errors import ConfigError
from tidings.stages import yamldata

#: ``acled: none`` in the lexicon: ACLED would not record what the word
#: names as one event ("uprising": a movement of many protests, riots and
#: battles), so no sub-event type is given, not even the category's default.
NO_ACLED = "none"
#: ACLED event type of each official ACLED sub-event type.
ACLED_TYPES: dict[str, str] = {
    "Armed clash": "Battles",
    "Government regains territory": "Battles",
    "Non-state actor overtakes territory": "Battles",
    "Chemical weapon": "Explosions/Remote violence",
    "Air/drone strike": "Explosions/Remote violence",
    "Suicide bomb": "Explosions/Remote violence",
    "Shelling/artillery/missile attack": "Explosions/Remote violence",
    "Remote explosive/landmine/IED": "Explosions/Remote violence",
    "Grenade": "Explosions/Remote violence",
    "Sexual violence": "Violence against civilians",
    "Attack": "Violence against civilians",
    "Abduction/forced disappearance": "Violence against civilians",
    "Peaceful protest": "Protests",
    "Protest with intervention": "Protests",
    "Excessive force against protesters": "Protests",
    "Violent demonstration": "Riots",
    "Mob violence": "Riots",
    "Agreement": "Strategic developments",
    "Arrests": "Strategic developments",
    "Change to group/activity": "Strategic developments",
    "Disrupted weapons use": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Looting/property destruction": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Other": "Strategic developments",
}


@dataclass(frozen=True, slots=True)
class Category:
    """A PLOVER event category: CAMEO root, QuadClass and scores by mode."""

    name: str
    cameo: str
    quad_class: int
    score: float
    modes: Mapping[str, tuple[float, str]]  # mode -> (score, cameo root)

    def score_of(self, mode: str | None) -> float:
        return self.modes[mode][0] if mode is not None and mode in self.modes else self.score

    def cameo_of(self, mode: str | None) -> str:
        return self.modes[mode][1] if mode is not None and mode in self.modes else self.cameo


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: a lemma that, with its part of speech and
    dependents, denotes an event of ``type``."""

    lemma: str
    pos: tuple[str, ...]
    type: str
    mode: str | None
    weight: float
    with_: frozenset[str]
    without: frozenset[str]
    acled: str | None
    context: str | None
    actor_from: str | None
    recipient_from: str | None

    @classmethod
    def made(
        cls, lemma: str, type_: str, *, pos: str, mode: str | None, weight: float, acled: str | None = None
    ) -> Trigger:
        """An entry for a trigger the engine makes itself rather than reads
        from the lexicon (an event noun an operator verb takes over, a
        "must" demand): no required or blocking dependents, no hints."""
        return cls(lemma, (pos,), type_, mode, weight, frozenset(), frozenset(), acled, None, None, None)

    @property
    def id(self) -> str:
        extra = f"+{'|'.join(sorted(self.with_))}" if self.with_ else ""
        mode = f"/{self.mode}" if self.mode else ""
        return f"{self.lemma}{extra}:{'|'.join(self.pos)}->{self.type}{mode}"


@dataclass(frozen=True, slots=True)
class Operator:
    """A verb acting on the event its object names ("lifted the curfew")."""

    on: frozenset[str]
    type: str | None  # None: the object's own category
    mode: str | None


@dataclass(frozen=True, slots=True)
class Lexicon:
    categories: Mapping[str, Category]
    triggers: Mapping[str, tuple[Trigger, ...]]  # lemma -> entries
    contexts: Mapping[str, tuple[str, ...]]  # context -> cue phrases (lower case)
    #: one regex per context: any cue as whole words, a plural ending allowed
    context_patterns: Mapping[str, re.Pattern[str]]
    operators: Mapping[str, tuple[Operator, ...]] = field(default_factory=dict)  # verb lemma -> operators


def _files() -> list[str]:
    """The lexicon files: categories, every ``triggers-*.yaml``, contexts."""
    folder = resources.files("tidings").joinpath("data/events")
    names = (p.name for p in folder.iterdir())
    triggers = sorted(n for n in names if n.startswith("triggers-") and n.endswith(".yaml"))
    return ["plover.yaml", *triggers, "contexts.yaml"]


def fingerprint() -> str:
    """A short hash of the shipped lexicon files (part of the stage version)."""
    h = hashlib.sha256()
    for name in _files():
        try:
            h.update(resources.files("tidings").joinpath(f"data/events/{name}").read_bytes())
        except FileNotFoundError:  # reported by load(), where it matters
            h.update(b"missing")
    return h.hexdigest()[:8]


def _data(name: str) -> Any:
    return yamldata.parse(resources.files("tidings").joinpath(f"data/events/{name}").read_text("utf-8"))


def _list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def build(plover: Mapping[str, Any], contexts: Mapping[str, Any], where: str = "lexicon") -> Lexicon:
    """Build a ``Lexicon`` from the parsed YAML documents.

    Raises:
        ConfigError: an entry names an unknown category or mode.
    """
    cats: dict[str, Category] = {}
    for name, spec in (plover.get("types") or {}).items():
        cameo = str(spec["cameo"]).zfill(2)
        modes = {
            str(m): (
                float((ms or {}).get("score", spec["score"])),
                str((ms or {}).get("cameo", cameo)).zfill(2),
            )
            for m, ms in (spec.get("modes") or {}).items()
        }
        cats[str(name)] = Category(str(name), cameo, int(spec["quad_class"]), float(spec["score"]), modes)
    index: dict[str, list[Trigger]] = {}
    for e in plover.get("triggers") or ():
        t = str(e["type"])
        if t not in cats:
            raise ConfigError(f"{where}: trigger {e.get('lemma')!r} names unknown type {t!r}")
        mode = e.get("mode")
        if mode is not None and str(mode) not in cats[t].modes:
            raise ConfigError(f"{where}: trigger {e.get('lemma')!r} names unknown mode {mode!r} of {t}")
        trig = Trigger(
            lemma=str(e["lemma"]).lower(),
            pos=tuple(p.upper() for p in _list(e.get("pos") or ("VERB", "NOUN"))),
            type=t,
            mode=str(mode) if mode is not None else None,
            weight=float(e.get("weight", 0.7)),
            with_=frozenset(w.lower() for w in _list(e.get("with"))),
            without=frozenset(w.lower() for w in _list(e.get("without"))),
            acled=e.get("acled"),
            context=e.get("context"),
            actor_from=e.get("actor_from"),
            recipient_from=e.get("recipient_from"),
        )
        if trig.acled is not None and trig.acled not in ACLED_TYPES and trig.acled != NO_ACLED:
            raise ConfigError(f"{where}: trigger {trig.lemma!r} names unknown ACLED sub-event {trig.acled!r}")
        index.setdefault(trig.lemma, []).append(trig)
    ctx = {str(k): tuple(str(c).lower() for c in v or ()) for k, v in (contexts or {}).items()}
    patterns = {
        name: re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")(?:s|es)?\b")
        for name, cues in ctx.items()
        if cues
    }
    operators: dict[str, list[Operator]] = {}
    for op in plover.get("operators") or ():
        target = None if op["type"] == "same" else str(op["type"])
        if target is not None and target not in cats:
            raise ConfigError(f"{where}: operator names unknown type {target!r}")
        on = frozenset(str(t) for t in op["acts_on"])
        for t in on - cats.keys():
            raise ConfigError(f"{where}: operator applies to unknown type {t!r}")
        for lemma in _list(op["lemmas"]):
            operators.setdefault(lemma.lower(), []).append(Operator(on, target, op.get("mode")))
    return Lexicon(
        cats,
        {k: tuple(v) for k, v in index.items()},
        ctx,
        patterns,
        {k: tuple(v) for k, v in operators.items()},
    )


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Lexicon:
    """The lexicon shipped with tidings, or the PLOVER YAML file at ``path``."""
    if path is None:
        doc = dict(_data("plover.yaml"))
        doc["triggers"] = [t for name in _files() if name.startswith("triggers-") for t in _data(name) or ()]
        return build(doc, _data("contexts.yaml"), "data/events")
    p = Path(path)
    try:
        doc = yamldata.parse(p.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read event lexicon: {exc.strerror}") from None
    return build(doc, _data("contexts.yaml"), str(p))
