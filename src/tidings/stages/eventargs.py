"""Who, whom, where, when and how many for one event trigger.

Arguments are read off the dependency parse around the trigger token:

actor
    A verb's subject (``nsubj``), the ``by`` agent of a passive, the subject
    of the governing verb for control and purpose clauses ("Iran decided to
    send"), conjoined verbs sharing a subject, and the noun a relative or
    participle clause modifies when that noun is the doer ("forces
    attacking the town"). A noun trigger's possessor ("Iran's support"),
    ``by`` phrase, modifier mention ("Israeli airstrikes", "rebel attacks")
    or, for a light verb ("launched an attack"), that verb's subject.
recipient
    A verb's direct object, the subject of a passive ("hostages kidnapped
    by ..."), or a prepositional object (``against``, ``on``, ``at``,
    ``to``, ``with``, ``into``, ``toward``); a noun's ``against``/``on``/
    ``targeting`` object, and its ``of`` object for harmful acts ("the
    kidnapping of 48 Iranians"); whom it defies or answers ("in defiance
    of X"); who is put or comes "under" it ("put under investigation",
    "came under attack"). Not a helper ("with Albania's help"). For "X is
    opposed to Y", X is the actor and Y the recipient. A lexicon entry may
    name where its actor/recipient sits (``prep:by``, ``prep:to``,
    ``dobj``).
place, date, quantities
    Those inside the trigger's clause first (nearest first), else those of
    the sentence.

Everything returned indexes the article's mention, place, date and
quantity lists, so each argument keeps its evidence.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tidings.records import DateMention, Mention, Place, Quantity
from tidings.stages import docview, eventplace
from tidings.stages.eventwords import (
    DEPARTURES,
    EVENTIVE_HEADS,
    FORCES,
    GIFTS,
    GIVE,
    HELP,
    REACTIONS,
    RECEIVE,
    SAY,
    STANCE_NOUNS,
    STANCE_PASSIVES,
    SUPPRESS,
    SUPPRESS_PRT,
    UNDER_VERBS,
    UNREST,
)

_SUBJ = ("nsubj", "csubj")
_OBJ = ("dobj", "dative", "attr", "oprd")
_SKIP_NP = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "cc", "parataxis"})
_VERB_PREPS = ("against", "on", "upon", "at", "to", "with", "into", "toward", "towards", "targeting")
_NOUN_PREPS = ("against", "on", "upon", "at", "targeting", "toward", "towards", "with")
_HARM_OF = frozenset({"ASSAULT", "COERCE", "SANCTION", "RETREAT"})
_LIGHT_DEPS = ("dobj", "nsubjpass", "attr")
#: Categories whose nouns take "to" for where they go ("the deployment to
#: Syria"), not for whom they are directed at.
_MOVES = frozenset({"MOBILIZE"})
_SHARED_SUBJECT = ("xcomp", "conj", "advcl", "acl", "pcomp")


@dataclass(frozen=True, slots=True)
class Args:
    actors: tuple[int, ...]
    recipients: tuple[int, ...]
    place: int | None
    date: int | None
    quantities: tuple[int, ...]


class Spans:
    """Token lookups for the mentions, places, dates and quantities of a doc."""

    def __init__(
        self,
        doc: Any,
        mentions: Sequence[Mention],
        places: Sequence[Place],
        dates: Sequence[DateMention],
        quantities: Sequence[Quantity],
    ) -> None:
        self.doc = doc
        self.starts = docview.token_starts(doc)
        self.mentions = self._by_token(mentions)
        self.places = self._by_token(places)
        self.countries = {k for k, p in enumerate(places) if p.precision == "country"}
        self.dates = self._by_token(dates)
        self.quantities = self._by_token(quantities)
        self._mention_tokens: dict[int, list[int]] | None = None

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def _by_token(self, spans: Sequence[Any]) -> dict[int, list[int]]:
        """Token index -> indexes of the spans covering that token."""
        out: dict[int, list[int]] = {}
        for k, s in enumerate(spans):
            first = self.token_at(s.start)
            last = self.token_at(max(s.start, s.end - 1))
            for i in range(first, last + 1):
                out.setdefault(i, []).append(k)
        return out

    def mention_tokens(self, k: int) -> list[int]:
        """Token indexes of mention ``k``."""
        if self._mention_tokens is None:
            rev: dict[int, list[int]] = {}
            for i, ks in self.mentions.items():
                for j in ks:
                    rev.setdefault(j, []).append(i)
            self._mention_tokens = rev
        return self._mention_tokens.get(k, [])

    def in_tokens(self, table: dict[int, list[int]], tokens: Sequence[int]) -> list[int]:
        """Spans covering any of ``tokens``, in token order, without repeats."""
        seen: list[int] = []
        for i in tokens:
            for k in table.get(i, ()):
                if k not in seen:
                    seen.append(k)
        return seen


def noun_phrase(tok: Any) -> list[int]:
    """Token indexes of the phrase headed by ``tok``, without its clauses but
    with its conjuncts ("Saudi Arabia and Qatar") and appositions ("the
    APEC forum (APEC)"), unless an apposition carries a verb of its own
    ("..., a rights group charged"): that is a new clause."""
    out: list[int] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t.i)
        for c in t.children:
            if c.dep_ in _SKIP_NP:
                continue
            if c.dep_ == "appos" and any(x.pos_ == "VERB" for x in c.subtree):
                continue
            if c.dep_ == "prep" and c.lower_ == "with" and any(o.lemma_ in HELP for o in c.children):
                continue  # "the blockade of Serbia with Albania's help": a helper
            if c.dep_ == "prep" and c.lower_ == "from" and t.lemma_.lower() in DEPARTURES:
                continue  # "the withdrawal of Serbian forces from Bosnia": where they leave
            stack.append(c)
    return sorted(out)


def _kids(tok: Any, *deps: str) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps]


def _pobjs(tok: Any, preps: Sequence[str]) -> list[Any]:
    out: list[Any] = []
    for p in tok.children:
        if p.dep_ in ("prep", "agent", "dative") and p.lower_ in preps:
            out.extend(o for o in _kids(p, "pobj", "pcomp") if not (p.lower_ == "with" and o.lemma_ in HELP))
    return out


def _stance_targets(tok: Any) -> list[Any]:
    return [
        o
        for n in _pobjs(tok, ("in",))
        if n.lemma_.lower() in STANCE_NOUNS
        for o in _pobjs(n, ("of", "to", "against", "at", "for"))
    ]


def _stance_subject(tok: Any) -> list[Any]:
    """The subject of "X is opposed to Y" (parsed as a passive or as the
    copula's complement); empty for any other use of the verb."""
    if tok.lemma_.lower() not in STANCE_PASSIVES or not _pobjs(tok, ("to",)) or _pobjs(tok, ("by",)):
        return []
    if tok.dep_ == "acomp" and tok.head.pos_ in ("AUX", "VERB"):
        return _kids(tok.head, "nsubj")
    return _kids(tok, "nsubjpass")


def _quantified_objects(tok: Any) -> list[Any]:
    """Objects the parser hangs on a particle when a count starts them:
    "kidnapped up to 16 advisers" as ``up`` (prt) ``to`` (prep) ``advisers``."""
    return [
        o
        for up in _kids(tok, "prt")
        if up.lower_ == "up"
        for o in _pobjs(up, ("to",))
        if any(c.dep_ == "nummod" for c in o.children) or o.pos_ == "NUM"
    ]


def _where(tok: Any, spec: str) -> list[Any]:
    kind, _, word = spec.partition(":")
    if kind == "prep":
        return _pobjs(tok, (word,))
    return _kids(tok, kind)


def _mentions(sp: Spans, heads: Sequence[Any]) -> list[int]:
    """Mentions in the phrases headed by ``heads``. A mention that starts
    right where a phrase ends belongs to it even when the parser attached it
    elsewhere ("a unit of the opposition | Free Syrian Army")."""
    out: list[int] = []
    for h in heads:
        phrase = noun_phrase(h)
        nxt = phrase[-1] + 1 if phrase else len(sp.doc)
        if nxt < len(sp.doc) and sp.doc[nxt].pos_ == "PROPN" and sp.doc[nxt - 1].pos_ in ("NOUN", "PROPN"):
            phrase.append(nxt)
        for k in sp.in_tokens(sp.mentions, phrase):
            if k not in out:
                out.append(k)
    return out


def trailing_report(tok: Any) -> bool:
    """A reporting verb the parser hung as a participle on an apposition:
    "X are failing ..., a rights group protested" read as "X, a group
    protested": the noun is who reports, the sentence's main clause what."""
    if not (
        tok.dep_ == "acl"
        and tok.head.dep_ == "appos"
        and tok.i > tok.head.i
        and (tok.lemma_.lower() in SAY or tok.lemma_.lower() == "protest")
        # nothing but when and where it was said: "a sex offender charged
        # with trafficking" is a participle
        and all(c.dep_ in _REPORT_TAIL or (c.dep_ == "prep" and _is_when(c)) for c in tok.children)
    ):
        return False
    clause = {x.i for x in tok.subtree}  # and it ends the sentence
    return all(t.i in clause or t.is_punct for t in tok.doc[tok.i : tok.sent.end])


_REPORT_TAIL = frozenset({"advmod", "npadvmod", "punct"})


def _is_when(prep: Any) -> bool:
    return any(o.ent_type_ in ("DATE", "TIME") for o in prep.children)


def _infinitive_of_noun(tok: Any) -> bool:
    """``tok`` is the infinitive completing a noun: "efforts to aid", "a decision to send"."""
    return (
        tok.dep_ == "acl"
        and tok.tag_ == "VB"
        and tok.head.pos_ == "NOUN"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )


def _gifts(verb: Any) -> list[Any]:
    """The passive subjects of ``verb`` that name what is given ("help is
    being given to X", "arms were sent to Y")."""
    if verb.lemma_.lower() not in GIVE:
        return []
    return [s for s in _kids(verb, "nsubjpass") if s.lemma_.lower() in GIFTS]


def _verb_actor_heads(tok: Any) -> list[Any]:
    if trailing_report(tok):
        return [tok.head]
    stance = _stance_subject(tok)
    if stance:
        return stance
    subj = _kids(tok, *_SUBJ)
    if subj:
        if subj[0].tag_ in ("WDT", "WP") and tok.dep_ == "relcl":
            return [tok.head]
        return subj
    agent = _pobjs(tok, ("by",)) if _kids(tok, "nsubjpass", "auxpass") else []
    if agent:
        return agent
    gifts = _gifts(tok)
    if gifts:
        return [o for g in gifts for o in _pobjs(g, ("from",))]  # "help from Qatar is being given"
    if tok.dep_ in ("acl", "relcl") and tok.tag_ == "VBG":
        return [tok.head]
    if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
        return _pobjs(tok, ("by",))
    if _infinitive_of_noun(tok):
        # "Tehran's efforts to aid X", "the decision by Iran to arm X": whose
        # effort or decision it is does the act
        noun = tok.head
        return _kids(noun, "poss") or _pobjs(noun, ("by",))
    if tok.dep_ == "conj" and _kids(tok, "nsubjpass"):
        return []  # "X is collecting arms and help is being given to Y": a clause of its own
    if tok.dep_ in _SHARED_SUBJECT and tok.head.i != tok.i and tok.head.pos_ in ("VERB", "AUX"):
        return _verb_actor_heads(tok.head)
    if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tok.head.dep_ in ("acomp", "oprd"):
        return _verb_actor_heads(tok.head.head)  # "France is ready to contribute"
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        return _verb_actor_heads(tok.head.head)  # "resorted to throwing stones"
    return []


def _own_forces(obj: Any) -> bool:
    return obj.lemma_.lower() in FORCES and any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in obj.children)


#: Dependents that say whose a noun is: "Iranian personnel", "France's
#: mediation", "the US embassy".
_OWNER_DEPS = frozenset({"poss", "amod", "compound", "nmod"})


def _owners(nouns: Sequence[Any]) -> list[Any]:
    """The dependents of ``nouns`` that say whose they are, in order."""
    return [c for n in nouns for c in n.children if c.dep_ in _OWNER_DEPS]


def _force_owners(tok: Any) -> list[Any]:
    """The nationality or owner of the forces a deployment moves, for a
    deployment that names no one else: "the decision to send Iranian
    personnel", "Russian troops were deployed", "the deployment of British
    soldiers". The owners of a forces noun that is the trigger's object
    (its passive subject, or for a noun its "of" phrase)."""
    objs = _kids(tok, "dobj", "nsubjpass") + (_pobjs(tok, ("of",)) if tok.pos_ == "NOUN" else [])
    return _owners([o for o in objs if o.lemma_.lower() in FORCES])


def _verb_recipient_candidates(tok: Any, accuse: bool = False) -> list[list[Any]]:
    """Where a verb's recipient may be, most telling first: the subject of a
    passive, the noun a participle modifies ("hostages kidnapped by ..."),
    the objects, for an accusation what it is about (``_about``), then a
    prepositional object ("cut off power to X"), then whom it defies or
    answers ("in defiance of X")."""
    if trailing_report(tok):
        # "X are failing ..., a rights group protested": what is reported is about X
        return [_kids(tok.sent.root, "nsubj", "nsubjpass")]
    if _stance_subject(tok):
        # "opposed to French mediation in talks with Syria": who mediates
        objs = _pobjs(tok, ("to",))
        return [_owners(objs), objs]
    gifts = _gifts(tok)
    out = [[s for s in _kids(tok, "nsubjpass") if s not in gifts]]
    if tok.dep_ in ("acl", "amod") and tok.tag_ == "VBN":
        out.append([tok.head])
    # "..., a rights group charged" misparsed as a second object is the source
    objs = [
        o
        for o in _kids(tok, *_OBJ)
        if not any(c.dep_ == "acl" and c.lemma_.lower() in SAY for c in o.children) and not _own_forces(o)
    ] + _quantified_objects(tok)
    out.append(objs)
    if accuse:
        out += _about(tok, [h for c in out for h in c], verb=True)
    out.append(_pobjs(tok, _VERB_PREPS))
    # "granted asylum to X", "paid compensation to X": the parser often hangs
    # the addressee on the object rather than on the verb
    out.append([p for o in objs for p in _pobjs(o, ("to",))])
    out.append(_stance_targets(tok))
    return out


#: Prepositions naming what a complaint, charge or inquiry is about.
_ABOUT_PREPS = ("over", "about", "into", "of", "regarding", "concerning")


def _about(tok: Any, named: list[Any], verb: bool) -> list[list[Any]]:
    """PLOVER 3.9: an ACCUSE is directed at the responsible party, so after
    whom it names (``named``: its object) come, before whom it is addressed
    to ("complained to the UN over Israeli raids", "an inquiry into crimes
    committed by X"), the phrases it is about, then who did what those or
    the object name (the agent of a participle: "committed by X")."""
    about = _pobjs(tok, _ABOUT_PREPS)
    if not verb and tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX"):
        about += _pobjs(tok.head, _ABOUT_PREPS)  # "opened an investigation | into X"
    agents = [
        a
        for o in (*named, *about)
        for c in o.children
        if c.dep_ == "acl" and c.tag_ == "VBN"
        for a in _pobjs(c, ("by",))
    ]
    return [about, agents]


def _unrest_in(tok: Any, poss: Any) -> bool:
    return tok.lemma_.lower() in UNREST and poss.ent_type_ == "GPE"


def _noun_actor_candidates(tok: Any, type_: str) -> list[list[Any]]:
    """Where a nominal trigger's actor may be, most telling first: its
    possessor or ``by`` phrase (``of``/``from`` for acts that are not
    harmful: "the support of Iran"), a modifier ("Israeli airstrikes"), or
    the subject of the verb it is the object of ("launched an attack")."""
    out = [[p for p in _kids(tok, "poss") if not _unrest_in(tok, p)] + _pobjs(tok, ("by",))]
    if type_ not in _HARM_OF:
        out.append(_pobjs(tok, ("of", "from")))
    out.append([c for c in tok.children if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i])
    if tok.dep_ in _LIGHT_DEPS and tok.head.pos_ in ("VERB", "AUX") and not reacts(tok.head):
        if _receives(tok):
            out.append(_pobjs(tok.head, ("from",)))  # "received aid from Britain"
        else:
            out.append(_verb_actor_heads(tok.head))
    return out


def _receives(tok: Any) -> bool:
    """``tok`` is what its verb's subject is given ("received aid")."""
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() in RECEIVE


def _noun_recipient_heads(tok: Any, type_: str) -> list[Any]:
    v = tok.head.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "under" and v.lemma_.lower() in UNDER_VERBS:
        # "X was put under investigation", "placed X under arrest", "came under attack"
        under = _kids(v, "dobj", "nsubjpass") or _kids(v, "nsubj")
        if under:
            return under
    if _receives(tok):
        return _verb_actor_heads(tok.head)  # "Kenya received aid": Kenya is aided
    heads = _pobjs(tok, _NOUN_PREPS) + _stance_targets(tok)
    heads += [p for p in _kids(tok, "poss") if _unrest_in(tok, p)]
    if not heads and type_ == "PROTEST" and tok.dep_ == "dobj" and _stops(tok.head):
        heads = _verb_actor_heads(tok.head)  # "if Syria fails to put down the uprising"
    if not heads and type_ not in _MOVES:
        heads = _pobjs(tok, ("to",))  # "aid to X", "a threat to X", "concessions to X"
    if not heads and tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX"):
        # the light verb's addressee: "paid compensation to X", "gave X a warm welcome"
        heads = _kids(tok.head, "dative") + _pobjs(tok.head, ("to",))
    if not heads and type_ in _HARM_OF:
        heads = _pobjs(tok, ("of",))
    if not heads and type_ in ("CONSULT", "AGREE", "SUPPORT", "COOPERATE"):
        heads = _pobjs(tok, ("between",))  # "mediation between Syria and ..."
    return heads


def event_span(tok: Any) -> list[int]:
    """Tokens of the trigger's clause: its subtree, and for a clause
    modifying a noun ("hostages kidnapped by ...") that noun's phrase."""
    toks = {t.i for t in tok.subtree}
    if tok.dep_ in ("acl", "relcl", "amod") and tok.pos_ in ("VERB", "AUX"):
        toks.update(t.i for t in tok.head.subtree)
    return sorted(toks)


def reacts(verb: Any) -> bool:
    """Whether ``verb``'s subject judges, reports, suffers or stops the act
    its object names (``REACTIONS``, or "put down")."""
    return verb.lemma_.lower() in REACTIONS or _stops(verb)


def _stops(verb: Any) -> bool:
    lemma = verb.lemma_.lower()
    if lemma in SUPPRESS_PRT:
        return any(c.dep_ == "prt" and c.lower_ == SUPPRESS_PRT[lemma] for c in verb.children)
    return lemma in SUPPRESS


_NOT_PEOPLE = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "WORK_OF_ART"})


