"""Where and when an event is: the place and the date mention nearest its
trigger, chosen among the places and dates the resolver found.

A place governed by a locative preposition ("in Damascus", "to Syria") comes
first, then any other that does not name the event's actor or recipient.
Outside the trigger's own clause, a country that is a party to another
clause (its subject or object, or the possessor of a noun of conduct:
"Iran's support for ...") is not where this event happens. Who reports the
event ("officials in Tehran said") is never its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tidings.stages.eventwords import CONDUCT

if TYPE_CHECKING:
    from tidings.stages.eventargs import Spans

LOC_PREPS = frozenset(
    {"in", "at", "near", "to", "into", "outside", "across", "inside", "around", "throughout", "from", "on"}
)

#: Where a country's name is a party to another clause, not a location ("the
#: uprising has placed Iran in a predicament"; but "Texas can go on banning").
PARTY_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr"})


def nearest(table: dict[int, list[int]], tokens: Sequence[int], anchor: int) -> int | None:
    """The entry of ``table`` (token -> indexes) on the token of ``tokens`` nearest ``anchor``."""
    best: tuple[int, int] | None = None
    for i in tokens:
        for k in table.get(i, ()):
            d = abs(i - anchor)
            if best is None or d < best[0]:
                best = (d, k)
    return best[1] if best else None


def party(tok: Any) -> bool:
    """``tok`` (a country) is a party to an act: a subject or object, or
    the possessor of a noun of conduct ("Iran's support for ...")."""
    if tok.dep_ in PARTY_DEPS:
        return True
    return tok.dep_ == "poss" and tok.head.lemma_.lower() in CONDUCT


def place(
    sp: Spans, tokens: Sequence[int], anchor: int, taken: set[int], closed: set[int], *, own: bool = True
) -> int | None:
    """The place of the event among ``tokens`` (see the module doc), nearest
    to the trigger ``anchor`` first; ``taken``: tokens of the actor and
    recipient; ``closed``: tokens of who reports it; ``own``: ``tokens`` are
    the trigger's own clause."""
    best: tuple[int, int, int] | None = None
    for i in tokens:
        if i in closed:
            continue
        for k in sp.places.get(i, ()):
            tok = sp.doc[i]
            head = tok.head if tok.dep_ != "compound" else tok.head.head
            located = head.dep_ == "prep" and head.lower_ in LOC_PREPS
            if i in taken and not located:  # "Iran sent ...": the actor's name is not the event's place
                continue
            if not own and not located and k in sp.countries and party(tok):
                continue
            rank = 0 if located else 1
            cand = (rank, abs(i - anchor), k)
            if best is None or cand < best:
                best = cand
    return best[2] if best else None
