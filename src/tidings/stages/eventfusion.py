"""Merge the event mentions of one story that describe the same real-world event.

Each document of a story codes its own events; several outlets, and often
one document twice, describe the same happening. :func:`merge` turns the
mentions of one story into merged events, each linking to every mention it
merged, with counts of mentions, articles and independent sources, the first
report and a corroboration status. Pure: mentions in, merged events out.

Rules (the user-facing version is in ``docs/stories.md``, "Merged events"):

Same type family
    A family is one PLOVER category. Its mode is a supplementary field
    (PLOVER 2.1): where the modes of a category are two views of one act
    (PROTEST forms: a "demonstration" that "turned into a riot"; CONSULT
    visit/host: A "visited" B, B "hosted" A) any two modes agree. In the
    other categories the mode says *what* was done (ASSAULT abduct vs
    explosives, COERCE arrest vs curfew, RETREAT release vs withdraw,
    SANCTION convict vs expel): modes must be equal or one missing. One
    cross-category family: SANCTION ``expel`` and COERCE
    ``deport``, which the manual (3.13.2) separates only by whether the
    expelled are diplomats or individuals, so outlets' wording decides.
    Nothing else crosses: COERCE arrest vs ASSAULT abduct, THREATEN vs
    ASSAULT, CONCEDE vs RETREAT (announcement vs implementation), AGREE vs
    SUPPORT (promise vs signature) are different events.
Status
    ``occurred``/``ongoing`` (happened) and ``planned``/``threatened``/
    ``conditional`` (prospective) never merge: a plan is not evidence that
    the act took place. ``denied``/``negated`` mentions join a compatible
    event of either kind and make it contested (a ``status`` conflict); so
    that "no attacks were reported" does not contest every attack, a denial
    joins only if it shares something concrete with the event (an actor, a
    recipient or the place). A denial that joins nothing is an event of its
    own (status ``denied``).
Compatible actors
    Actor sets overlap, or one side has none; the same for recipients. Ids
    are related when equal or when one is a bare state code (``IRN``) and the
    other that state's institution or group (``IRNMIL``, ``IRN-GOV``) or an
    actor whose country (``Mention.countries``) it is. Swapped roles are
    incompatible ("rebels attacked" vs "attack on the rebels"), judged on
    identical ids, except where a mention's actor is also the event's actor
    (PLOVER 3.16.1 codes both sides of a clash as actors). A recipient taken
    from the place's country (``recipient_from_place``) counts as unknown.
Anchored
    Compatible is not enough: a mention joins an event only if something
    specific ties them beyond type and country: a common actor or recipient,
    the same named place below country level, the same day, or the same
    trigger word. Two undated attacks "in Syria" by unnamed attackers, in
    one article or in two, stay two events.
Compatible place and date
    Same place key, or same country, or one missing. Dates equal at the
    coarser precision (``2013-07`` vs ``2013-07-05``) or within two days
    (time zones, "yesterday"), or one missing; a mention must fit every
    dated mention of the event, so dates cannot drift by chaining.
Contested attribution
    A mention whose actors are disjoint from the event's joins it anyway,
    as an ``actors`` conflict, when an independent source (another source
    key, another document) reports the same family at the same place key on
    a compatible day-precise date with compatible recipients. Within one
    source two attributions are two events.
Commentary
    Commentary mentions ("My Take:") merge only with commentary: an opinion
    piece restating an attack is neither an observation that corroborates
    it nor one whose counts should contest it. Their merged events carry
    ``commentary=True``.
Grouping
    Greedy and deterministic: mentions in first-report order (published,
    undated last, then doc_id, idx); each joins the first event it is
    compatible with (against the event's combined actors, places, countries
    and dates), else the first it contests the attribution of, else opens a
    new event. Mentions of one document merge under the same rules.
Counts
    ``dead``/``injured``/``detained``/``size``: each source contributes its
    largest value (copies and updates of one source are not a conflict);
    the merged value is the one most sources agree with (within 10%, so
    "about 50" and "52" agree, 3 and 4 do not); ties go to the larger
    value, since counts are lower bounds. Sources outside the tolerance make
    a conflict listing every mention's value.
Corroboration
    ``contested`` if any conflict, else ``corroborated`` with two or more
    independent sources, else ``single source``. Articles and sources count
    every mention merged, denials included (each is linked evidence).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date as Date
from typing import Any, TypeVar

from tidings.records import EVENT_STATUSES, content_hash

VERSION = "eventfusion/1"

HAPPENED = frozenset({"occurred", "ongoing"})
PROSPECTIVE = frozenset({"planned", "threatened", "conditional"})
DENIAL = frozenset({"denied", "negated"})
#: Categories whose modes are means of one act: reports may differ on them.
FREE_MODE_TYPES = frozenset({"PROTEST", "CONSULT"})
#: (type, mode) pairs forming a family across categories (PLOVER 3.13.2).
CROSS_FAMILIES = {("SANCTION", "expel"): "expel", ("COERCE", "deport"): "expel"}
COUNT_FIELDS = ("dead", "injured", "detained", "size")
#: Relative difference under which two counts agree.
COUNT_TOLERANCE = 0.1
#: Day-precise dates this many days apart still describe one event.
DATE_WINDOW_DAYS = 2

_STATE = re.compile(r"[A-Z]{3}")
_SECTORS = re.compile(r"(?:-[A-Za-z0-9-]+|(?:[A-Z]{3})+)")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Mention:
    """One stored event mention, with what fusion needs.

    ``source`` is the independent-source key of the document (copies of one
    text share it); ``countries`` the ISO3 codes of the actors and
    ``recipient_countries`` of the recipients (optional); when
    ``recipient_from_place`` the recipients are a default (the place's
    country, a protest's own state: ``eventmerge.default_recipient``) rather
    than named by the text, and count as unknown for matching.
    """

    doc_id: str
    idx: int
    type: str
    mode: str | None
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    countries: tuple[str, ...]
    place: str | None
    country: str | None
    date: str | None
    dead: float | None
    injured: float | None
    detained: float | None
    size: float | None
    status: str
    published: str | None
    source: str
    commentary: bool = False
    text: str = ""
    recipient_countries: tuple[str, ...] = ()
    recipient_from_place: bool = False
    place_precise: bool = True

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc_id, self.idx)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Sources disagreeing on one field: ``(doc_id, idx, value)`` per mention."""

    field: str
    values: tuple[tuple[str, int, str], ...]


@dataclass(frozen=True, slots=True)
class MergedEvent:
    """One real-world event of a story and every mention that reports it.

    ``mentions`` are in first-report order; ``status`` is the status most
    sources give among the non-denying mentions; ``modes`` every mode named.
    """

    id: str
    story_id: str
    type: str
    mode: str | None
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    place: str | None
    country: str | None
    date: str | None
    dead: float | None
    injured: float | None
    detained: float | None
    size: float | None
    mentions: tuple[tuple[str, int], ...]
    articles: int
    sources: int
    first_doc: str
    first_seen: str | None
    corroboration: str
    conflicts: tuple[Conflict, ...]
    status: str = "occurred"
    modes: tuple[str, ...] = ()
    commentary: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (tuples as lists)."""
        return {
            "id": self.id,
            "story_id": self.story_id,
            "type": self.type,
            "mode": self.mode,
            "modes": list(self.modes),
            "actors": list(self.actors),
            "recipients": list(self.recipients),
            "place": self.place,
            "country": self.country,
            "date": self.date,
            "dead": self.dead,
            "injured": self.injured,
            "detained": self.detained,
            "size": self.size,
            "status": self.status,
            "commentary": self.commentary,
            "mentions": [list(k) for k in self.mentions],
            "articles": self.articles,
            "sources": self.sources,
            "first_doc": self.first_doc,
            "first_seen": self.first_seen,
            "corroboration": self.corroboration,
            "conflicts": [{"field": c.field, "values": [list(v) for v in c.values]} for c in self.conflicts],
        }


# --- matching helpers ------------------------------------------------------


def family(type_: str, mode: str | None) -> str:
    """The family key of a PLOVER type and mode (see the module docstring)."""
    return CROSS_FAMILIES.get((type_, mode or ""), type_)


def _status_group(status: str) -> str:
    if status in DENIAL:
        return "denial"
    return "prospective" if status in PROSPECTIVE else "happened"


def _under(state: str, other: str) -> bool:
    """``other`` is an institution or group of the state ``state`` (IRN -> IRNMIL, IRN-GOV)."""
    return (
        _STATE.fullmatch(state) is not None
        and len(other) > 3
        and other.startswith(state)
        and _SECTORS.fullmatch(other[3:]) is not None
    )


def _overlap(
    ids_a: Iterable[str], ctry_a: Iterable[str], ids_b: Iterable[str], ctry_b: Iterable[str]
) -> bool:
    """Whether two actor sets name a common actor (module docstring, "Compatible actors")."""
    a, b = set(ids_a), set(ids_b)
    if a & b:
        return True
    ca, cb = set(ctry_a), set(ctry_b)
    for x in a:
        for y in b:
            if _under(x, y) or _under(y, x):
                return True
    return any(_STATE.fullmatch(x) and x in cb for x in a) or any(_STATE.fullmatch(y) and y in ca for y in b)


def _day(d: str) -> Date | None:
    try:
        return Date.fromisoformat(d[:10]) if len(d) >= 10 else None
    except ValueError:
        return None


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Equal at the coarser precision, within ``DATE_WINDOW_DAYS``, or one missing."""
    if not a or not b:
        return True
    n = min(len(a), len(b), 10)
    if a[:n] == b[:n]:
        return True
    da, db = _day(a), _day(b)
    return da is not None and db is not None and abs((da - db).days) <= DATE_WINDOW_DAYS


def _order(m: Mention) -> tuple[bool, str, str, int]:
    return (m.published is None, m.published or "", m.doc_id, m.idx)


class _Group:
    """The mentions merged so far and their combined attributes (internal, mutable)."""

    __slots__ = (
        "actors",
        "commentary",
        "countries",
        "dates",
        "docs",
        "family",
        "group",
        "members",
        "modes",
        "place_countries",
        "places",
        "rcountries",
        "recipients",
        "sources",
        "triggers",
    )

    def __init__(self, m: Mention) -> None:
        self.family = family(m.type, m.mode)
        self.commentary = m.commentary
        self.group: str | None = None  # status group of its non-denying mentions
        self.members: list[Mention] = []
        self.actors: set[str] = set()
        self.countries: set[str] = set()
        self.recipients: set[str] = set()
        self.rcountries: set[str] = set()
        self.places: set[str] = set()
        self.place_countries: set[str] = set()
        self.dates: list[str] = []
        self.modes: set[str] = set()
        self.docs: set[str] = set()
        self.sources: set[str] = set()
        self.triggers: set[str] = set()
        self.add(m)

    def add(self, m: Mention) -> None:
        self.members.append(m)
        g = _status_group(m.status)
        if g != "denial" and self.group is None:
            self.group = g
        self.actors.update(m.actors)
        self.countries.update(m.countries)
        if not m.recipient_from_place:
            self.recipients.update(m.recipients)
            self.rcountries.update(m.recipient_countries)
        if m.place:
            self.places.add(m.place)
        if m.country:
            self.place_countries.add(m.country)
        if m.date:
            self.dates.append(m.date)
        if m.mode:
            self.modes.add(m.mode)
        self.docs.add(m.doc_id)
        self.sources.add(m.source)
        if m.text:
            self.triggers.add(m.text.lower())


def _place_ok(g: _Group, m: Mention) -> bool:
    if not m.place and not m.country:
        return True
    if not g.places and not g.place_countries:
        return True
    if m.place and m.place in g.places:
        return True
    return bool(m.country and g.place_countries and g.place_countries == {m.country})


def _roles_ok(g: _Group, m: Mention, recipients: tuple[str, ...]) -> bool:
    """Recipients compatible and roles not swapped."""
    rcountries = m.recipient_countries
    if recipients and g.recipients and not _overlap(recipients, rcountries, g.recipients, g.rcountries):
        return False
    acts, recs = set(m.actors), set(recipients)
    same_actor = bool(acts & g.actors)
    if acts & g.recipients and not same_actor:
        return False
    return not (recs & g.actors and not recs & g.recipients and not same_actor)


def _anchored(g: _Group, m: Mention, recipients: tuple[str, ...]) -> bool:
    """Something specific ties ``m`` to the group beyond type and country:
    a common actor or recipient, the same named place below country level,
    the same day, or the same trigger word (a report repeating itself). Two
    undated attacks "in Syria" by unnamed actors are not one event."""
    if m.actors and g.actors and _overlap(m.actors, m.countries, g.actors, g.countries):
        return True
    rcountries = m.recipient_countries
    if recipients and g.recipients and _overlap(recipients, rcountries, g.recipients, g.rcountries):
        return True
    if m.place and m.place_precise and m.place in g.places:
        return True
    day = _day(m.date) if m.date else None
    if day is not None and any(_day(d) == day for d in g.dates):
        return True
    return bool(m.text) and m.text.lower() in g.triggers


def _fit(g: _Group, m: Mention) -> str | None:
    """``"join"``, ``"attribution"`` (joins as an actors conflict) or None."""
    if family(m.type, m.mode) != g.family or m.commentary != g.commentary:
        return None
    cross = g.family in CROSS_FAMILIES.values()
    if m.mode and not cross and m.type not in FREE_MODE_TYPES and (g.modes - {m.mode}):
        return None
    status = _status_group(m.status)
    if status != "denial" and g.group is not None and g.group != status:
        return None
    if not _place_ok(g, m) or not all(dates_compatible(m.date, d) for d in g.dates):
        return None
    recipients = () if m.recipient_from_place else m.recipients
    if not _roles_ok(g, m, recipients):
        return None
    actors_ok = not m.actors or not g.actors or _overlap(m.actors, m.countries, g.actors, g.countries)
    if status == "denial" or g.group is None:
        anchored = (
            bool(m.actors and g.actors)
            or bool(recipients and g.recipients)
            or (m.place is not None and m.place in g.places)
        )
        return "join" if actors_ok and anchored else None
    if actors_ok:
        return "join" if _anchored(g, m, recipients) else None
    attributed = (
        m.doc_id not in g.docs
        and m.source not in g.sources
        and m.place is not None
        and m.place in g.places
        and m.date is not None
        and _day(m.date) is not None
        and bool(g.dates)
        and all(_day(d) is not None for d in g.dates)
    )
    return "attribution" if attributed else None


# --- summarising a group -----------------------------------------------------


def _vote(pairs: Iterable[tuple[_T, str]]) -> _T | None:
    """The value given by most distinct sources; ties go to the first reported."""
    support: dict[_T, set[str]] = {}
    for value, source in pairs:
        support.setdefault(value, set()).add(source)
    best: _T | None = None
    n = 0
    for value, srcs in support.items():  # insertion order = first-report order
        if len(srcs) > n:
            best, n = value, len(srcs)
    return best


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def counts_agree(a: float, b: float) -> bool:
    """Whether two counts agree within ``COUNT_TOLERANCE`` (relative)."""
    return abs(a - b) <= COUNT_TOLERANCE * max(abs(a), abs(b))


def _count(name: str, mentions: Sequence[Mention]) -> tuple[float | None, Conflict | None]:
    per_source: dict[str, float] = {}
    evidence: list[tuple[str, int, str]] = []
    for m in mentions:
        v = getattr(m, name)
        if v is None:
            continue
        per_source[m.source] = max(v, per_source.get(m.source, v))
        evidence.append((m.doc_id, m.idx, _fmt(v)))
    if not per_source:
        return None, None
    values = list(per_source.values())
    best = max(sorted(set(values)), key=lambda v: (sum(counts_agree(v, w) for w in values), v))
    if all(counts_agree(best, w) for w in values):
        return best, None
    return best, Conflict(name, tuple(evidence))


def _attributions(mentions: Sequence[Mention]) -> list[list[Mention]]:
    """Mentions with actors, split into clusters of overlapping actor sets."""
    clusters: list[list[Mention]] = []
    for m in (m for m in mentions if m.actors):
        hits = [
            c for c in clusters
            if any(_overlap(m.actors, m.countries, o.actors, o.countries) for o in c)
        ]
        merged = [m]
        for c in hits:
            merged = c + merged
            clusters.remove(c)
        clusters.append(sorted(merged, key=_order))
    return sorted(clusters, key=lambda c: _order(c[0]))


def _ids(mentions: Iterable[Mention], attr: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for m in mentions:
        seen.update(dict.fromkeys(getattr(m, attr)))
    return tuple(seen)


def _summarise(story_id: str, g: _Group) -> MergedEvent:
    members = g.members
    reporting = [m for m in members if m.status not in DENIAL] or members
    conflicts: list[Conflict] = []

    clusters = _attributions(reporting)
    if len(clusters) > 1:
        conflicts.append(
            Conflict("actors", tuple((m.doc_id, m.idx, ",".join(m.actors)) for c in clusters for m in c))
        )
        # the attribution most sources give; ties to the one reported first
        main = max(clusters, key=lambda c: (len({m.source for m in c}), -clusters.index(c)))
        actors = _ids(main, "actors")
    else:
        actors = _ids(reporting, "actors")
    explicit = [m for m in reporting if not m.recipient_from_place]
    recipients = _ids(explicit, "recipients") or _ids(reporting, "recipients")

    counts: dict[str, float | None] = {}
    for name in COUNT_FIELDS:
        counts[name], conflict = _count(name, reporting)
        if conflict is not None:
            conflicts.append(conflict)

    if len(reporting) < len(members):
        conflicts.append(Conflict("status", tuple((m.doc_id, m.idx, m.status) for m in members)))

    dated = [m for m in reporting if m.date]
    precision = max((len(m.date or "") for m in dated), default=0)
    date = _vote((m.date, m.source) for m in dated if len(m.date or "") == precision)
    type_ = _vote((m.type, m.source) for m in reporting) or members[0].type
    mode = _vote((m.mode, m.source) for m in reporting if m.mode and m.type == type_)
    sources = len(g.sources)
    corroboration = "contested" if conflicts else "corroborated" if sources >= 2 else "single source"
    keys = tuple(m.key for m in members)
    return MergedEvent(
        id=content_hash(json.dumps([story_id, sorted(keys)])),
        story_id=story_id,
        type=type_,
        mode=mode,
        actors=actors,
        recipients=recipients,
        place=_vote((m.place, m.source) for m in reporting if m.place),
        country=_vote((m.country, m.source) for m in reporting if m.country),
        date=date,
        dead=counts["dead"],
        injured=counts["injured"],
        detained=counts["detained"],
        size=counts["size"],
        mentions=keys,
        articles=len(g.docs),
        sources=sources,
        first_doc=members[0].doc_id,
        first_seen=members[0].published,
        corroboration=corroboration,
        conflicts=tuple(conflicts),
        status=_vote((m.status, m.source) for m in reporting) or reporting[0].status,
        modes=tuple(dict.fromkeys(m.mode for m in members if m.mode)),
        commentary=g.commentary,
    )


def merge(story_id: str, mentions: Sequence[Mention]) -> list[MergedEvent]:
    """Merge the event mentions of one story into real-world events.

    Args:
        story_id: the story the mentions belong to (part of each event's id).
        mentions: every event mention of the story's documents, any order.

    Returns:
        Merged events in order of first report; each mention is in exactly one.

    Raises:
        ValueError: a ``(doc_id, idx)`` given twice or an unknown status.

    Example:
        >>> a = Mention("d1", 0, "ASSAULT", None, ("SYRMIL",), (), (), "Aleppo", "SYR",
        ...             "2013-07-05", 3, None, None, None, "occurred", "2013-07-05", "AP")
        >>> b = Mention("d2", 2, "ASSAULT", "aerial", ("SYR",), (), (), "Aleppo", "SYR",
        ...             "2013-07-05", 3, None, None, None, "occurred", "2013-07-06", "BBC")
        >>> [(e.sources, e.corroboration) for e in merge("s1", [b, a])]
        [(2, 'corroborated')]
    """
    seen: set[tuple[str, int]] = set()
    for m in mentions:
        if m.key in seen:
            raise ValueError(f"event mention {m.key} given twice; pass each (doc_id, idx) once")
        if m.status not in EVENT_STATUSES:
            raise ValueError(f"event mention {m.key}: unknown status {m.status!r}; one of {EVENT_STATUSES}")
        seen.add(m.key)
    groups: list[_Group] = []
    for m in sorted(mentions, key=_order):
        fits = [(_fit(g, m), g) for g in groups]
        target = next((g for f, g in fits if f == "join"), None) or next(
            (g for f, g in fits if f == "attribution"), None
        )
        if target is None:
            groups.append(_Group(m))
        else:
            target.add(m)
    return [_summarise(story_id, g) for g in groups]


__all__ = ["Conflict", "Mention", "MergedEvent", "counts_agree", "dates_compatible", "family", "merge"]
