"""How the events found in one sentence combine, and which is the main one.

The events stage codes each trigger on its own; these rules then make one
record of what the text states as one event:

- triggers of one type linked in the parse ("an explosion ... that killed
  four", "killed 17 and wounded 30", "killed in a car bomb explosion") are
  merged (the mode of one serves for both), kept at the trigger
  nearest the root of the parse; conjoined verbs of different modes
  ("kidnapped 16 advisers and exploded bombs") stay two events;
- what a request or refusal is about ("called for a ceasefire") is its
  content, not an event that took place (PLOVER 3.8, 3.10);
- the demand a protest makes is the protest's topic (3.12.2).

``main_event`` picks the event a sentence is mainly about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tidings.records import Event

#: Said in ``reason`` when the recipient is the state where the event took place.
PLACE_RECIPIENT = "recipient: the country where it took place"
#: Said in ``reason`` when a protest's recipient is the protesters' own state.
OWN_STATE_RECIPIENT = "recipient: the protesters' own state"


def default_recipient(reason: str) -> bool:
    """Whether an event's recipients are a default (the place's country, the
    protesters' own state) rather than named by the text."""
    return PLACE_RECIPIENT in reason or OWN_STATE_RECIPIENT in reason


_MERGE_DEPS = frozenset(
    {"relcl", "acl", "compound", "amod", "dobj", "xcomp", "advcl", "appos", "nsubj", "attr"}
)


#: Prepositions whose object is the means or form of the act they hang on.
_MEANS_PREPS = frozenset({"by", "in", "with", "from"})

#: Verbs that frame another event rather than being one when an event is
#: their complement ("ordered patrols", "began a hunger strike").
_FRAMES = frozenset({"order", "begin", "start", "continue", "resume", "launch", "stage"})


def _depth(tok: Any) -> int:
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok = tok.head
        n += 1
    return n


