"""Event type of a text: the ACLED sub-event types plus the CASE 2021 extras.

``classify_doc`` gives a parsed text (a spaCy ``Doc`` or ``Span``) one label
from the CASE 2021 task 2 label set: ACLED's 25 sub-event types (official
ACLED names such as "Air/drone strike", "Peaceful protest", "Other") and five
types outside ACLED ("Natural disaster", "Man-made disaster", "Organized
crime", "Diplomatic event", "Claim of responsibility").

How: cues from the reviewed lexicon ``data/events/acled.yaml`` (written from
the ACLED Codebook definitions) are matched token by token against each
token's lemma or lower-cased form; a label's score adds its distinct cues with
diminishing weight (best + 1/2 second + 1/4 third ...), so one decisive
phrase beats a pile of weak words. Negated cues do not count ("no group has
claimed responsibility"). Some cues count only in a context ("tear gas" at a
protest); ACLED's precedence rules are then applied (a suicide bombing is a
"Suicide bomb" though it is also an explosion; a chemical attack from a
helicopter is a "Chemical weapon"). The result carries the cues that fired, so
every label can be explained.

Example:
    >>> from tidings.stages import acled
    >>> acled.classify_text("Warplanes bombed the village overnight.").label
    'Air/drone strike'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from tidings.stages import nlp, yamldata

VERSION = "2"

_LEXICON_PATH = "data/events/acled.yaml"
_GAP = 4  # tokens a "~" may skip
_LATER_SENTENCE = 0.85  # weight of cues after the first sentence: the lead names the main event
_DECAY = 0.5  # the k-th best cue of a label counts _DECAY**k of its weight
_CONTEXT_CAP = 3.0  # most a context (protest, territory) adds to a label that uses it
_CONTEXT_FULL = 2.5  # a ``when`` cue this strong earns the whole context weight; weaker, a share
_TEMPERATURE = 1.5  # softmax temperature turning scores into 0..1 confidences
_DEFAULT = "OTHER"  # no cue at all: ACLED's catch-all
_NEG_WORDS = frozenset({"not", "n't", "never", "no", "nobody", "none"})
_NO_SUBJECTS = frozenset({"nobody", "none", "noone"})


def _load_lexicon() -> dict[str, Any]:
    text = resources.files("tidings").joinpath(_LEXICON_PATH).read_text("utf-8")
    data: dict[str, Any] = yamldata.parse(text)
    return data


LEXICON = _load_lexicon()

#: CASE code -> (ACLED event type or None for the 5 extra types, official sub-event/label name)
LABELS: dict[str, tuple[str | None, str]] = {
    code: (spec.get("event_type"), str(spec["name"])) for code, spec in LEXICON["labels"].items()
}


@dataclass(frozen=True, slots=True)
class Classification:
    """The event type of a text, with the evidence for it."""

    label: str  # official name, e.g. "Air/drone strike"
    code: str  # CASE code, e.g. "AIR_STRIKE"
    event_type: str | None  # ACLED event type, e.g. "Explosions/Remote violence"
    score: float  # 0..1
    reason: str  # e.g. "cues: airstrike(+5.0), warplane(+4.5); precedence: ..."
    scores: tuple[tuple[str, float], ...]  # (code, score) best first, top 5


def acled_names(code: str) -> tuple[str | None, str]:
    """``(ACLED event type or None, official label name)`` of a CASE code.

    Raises:
        KeyError: ``code`` is not one of the 30 labels (message lists them).
    """
    try:
        return LABELS[code]
    except KeyError:
        raise KeyError(f"unknown event-type code {code!r}; known: {', '.join(sorted(LABELS))}") from None


# ------------------------------------------------------------------ cues


@dataclass(frozen=True, slots=True)
class _Part:
    """One word position of a cue: alternatives, or a gap."""

    words: frozenset[str]  # lemma or lower-cased form
    prefixes: tuple[str, ...]  # "word*"
    surface: frozenset[str]  # "=word": lower-cased form only
    gap: bool = False

    def matches(self, forms: tuple[str, ...]) -> bool:
        if any(f in self.words for f in forms) or forms[-1] in self.surface:
            return True
        return any(f.startswith(p) for p in self.prefixes for f in forms)


_GAP_PART = _Part(frozenset(), (), frozenset(), gap=True)


def _part(text: str) -> _Part:
    if text == "~":
        return _GAP_PART
    alts = [a for a in text.split("|") if a]
    words = frozenset(a for a in alts if not a.endswith("*") and not a.startswith("="))
    prefixes = tuple(a[:-1] for a in alts if a.endswith("*") and not a.startswith("="))
    surface = frozenset(a[1:] for a in alts if a.startswith("="))
    if any(len(p) < 3 for p in prefixes):
        raise ValueError(f"{_LEXICON_PATH}: prefix too short in {text!r}")
    return _Part(words, prefixes, surface)


@dataclass(frozen=True, slots=True)
class _Cue:
    text: str  # as written in the lexicon
    parts: tuple[_Part, ...]
    weight: float
    target: str  # label code, "@context" or "code@context" (a ``when`` group) or "#i" (sided rule i)


def _cues(mapping: Mapping[str, Any] | None, target: str) -> list[_Cue]:
    out = []
    for text, weight in (mapping or {}).items():
        words = str(text).lower().replace("-", " ").split()
        if not words or words[0] == "~" or words[-1] == "~":
            raise ValueError(f"{_LEXICON_PATH}: bad cue {text!r} for {target}")
        out.append(_Cue(str(text), tuple(_part(w) for w in words), float(weight), target))
    return out


@dataclass(frozen=True, slots=True)
class _Compiled:
    by_word: dict[str, list[_Cue]]  # first part's exact words (and surface forms)
    by_prefix: dict[str, list[tuple[str, _Cue]]]  # first three letters of a first-part prefix
    when: dict[str, list[str]]  # label -> contexts it has ``when`` groups for
    context_min: dict[str, float]
    actors: dict[str, _Part]  # side -> its words
    sided: list[dict[str, Any]]
    precedence: list[dict[str, Any]]


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    contexts = LEXICON.get("contexts") or {}
    cues: list[_Cue] = []
    for name, spec in contexts.items():
        cues += _cues(spec.get("cues"), "@" + name)
    when: dict[str, list[str]] = {}
    for code, spec in LEXICON["labels"].items():
        cues += _cues(spec.get("cues"), code)
        for ctx, mapping in (spec.get("when") or {}).items():
            if ctx not in contexts:
                raise ValueError(f"{_LEXICON_PATH}: {code} uses unknown context {ctx!r}")
            cues += _cues(mapping, f"{code}@{ctx}")
            when.setdefault(code, []).append(ctx)
    actors = {
        side: _part("|".join(str(w).lower().replace("-", " ") for w in words))
        for side, words in (LEXICON.get("actors") or {}).items()
    }
    sided = list(LEXICON.get("sided") or ())
    for i, rule in enumerate(sided):
        cues += _cues(rule.get("cues"), f"#{i}")
        for role in ("agent", "patient", "from"):
            for side, code in (rule.get(role) or {}).items():
                if side not in actors or code not in LABELS:
                    raise ValueError(f"{_LEXICON_PATH}: sided rule {rule.get('name')!r}: {side}/{code}?")
    by_word: dict[str, list[_Cue]] = {}
    by_prefix: dict[str, list[tuple[str, _Cue]]] = {}
    for cue in cues:
        first = cue.parts[0]
        for w in first.words | first.surface:
            by_word.setdefault(w, []).append(cue)
        for p in first.prefixes:
            by_prefix.setdefault(p[:3], []).append((p, cue))
    for rule in LEXICON.get("precedence") or ():
        for code in [rule["winner"], *rule["over"]]:
            if code not in LABELS:
                raise ValueError(f"{_LEXICON_PATH}: precedence names unknown label {code!r}")
    return _Compiled(
        by_word,
        by_prefix,
        when,
        {name: float(spec.get("min", 0)) for name, spec in contexts.items()},
        actors,
        sided,
        list(LEXICON.get("precedence") or ()),
    )


# ------------------------------------------------------------------ tokens


@dataclass(frozen=True, slots=True)
class _Tok:
    forms: tuple[str, ...]  # lemma (when it differs), lower-cased form (always last)
    sent: int
    tok: Any


def _forms(tok: Any) -> tuple[str, ...]:
    lower = tok.lower_
    lemma = tok.lemma_.lower()
    return (lemma, lower) if lemma != lower else (lower,)


def _stream(doc: Any) -> list[_Tok]:
    out: list[_Tok] = []
    sents = list(doc.sents) if hasattr(doc, "sents") else [doc]
    for si, sent in enumerate(sents):
        for tok in sent:
            if tok.is_punct or tok.is_space:
                continue
            out.append(_Tok(_forms(tok), si, tok))
    return out


def _match_from(parts: tuple[_Part, ...], toks: list[_Tok], i: int, sent: int) -> int | None:
    """End index (exclusive) of ``parts`` matched starting at ``toks[i]``, or None."""
    if not parts:
        return i
    part = parts[0]
    if part.gap:
        for skip in range(_GAP + 1):
            j = i + skip
            if j >= len(toks) or toks[j].sent != sent:
                break
            end = _match_from(parts[1:], toks, j, sent)
            if end is not None:
                return end
        return None
    if i >= len(toks) or toks[i].sent != sent or not part.matches(toks[i].forms):
        return None
    return _match_from(parts[1:], toks, i + 1, sent)


def _verb_negated(verb: Any) -> bool:
    for c in verb.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in _NO_SUBJECTS or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        ):
            return True
    before = verb.doc[max(verb.i - 3, verb.sent.start) : verb.i]
    return any(t.lower_ == "yet" for t in before) and any(t.lower_ == "to" for t in before)


def _negated(tok: Any) -> bool:
    """Is the word negated: "no casualties", "did not protest", "no group has
    claimed", "has yet to claim"? A noun is negated through its verb only as
    its object or passive subject ("no group claimed responsibility")."""
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in tok.children):
        return True
    if tok.pos_ in ("VERB", "AUX"):
        return _verb_negated(tok)
    if tok.dep_ in ("dobj", "nsubjpass", "attr") and tok.head.pos_ in ("VERB", "AUX"):
        return _verb_negated(tok.head)
    return False


@dataclass(frozen=True, slots=True)
class _Hit:
    cue: _Cue
    start: int
    end: int
    weight: float


def _hits(toks: list[_Tok]) -> list[_Hit]:
    comp = _compiled()
    hits: list[_Hit] = []
    for i, t in enumerate(toks):
        candidates: list[_Cue] = []
        for form in t.forms:
            candidates += comp.by_word.get(form, ())
            candidates += [c for p, c in comp.by_prefix.get(form[:3], ()) if form.startswith(p)]
        seen: set[int] = set()
        non = i > 0 and toks[i - 1].forms[-1] == "non"  # "non-violent", "non state"
        for cue in candidates:
            if id(cue) in seen:
                continue
            seen.add(id(cue))
            if not cue.parts[0].matches(t.forms):  # a surface-only word met as a lemma
                continue
            end = _match_from(cue.parts[1:], toks, i + 1, t.sent)
            if end is None or non or _negated(t.tok):
                continue
            w = cue.weight * (1.0 if t.sent == 0 else _LATER_SENTENCE)
            hits.append(_Hit(cue, i, end, w))
    return hits


# ------------------------------------------------------------------ actors


_MAX_PHRASE = 12  # tokens of an agent/patient phrase searched for actor words


def _side_of(phrase: Any, sides: Iterable[str]) -> str | None:
    """The actor side named by a noun phrase: its head first, then its other words."""
    actors = _compiled().actors
    toks = [phrase, *[t for t in phrase.subtree if t is not phrase][:_MAX_PHRASE]]
    for t in toks:
        forms = _forms(t)
        for side in sides:
            if actors[side].matches(forms):
                return side
    return None


def _roles(tok: Any) -> dict[str, list[Any]]:
    """Agent, patient and "from" phrases of the verb at or above ``tok``."""
    verb = tok
    for _ in range(2):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    roles: dict[str, list[Any]] = {"agent": [], "patient": [], "from": []}
    v = verb
    for _ in range(3):  # "X attacked and took the town": the subject of the first verb
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                roles["agent"].append(c)
            elif c.dep_ == "agent":
                roles["agent"] += [g for g in c.children if g.dep_ == "pobj"]
            elif c.dep_ in ("dobj", "nsubjpass") and v is verb:
                roles["patient"].append(c)
            elif c.dep_ == "prep" and c.lower_ == "from" and v is verb:
                roles["from"] += [g for g in c.children if g.dep_ == "pobj"]
        if roles["agent"] or v.dep_ not in ("conj", "xcomp", "advcl", "relcl", "acl") or v.head is v:
            break
        if v.dep_ in ("relcl", "acl") and v.head.pos_ in ("NOUN", "PROPN"):
            roles["agent"].append(v.head)
            break
        v = v.head
    return roles


def _text_side(doc_toks: list[_Tok], sides: Iterable[str]) -> str | None:
    actors = _compiled().actors
    counts = {s: sum(actors[s].matches(t.forms) for t in doc_toks) for s in sides}
    best = sorted(counts.items(), key=lambda kv: -kv[1])
    if not best or best[0][1] == 0 or (len(best) > 1 and best[0][1] == best[1][1]):
        return None
    return best[0][0]


_ACHIEVED = frozenset({"manage", "succeed"})  # "managed to capture": done, not attempted


def _attempted(tok: Any) -> bool:
    """Is the verb an infinitive of purpose or attempt ("an attack to capture
    the base", "tried to seize the town"), not an accomplished act?"""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    return tok.head is tok or tok.head.lemma_.lower() not in _ACHIEVED


def _sided_hits(hits: list[_Hit], toks: list[_Tok], active: set[str]) -> list[_Hit]:
    """Turn hits of sided cues into hits of the label their actor selects."""
    comp = _compiled()
    out: list[_Hit] = []
    for h in hits:
        if not h.cue.target.startswith("#"):
            continue
        rule = comp.sided[int(h.cue.target[1:])]
        if rule.get("requires") and rule["requires"] not in active:
            continue
        if rule.get("attempts") is False and _attempted(toks[h.start].tok):
            continue
        roles = _roles(toks[h.start].tok)
        code = None
        how = ""
        for role in ("agent", "patient", "from"):
            mapping = rule.get(role) or {}
            for phrase in roles[role] if mapping else ():
                side = _side_of(phrase, mapping)
                if side:
                    code, how = mapping[side], f"{role} {phrase.text}: {side}"
                    break
            if code:
                break
        if code is None:
            unknown = rule.get("unknown")
            if unknown == "text":
                agent = rule.get("agent") or {}
                side = _text_side(toks, agent)
                if side:
                    code, how = agent[side], f"text names {side} actors"
            elif unknown in LABELS:
                code, how = unknown, "actor unknown"
        if code:
            cue = _Cue(f"{h.cue.text} [{how}]", h.cue.parts, h.cue.weight, code)
            out.append(_Hit(cue, h.start, h.end, h.weight))
    return out


def _dimsum(weights: Iterable[float]) -> float:
    ws = sorted(weights, reverse=True)
    pos = [w for w in ws if w > 0]
    return sum(w * _DECAY**k for k, w in enumerate(pos)) + sum(w for w in ws if w < 0)


def _select(hits: list[_Hit]) -> list[_Hit]:
    """Strongest hits first; a cue counts once, and a token once per target
    (the "clashes" of "armed clashes" is not also a second "clash")."""
    taken: list[tuple[int, int]] = []
    texts: set[str] = set()
    out = []
    for h in sorted(hits, key=lambda h: (-abs(h.weight), h.start)):
        if h.cue.text in texts or any(h.start < e and s < h.end for s, e in taken):
            continue
        texts.add(h.cue.text)
        taken.append((h.start, h.end))
        out.append(h)
    return out


# ------------------------------------------------------------------ scoring


_GRIEVANCE_STEPS = 4  # heads walked up from a cue word looking for what governs it


def _governed_by(tok: Any, words: frozenset[str]) -> bool:
    """Is ``tok`` under one of ``words`` before its own clause's verb: the
    object of "against"/"over" or of a verb such as "protest", "condemn"?"""
    cur = tok
    for _ in range(_GRIEVANCE_STEPS):
        head = cur.head
        if head is cur:
            return False
        named = head.lower_ in words or head.lemma_.lower() in words
        if named and head.pos_ == "ADP":
            return True
        if head.pos_ in ("VERB", "AUX"):
            return named and cur.dep_ in ("dobj", "prep", "xcomp", "ccomp")
        if named:  # "a protest" or "protesters" are not what governs an "against"
            return False
        cur = head
    return False


def _grievance_filter(hits: list[_Hit], toks: list[_Tok], active: Mapping[str, float]) -> list[_Hit]:
    """Drop cues naming what a protest is about (see ``grievance`` in the lexicon)."""
    spec = LEXICON.get("grievance") or {}
    if not spec or spec.get("context") not in active:
        return hits
    words = frozenset(str(w).lower() for w in spec.get("words") or ())
    keep = frozenset(spec.get("keep") or ())
    out = []
    for h in hits:
        target = h.cue.target
        code = target.split("@")[0]
        if target.startswith("@") or code in keep or not _governed_by(toks[h.start].tok, words):
            out.append(h)
    return out


def _score(hits: list[_Hit], toks: list[_Tok]) -> tuple[dict[str, float], dict[str, list[str]]]:
    comp = _compiled()
    ctx_hits: dict[str, list[_Hit]] = {}
    for h in hits:
        if h.cue.target.startswith("@"):
            ctx_hits.setdefault(h.cue.target[1:], []).append(h)
    ctx_strength = {}
    for name, hs in ctx_hits.items():
        s = _dimsum(h.weight for h in _select(hs))
        if s >= comp.context_min[name]:
            ctx_strength[name] = min(_CONTEXT_CAP, s)
    hits = _grievance_filter(hits, toks, ctx_strength)
    by_target: dict[str, list[_Hit]] = {}
    for h in hits:
        by_target.setdefault(h.cue.target, []).append(h)
    for h in _sided_hits(hits, toks, set(ctx_strength)):
        by_target.setdefault(h.cue.target, []).append(h)
    scores: dict[str, float] = {}
    why: dict[str, list[str]] = {}
    for code in LABELS:
        chosen = list(by_target.get(code, ()))
        notes: list[str] = []
        ctx_bonus = 0.0
        for ctx in comp.when.get(code, ()):
            group = by_target.get(f"{code}@{ctx}", [])
            if group and ctx in ctx_strength:
                chosen += group
                # a weak setting word ("police", "death") earns part of the context's weight
                share = min(1.0, max(h.weight for h in group) / _CONTEXT_FULL)
                bonus = ctx_strength[ctx] * share
                ctx_bonus = max(ctx_bonus, bonus)
                notes.append(f"context {ctx}(+{bonus:.1f})")
        if chosen and any(
            code in (r.get("agent") or {}).values() or code in (r.get("patient") or {}).values()
            for r in comp.sided
            if r.get("requires") in ctx_strength
        ):
            sided_ctx = [r["requires"] for r in comp.sided if r.get("requires") in ctx_strength]
            if any(h.cue.text.endswith("]") for h in chosen) and not notes:
                ctx_bonus = max(ctx_strength[c] for c in sided_ctx)
                notes.append(f"context {sided_ctx[0]}(+{ctx_bonus:.1f})")
        chosen = _select(chosen)
        s = _dimsum(h.weight for h in chosen) + ctx_bonus
        if s > 0:
            scores[code] = s
            ordered = sorted(chosen, key=lambda h: -h.weight)
            why[code] = [f"{h.cue.text}({h.weight:+.1f})" for h in ordered] + notes
    return scores, why


def _apply_precedence(scores: dict[str, float]) -> list[str]:
    notes = []
    for rule in _compiled().precedence:
        win = rule["winner"]
        if scores.get(win, 0.0) < float(rule["min"]):
            continue
        damped = [c for c in rule["over"] if scores.get(c, 0.0) > 0 and c != win]
        for c in damped:
            scores[c] *= float(rule["factor"])
        if damped:
            notes.append(f"{win} over {'/'.join(damped)} ({rule.get('why', 'ACLED precedence')})")
    return notes


def classify_doc(doc: Any) -> Classification:
    """Classify a parsed text (a spaCy ``Doc`` or ``Span``)."""
    toks = _stream(doc)
    scores, why = _score(_hits(toks), toks)
    notes = _apply_precedence(scores)
    if not scores:
        etype, name = LABELS[_DEFAULT]
        return Classification(name, _DEFAULT, etype, 0.0, "no cue fired: default", ((_DEFAULT, 0.0),))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[0][1]
    # the default competes like a label scoring zero, so one weak cue is not a certainty
    exps = [(c, math.exp((s - top) / _TEMPERATURE)) for c, s in ranked]
    z = sum(e for _, e in exps) + math.exp(-top / _TEMPERATURE)
    probs = [(c, round(e / z, 4)) for c, e in exps]
    best = ranked[0][0]
    etype, name = LABELS[best]
    reason = "cues: " + ", ".join(why[best])
    if notes:
        reason += "; precedence: " + "; ".join(notes)
    return Classification(name, best, etype, probs[0][1], reason, tuple(probs[:5]))


def classify_text(text: str, model: str = nlp.DEFAULT_MODEL) -> Classification:
    """Parse ``text`` and classify it (see ``classify_doc``)."""
    return classify_doc(nlp.parse(text, model))