def _agrees(pronoun: Any, speaker: Sequence[Any]) -> bool:
    """Whether ``pronoun`` can mean ``speaker``: "they" and "it" not a
    single person, "he" and "she" not several people nor an organisation or
    place ("a group of senators said they ...", "Trump said they ..." and
    "the Times reported he ..." are someone else)."""
    several = len(speaker) > 1 or any(
        t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children) for t in speaker
    )
    person = not several and speaker[0].ent_type_ == "PERSON"
    word = pronoun.lower_
    if word in ("they", "them", "it"):
        return not person
    if word in ("he", "him", "she", "her"):
        return not several and speaker[0].ent_type_ not in _NOT_PEOPLE
    return True


def _speaker_of(tok: Any) -> list[Any]:
    """The subject of the reporting verb whose complement holds ``tok``:
    whom "it" means in "Iraq said it would allow ...", "Iraq announced it
    is prepared to impose ..."."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in ("ccomp", "xcomp", "acomp", "conj", "advcl", "parataxis") or cur.head.i == cur.i:
            return []
        cur = cur.head
        if cur.lemma_.lower() in SAY:
            return [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
    return []


def _complement_subject(tok: Any) -> list[Any]:
    """The subject of what a verb or noun asks or says of someone
    ("demanded that the United States match ...", "urged Iraq to ...",
    "its demand that Israel ease ...")."""
    for c in tok.children:
        # a noun's clause: "its demand that Uganda ease ..."
        if c.dep_ == "ccomp" or (c.dep_ == "acl" and any(m.dep_ == "mark" for m in c.children)):
            subj = _kids(c, "nsubj", "nsubjpass")
            if subj:
                return subj
    return []


def _complement_recipients(tok: Any, depth: int = 2) -> list[list[Any]]:
    """Whom an intended act is directed at ("willing to send help to Iraq",
    "refused to meet the envoy"): the recipient candidates of the verb
    complement, nearest first."""
    out: list[list[Any]] = []
    for c in tok.children:
        if c.dep_ in ("xcomp", "advcl") and c.pos_ in ("VERB", "AUX"):
            out.extend(_verb_recipient_candidates(c))
            if c.dep_ == "xcomp":
                out.append(_complement_subject(c))  # "refused to allow X to land"
            if depth > 1:
                out.extend(_complement_recipients(c, depth - 1))
    return out


def find_args(
    tok: Any,
    sent: Any,
    sp: Spans,
    type_: str,
    *,
    actor_from: str | None = None,
    recipient_from: str | None = None,
    closed: set[int] | None = None,
) -> Args:
    """The arguments of the event whose trigger is ``tok`` in sentence ``sent``."""
    verb = tok.pos_ in ("VERB", "AUX")
    closed = closed or set()
    if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod", "oprd") and tok.head.pos_ in ("VERB", "AUX"):
        tok_for_args = tok.head  # "Norway is willing to ...": the predicate's arguments
    elif tok.dep_ == "compound" and tok.head.lemma_.lower() in EVENTIVE_HEADS:
        tok = tok.head  # "undertook a mediation mission": the mission's arguments
        tok_for_args = tok
    else:
        tok_for_args = tok
    speaker_from = tok_for_args  # whose complement a pronoun actor is in
    if actor_from:
        a_heads = _where(tok, actor_from)
    elif verb or tok_for_args is not tok:
        a_heads = _verb_actor_heads(tok_for_args)
    else:
        cands = _noun_actor_candidates(tok, type_)
        a_heads = next((h for h in cands if _mentions(sp, h)), [])
        if not a_heads and cands and cands[-1] and all(h.tag_ == "PRP" for h in cands[-1]):
            a_heads = cands[-1]  # "he will extend the curfew": whom "he" means, below
            speaker_from = tok.head
    actors = _mentions(sp, a_heads)
    if not actors and a_heads and all(h.tag_ == "PRP" for h in a_heads):
        speaker = _speaker_of(speaker_from)
        if speaker and all(_agrees(h, speaker) for h in a_heads):
            actors = _mentions(sp, speaker)
    if not actors and type_ == "MOBILIZE":
        actors = _mentions(sp, _force_owners(tok))

    def others(heads: Sequence[Any]) -> list[int]:
        """Mentions in ``heads`` that can be the recipient: not an actor's,
        not who reports the event ("..., a rights group charged")."""
        found = _mentions(sp, heads)
        return [k for k in found if k not in actors and not closed.intersection(sp.mention_tokens(k))]

    if recipient_from:
        r_heads = _where(tok, recipient_from)
    else:
        accuse = type_ == "ACCUSE"
        more = [_complement_subject(tok)]
        if verb:
            own = _verb_recipient_candidates(tok, accuse)
        else:
            heads = _noun_recipient_heads(tok, type_)
            own = [heads, *(_about(tok, heads, verb=False) if accuse else [])]
            if tok.dep_ == "dobj" and tok.head.pos_ in ("VERB", "AUX"):
                more.append(_complement_subject(tok.head))  # "reiterated its demand | that Israel ease ..."
        more += _complement_recipients(tok_for_args)
        if tok_for_args is not tok and tok.pos_ == "ADJ":
            more += _complement_recipients(tok)  # "willing to forgive X": the adjective's complement
        # the first candidate naming an other party; else the first there is (no actor)
        cands = [c for c in (*own, *more) if c]
        r_heads = next((c for c in cands if others(c)), cands[0] if cands else [])
    recipients = others(r_heads)
    span = event_span(tok)
    taken = {i for k in (*actors, *recipients) for i in sp.mention_tokens(k)}
    place = eventplace.place(sp, span, tok.i, taken, closed)
    up = tok
    for _ in range(2):  # the clause the trigger hangs from ("attacks in X, in particular an explosion")
        if place is not None or up.head.i == up.i:
            break
        up = up.head
        place = eventplace.place(
            sp, [t.i for t in up.subtree if t.i not in span], tok.i, taken, closed, own=False
        )
    if place is None:
        place = eventplace.place(sp, range(sent.start, sent.end), tok.i, taken, closed, own=False)
    date = eventplace.nearest(sp.dates, span, tok.i)
    if date is None:
        date = eventplace.nearest(sp.dates, range(sent.start, sent.end), tok.i)
    quantities = sp.in_tokens(sp.quantities, span)
    return Args(tuple(actors), tuple(recipients), place, date, tuple(quantities))