def _purpose(tok: Any) -> bool:
    """A purpose clause ("staged a strike to demand ...")."""
    return tok.dep_ in ("advcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def main_event(events: Sequence[Event], doc: Any) -> Event | None:
    """The main event of one sentence: the trigger nearest the root of the
    parse, a purpose clause counting one level deeper; a framing verb
    ("ordered", "began") gives way to the event it frames; ties go to
    the more confident."""
    if not events:
        return None
    by_start = {t.idx: t for t in doc}

    def key(e: Event) -> tuple[int, float]:
        tok = by_start.get(e.start)
        if tok is None:
            return (99, -e.confidence)
        return (_depth(tok) + int(_purpose(tok)), -e.confidence)

    best = min(events, key=key)
    tok = by_start.get(best.start)
    if tok is not None and tok.lemma_.lower() in _FRAMES:
        framed = {c.idx for c in tok.children if c.dep_ in ("dobj", "xcomp", "ccomp")}
        inner = [e for e in events if e.start in framed]
        if inner:
            return min(inner, key=key)
    return best


#: REQUEST modes by what is asked for (PLOVER 3.8): help, a concession or
#: retreat, a meeting.
_REQUEST_MODES = {"AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist",
                  "RETREAT": "yield", "CONCEDE": "yield", "CONSULT": "meet"}  # fmt: skip
_CONTENT_DEPS = frozenset({"dobj", "xcomp", "ccomp", "pobj", "acl"})


def _merge(a: Event, b: Event) -> Event:
    """``a`` enriched with what ``b`` (a linked trigger of the same type) adds."""

    def union(x: tuple[Any, ...], y: tuple[Any, ...]) -> tuple[Any, ...]:
        return x + tuple(v for v in y if v not in x)

    reason = b.reason
    if a.recipients and not default_recipient(a.reason) and default_recipient(b.reason):
        # named recipients are not joined by the other's default (the place's country)
        b = replace(b, recipients=(), recipient_mentions=())
        reason = reason.replace(f"; {PLACE_RECIPIENT}", "").replace(f"; {OWN_STATE_RECIPIENT}", "")
    return replace(
        a,
        mode=a.mode or b.mode,
        context=union(a.context, b.context),
        actors=union(a.actors, b.actors),
        actor_mentions=union(a.actor_mentions, b.actor_mentions),
        recipients=union(a.recipients, b.recipients),
        recipient_mentions=union(a.recipient_mentions, b.recipient_mentions),
        place=a.place if a.place is not None else b.place,
        date=a.date if a.date is not None else b.date,
        quantities=union(a.quantities, b.quantities),
        dead=a.dead if a.dead is not None else b.dead,
        injured=a.injured if a.injured is not None else b.injured,
        detained=a.detained if a.detained is not None else b.detained,
        size=a.size if a.size is not None else b.size,
        acled_type=a.acled_type or b.acled_type,
        acled_subtype=a.acled_subtype or b.acled_subtype,
        confidence=max(a.confidence, b.confidence),
        reason=f"{a.reason}; merged {reason}",
    )


def combine(doc: Any, found: Sequence[tuple[Any, Event]]) -> list[Event]:
    """The events of one sentence (``found``: trigger token and event), in
    text order, after the rules of this module."""
    merged = _merge_linked(found)
    _absorb_contents(doc, merged)
    _absorb_protest_topics(doc, merged)
    return [merged[i] for i in sorted(merged)]


def _merge_linked(found: Sequence[tuple[Any, Event]]) -> dict[int, Event]:
    """Triggers of one type linked in the parse (a relative clause, an
    object, a modifier, a conjunct sharing the subject: "an explosion that
    killed four", "killed 17 and wounded 30") are one event, kept at the
    trigger nearest the root of the parse."""
    events = {t.i: e for t, e in found}
    group = {i: i for i in events}

    def root(i: int) -> int:
        while group[i] != i:
            i = group[i]
        return i

    for tok, ev in found:
        head = tok.head
        shared = tok.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        means = tok.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.lower_ in _MEANS_PREPS
        if means:  # "killed in a car bomb explosion", "killed by a roadside bomb"
            head = head.head
        linked = tok.dep_ in _MERGE_DEPS or shared or means
        if linked and head.i in events and events[head.i].type == ev.type:
            other = events[head.i].mode
            if shared and ev.mode and other and ev.mode != other:
                continue  # "kidnapped 16 advisers and exploded bombs": two acts
            group[root(tok.i)] = root(head.i)
    members: dict[int, list[Any]] = {}
    for tok, _ in found:
        members.setdefault(root(tok.i), []).append(tok)
    out: dict[int, Event] = {}
    for toks in members.values():
        keep = min(toks, key=lambda t: (_depth(t), t.i))
        ev = events[keep.i]
        for t in toks:
            if t.i != keep.i:
                ev = _merge(ev, events[t.i])
        out[keep.i] = ev
    return out


def _absorb_contents(doc: Any, events: dict[int, Event]) -> None:
    """What a request or rejection is about ("called for a ceasefire",
    "asked for assistance", "refused to meet") is its content, not an event
    that took place: it is folded into the REQUEST/REJECT, whose mode it
    gives (PLOVER 3.8, 3.10)."""
    for i in sorted(i for i, e in events.items() if e.type in ("REQUEST", "REJECT")):
        if i not in events or doc[i].lemma_.lower() in _FRAMES:  # "ordered patrols": the patrols happen
            continue
        outer = events[i]
        for j in sorted(events):
            tok = doc[j]
            if j == i or events[j].type in ("REQUEST", "REJECT") or tok.dep_ not in _CONTENT_DEPS:
                continue
            head = tok.head.head if tok.dep_ == "pobj" else tok.head
            # "reiterated its demand that Israel ease ...": the clause the
            # parser hung on the verb whose object the demand is
            beside = tok.dep_ == "ccomp" and any(c.i == i and c.dep_ == "dobj" for c in head.children)
            if head.i != i and not beside:
                continue
            inner = events.pop(j)
            mode = outer.mode or (_REQUEST_MODES.get(inner.type) if outer.type == "REQUEST" else None)
            cat_ok = mode is None or outer.type == "REQUEST"
            outer = replace(
                outer,
                mode=mode if cat_ok else outer.mode,
                reason=f"{outer.reason}; content: {inner.trigger} ({inner.type})",
            )
        events[i] = outer


def _absorb_protest_topics(doc: Any, events: dict[int, Event]) -> None:
    """PLOVER 3.12.2: the demand a protest makes ("marched to demand
    reforms", "a strike demanding ...") is the protest's topic, not a
    REQUEST of its own: it is folded into the protest event."""
    protests = {i for i, e in events.items() if e.type == "PROTEST"}
    if not protests:
        return
    for i in [i for i, e in events.items() if e.type == "REQUEST"]:
        tok = doc[i]
        near = {tok.head.i, tok.head.head.i}
        near.update(c.i for c in tok.head.children if c.dep_ in ("dobj", "nsubj", "attr"))
        host = next((p for p in sorted(protests) if p in near), None)
        if host is not None:
            req = events.pop(i)
            ev = events[host]
            if req.recipients and (not ev.recipients or default_recipient(ev.reason)):
                # whom the protest demands something of is whom it is directed at
                ev = replace(ev, recipients=req.recipients, recipient_mentions=req.recipient_mentions)
            events[host] = replace(ev, reason=f"{ev.reason}; topic: {req.trigger} (PLOVER 3.12.2)")
