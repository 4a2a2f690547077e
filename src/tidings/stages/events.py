"""The events stage: who did what to whom, coded in PLOVER, ACLED and CAMEO.

A parse-based coder. For every sentence of reporting and commentary, each
token whose lemma and part of speech match an entry of the event lexicon
(``data/events/triggers-*.yaml``; categories and operator verbs in
``plover.yaml``) is a candidate trigger; an entry that needs a
dependent ("open" + "fire", "send" + "troops") fires only with it, and a
more specific entry beats a general one. Then, per trigger:

1. arguments from the parse (``eventargs``): actor and recipient mentions,
   place, date and counts, all as indexes into the article's records;
2. status from negation, denial, conditions, modality and aspect
   (``eventstatus``);
3. attribution from the sentence's ``Assertion`` (who asserts it, hedges,
   verification) and the commentary flag from its segment;
4. codes: PLOVER type and mode from the entry; contexts from the entry and
   the sentence's cue words (``contexts.yaml``); CAMEO root, QuadClass and
   the PLOVER conflict-cooperation score from the category table; ACLED
   event type and sub-event type from the entry's hint, else from type,
   mode and who the recipient is (``acled_for``), else from the sentence's
   cues (``stages.acled``) where they fit the category;
5. the PLOVER rules that change a category: stated intentions and demands
   (``_fold``), voiced protests and state obstructions
   (``_recode_protest``), verbs acting on event nouns
   (``_apply_operators``), "must" demands outside the lexicon
   (``_deontic_demands``).

How the events of one sentence combine (linked triggers merged, a
request's content and a protest's demand folded in) and which is the main
one is in ``eventmerge``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tidings.records import Actor, Article, Event, Sentence
from tidings.stages import acled, eventlex, nlp
from tidings.stages.actordict import UNKNOWN, load_dictionary
from tidings.stages.eventargs import Args, Spans, find_args
from tidings.stages.eventlex import ACLED_TYPES, NO_ACLED, Lexicon, Trigger
from tidings.stages.eventmerge import OWN_STATE_RECIPIENT, PLACE_RECIPIENT, combine
from tidings.stages.eventstatus import intention
from tidings.stages.eventstatus import status as status_of
from tidings.stages.eventwords import EVENTIVE_HEADS, SAY

#: Changes with the code (first part) and with the lexicon's content.
VERSION = f"19.{eventlex.fingerprint()}"

_POS = {"VERB": ("VERB",), "NOUN": ("NOUN", "PROPN"), "ADJ": ("ADJ",)}
_CLAUSE_DEPS = frozenset({"punct", "advcl", "conj", "parataxis", "relcl", "cc", "mark", "ccomp"})
#: PLOVER 2.3 and 3.1: a stated intention to cooperate is AGREE (an
#: announced future retreat CONCEDE, 3.7.2), a stated
#: intention to use force or coercion is THREATEN, and what one side says
#: another must do is REQUEST; the coder returns that category, not the
#: intended act plus an auxiliary mode. The intended act stays in ``reason``.
_COOPERATIVE = frozenset({"SUPPORT", "AID", "COOPERATE", "CONSULT", "RETREAT", "CONCEDE"})
_COERCIVE = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations"}
_COERCE_THREAT_MODES = {"arrest": "arrest", "deport": "expel", "restrict": "restrict", "curfew": "restrict"}
_ARMED = frozenset({"MIL", "REB", "INS", "SPY", "COP", "UAF", "PKO", "MIL-REB"})
_ARMED_KINDS = frozenset({"armed_force", "armed_group"})


def _dependent_lemmas(tok: Any) -> set[str]:
    """Lemmas of the words a trigger's ``with``/``without`` lists may name:
    its dependents, their prepositional objects and conjuncts, and the
    ``of`` object of its object ("hundreds of soldiers")."""
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ in _CLAUSE_DEPS:  # a trigger's own arguments, not neighbouring clauses
            continue
        out.add(c.lemma_.lower())
        for g in c.children:
            if g.dep_ in ("pobj", "conj", "compound", "amod", "prt", "dobj", "xcomp") or (
                g.dep_ == "prep" and g.lower_ == "of"
            ):
                out.add(g.lemma_.lower())
                if g.dep_ == "prep":
                    out.update(x.lemma_.lower() for x in g.children if x.dep_ == "pobj")
    if tok.dep_ in ("compound", "amod") or (tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("acl", "relcl")):
        out.add(tok.head.lemma_.lower())
    acted_on = tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX")
    if tok.pos_ in ("NOUN", "PROPN") and acted_on:
        out.add(tok.head.lemma_.lower())  # the verb acting on a nominal trigger ("opened a hearing")
    return out


#: Degree adverbs that make a participle describe a quality rather than an
#: act: "better trained soldiers", "well armed", "poorly equipped".
_QUALITY_DEGREE = frozenset(
    {"well", "better", "best", "poorly", "highly", "adequately", "inadequately", "properly",
     "sufficiently", "insufficiently"}
)  # fmt: skip


def _quality(tok: Any, trig: Trigger) -> bool:
    """``tok`` names a quality or status of someone, not an act: a participle
    graded by a degree adverb ("much better trained"), or an attributive
    participle of leaving office ("retired members", "a resigned minister")."""
    if tok.tag_ in ("VBN", "JJ", "JJR") and any(
        c.dep_ == "advmod" and c.lower_ in _QUALITY_DEGREE for c in tok.children
    ):
        return True
    return trig.mode == "resign" and tok.dep_ == "amod"


#: What an agreement governed by these words is: the frame of another act
#: ("under the deal", "based on a defense pact", "in line with the accord",
#: "as part of the agreement"), not an agreement being made.
#: Each preposition with the words it must hang on (None: any).
_FRAME_PREPS: dict[str, frozenset[str] | None] = {
    "under": None,
    "per": None,
    "on": frozenset({"base"}),
    "with": frozenset({"line", "accordance", "compliance", "keeping"}),
    "of": frozenset({"part"}),
}


def _frame_of_another_act(tok: Any, trig: Trigger) -> bool:
    """``tok`` names an agreement already in force that frames another act."""
    if trig.type != "AGREE" or tok.pos_ not in ("NOUN", "PROPN") or tok.dep_ != "pobj":
        return False
    prep = tok.head
    if prep.lower_ not in _FRAME_PREPS:
        return False
    heads = _FRAME_PREPS[prep.lower_]
    return heads is None or prep.head.lemma_.lower() in heads


def match(tok: Any, lex: Lexicon) -> Trigger | None:
    """The lexicon entry ``tok`` triggers, or None."""
    entries = lex.triggers.get(tok.lemma_.lower()) or lex.triggers.get(tok.lower_)
    if not entries:
        return None
    deps: set[str] | None = None
    best: tuple[int, float, Trigger] | None = None
    for e in entries:
        if not any(tok.pos_ in _POS.get(p, (p,)) for p in e.pos):
            continue
        if e.with_ or e.without:
            deps = _dependent_lemmas(tok) if deps is None else deps
            if e.with_ and not e.with_ & deps:
                continue
            if e.without & deps:
                continue
        rank = (1 if e.with_ else 0, e.weight, e)
        if best is None or rank[:2] > best[:2]:
            best = rank
    if best is None or _quality(tok, best[2]) or _frame_of_another_act(tok, best[2]):
        return None
    return best[2]


def acled_for(trig: Trigger, mode: str | None, recipients: Sequence[Actor]) -> str | None:
    """The ACLED sub-event type of an event, or None where ACLED would not record it."""
    if trig.acled:
        return None if trig.acled == NO_ACLED else trig.acled
    t = trig.type
    if t == "ASSAULT":
        by_mode = {
            "aerial": "Air/drone strike", "drone": "Air/drone strike",
            "heavy-weapons": "Shelling/artillery/missile attack",
            "explosives": "Remote explosive/landmine/IED", "suicide-attack": "Suicide bomb",
            "unconventional": "Chemical weapon", "abduct": "Abduction/forced disappearance",
            "sexual": "Sexual violence", "destroy": "Looting/property destruction",
            "crowd-control": "Excessive force against protesters",
        }  # fmt: skip
        if mode in by_mode:
            return by_mode[mode]
        armed = any(a.sector in _ARMED or a.kind in _ARMED_KINDS for a in recipients)
        return "Armed clash" if armed else "Attack"
    if t == "PROTEST":
        return "Violent demonstration" if mode == "riot" else "Peaceful protest"
    if t == "COERCE":
        if mode in ("arrest", "detain", "deport"):
            return "Arrests"
        return None  # seizures: weapons (Disrupted weapons use) or property? the sentence tells
    if t == "AGREE":
        return "Agreement"
    if t == "MOBILIZE":
        return "Change to group/activity"
    if t == "RETREAT" and mode in ("withdraw", "ceasefire", "disarm"):
        return "Change to group/activity"
    return None


def _quad(cameo: str) -> int:
    root = int(cameo)
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def _contexts(text: str, trig: Trigger, lex: Lexicon, cache: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The trigger's own context, then those whose cues occur in the sentence."""
    found = cache.get(text)
    if found is None:
        low = text.lower()
        found = cache[text] = tuple(name for name, rx in lex.context_patterns.items() if rx.search(low))
    if trig.context and trig.context not in found:
        return (trig.context, *found)
    if trig.context:
        return (trig.context, *(c for c in found if c != trig.context))
    return found


def _counts(article: Article, quantities: Sequence[int]) -> dict[str, float | None]:
    out: dict[str, float | None] = {"dead": None, "injured": None, "detained": None, "size": None}
    key = {"killed": "dead", "injured": "injured", "detained": "detained", "deployed": "size"}
    for k in quantities:
        q = article.quantities[k]
        field = key.get(q.category)
        if field and q.low is not None:
            out[field] = (out[field] or 0.0) + q.low
    return out


class _Coder:
    def __init__(self, article: Article, doc: Any, lex: Lexicon) -> None:
        self.article = article
        self.doc = doc
        self.lex = lex
        self.sp = Spans(doc, article.mentions, article.places, article.dates, article.quantities)
        self.actors = {a.id: a for a in article.actors}
        self.classified: dict[int, acled.Classification] = {}
        self.context_cache: dict[str, tuple[str, ...]] = {}
        self.added: list[Actor] = []  # state actors events point to that the text names only as places
        self.assertions = {a.sentence: a for a in article.assertions}
        self.in_mention = set(self.sp.mentions)
        # who reports a claim is not where it happened ("officials in Tehran said")
        self.closed: set[int] = set()
        for q in article.quotes:
            if q.speaker_start is not None and q.speaker_end is not None:
                a, b = (
                    self.sp.token_at(q.speaker_start),
                    self.sp.token_at(max(q.speaker_start, q.speaker_end - 1)),
                )
                self.closed.update(range(a, b + 1))

    def refine_acled(self, si: int, sent: Any, trig: Trigger) -> str | None:
        """The ACLED sub-event the sentence's cues give (``stages.acled``),
        where the trigger alone cannot tell ("attacked": an air strike, a
        shelling, an armed clash?) and ACLED's event type fits the PLOVER
        category; else None."""
        fits = _ACLED_FITS.get(trig.type)
        if fits is None or trig.acled is not None:
            return None
        if trig.mode is not None and trig.type == "ASSAULT":  # the mode already tells
            return None
        if si not in self.classified:
            self.classified[si] = acled.classify_doc(sent)
        c = self.classified[si]
        return c.label if (c.event_type in fits or c.label in fits) and c.score >= 0.5 else None

    def state(self, code: str) -> Actor:
        """The state actor of ``code``, added to the article's actors if new."""
        if code not in self.actors:
            self.actors[code] = load_dictionary().state(code)
            self.added.append(self.actors[code])
        return self.actors[code]

    def trigger_of(self, ev: Event) -> Trigger:
        """A lexicon-like entry standing for an already coded event."""
        return Trigger.made(
            ev.trigger.lower(),
            ev.type,
            pos="NOUN",
            mode=ev.mode,
            weight=ev.confidence,
            acled=ev.acled_subtype,
        )

    def ids(self, mentions: Sequence[int]) -> tuple[str, ...]:
        out: list[str] = []
        for k in mentions:
            aid = self.article.mentions[k].actor
            if aid not in out:
                out.append(aid)
        return tuple(out)

    def event(self, si: int, sentence: Sentence, sent: Any, tok: Any, trig: Trigger) -> Event:
        assertion = self.assertions.get(si)
        status = status_of(tok)
        intent = intention(tok)
        folded = _fold(trig, intent, status)
        reason = f"lexicon:{trig.id}"
        if folded is not None:
            reason += f"; stated {intent} -> {folded.type} (PLOVER 2.3)"
            trig = folded
        args: Args = find_args(
            tok,
            sent,
            self.sp,
            trig.type,
            actor_from=trig.actor_from,
            recipient_from=trig.recipient_from,
            closed=self.closed,
        )
        if intent == "demand" and trig.type == "REQUEST":
            # "X says Y must ...": the demand is the source's, addressed to Y
            args = replace(args, actors=(), recipients=args.actors)
            actors: tuple[str, ...] = (assertion.source,) if assertion and assertion.source else ()
            recipients = self.ids(args.recipients)
        else:
            actors, recipients = self.ids(args.actors), self.ids(args.recipients)
        recoded = _recode_protest(trig, tok, [self.actors[a] for a in actors if a in self.actors])
        if recoded is not None:
            trig, note = recoded
            reason += f"; {note}"
        place = self.article.places[args.place] if args.place is not None else None
        if (
            all(r.startswith(UNKNOWN) for r in recipients)
            and place is not None
            and place.country
            and self.state(place.country).id not in actors
        ):
            # PLOVER-style default: an event with no named recipient (or only
            # unidentified ones: "troops") is directed at the country where
            # it takes place, unless that country is the actor ("help from
            # Qatar" is not help to Qatar)
            recipients = (*recipients, self.state(place.country).id)
            reason += f"; {PLACE_RECIPIENT}"
        if not recipients and trig.type == "PROTEST":
            # PLOVER 3.12: a protest is directed at an other group or the
            # authorities; named neither, at the protesters' own state
            known = (self.actors[a] for a in actors if a in self.actors)
            own = next((a.country for a in known if a.country), None)
            if own:
                recipients = (self.state(own).id,)
                reason += f"; {OWN_STATE_RECIPIENT}"
        cat = self.lex.categories[trig.type]
        rec = [self.actors[r] for r in recipients if r in self.actors]
        acled = acled_for(trig, trig.mode, rec)
        refined = self.refine_acled(si, sent, trig)
        if refined is not None and refined != acled:
            acled = refined
            reason += "; ACLED sub-event from the sentence's cues"
        counts = _counts(self.article, args.quantities)
        confidence = trig.weight * (1.0 if actors else 0.85) * (1.0 if recipients or actors else 0.9)
        cameo = cat.cameo_of(trig.mode)
        return Event(
            sentence=si,
            start=tok.idx,
            end=tok.idx + len(tok.text),
            trigger=tok.text,
            type=trig.type,
            mode=trig.mode,
            context=_contexts(
                self.article.text[sentence.start : sentence.end], trig, self.lex, self.context_cache
            ),
            actors=actors,
            actor_mentions=args.actors,
            recipients=recipients,
            recipient_mentions=args.recipients,
            place=args.place,
            date=args.date,
            quantities=args.quantities,
            dead=counts["dead"],
            injured=counts["injured"],
            detained=counts["detained"],
            size=counts["size"],
            status=status,
            commentary=sentence.segment == "commentary",
            source=assertion.source if assertion else None,
            source_text=assertion.source_text if assertion else None,
            anonymous=assertion.anonymous if assertion else False,
            hedges=assertion.hedges if assertion else (),
            verification=assertion.verification if assertion else None,
            acled_type=ACLED_TYPES.get(acled) if acled else None,
            acled_subtype=acled,
            cameo=cameo,
            quad_class=_quad(cameo),
            goldstein=cat.score_of(trig.mode),
            confidence=round(min(1.0, confidence), 3),
            reason=reason,
        )


#: ACLED event types that may refine each PLOVER category's sub-event.
_ACLED_FITS = {
    "ASSAULT": frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}),
    "PROTEST": frozenset({"Protests", "Riots"}),
    "COERCE": frozenset({"Arrests", "Disrupted weapons use", "Looting/property destruction"}),
}
_STATE_KINDS = frozenset({"state", "government", "armed_force"})
_CROWD = frozenset({"crowd", "mob", "people", "thousand", "hundred", "dozen", "million"})


def _recode_protest(trig: Trigger, tok: Any, actors: Sequence[Actor]) -> tuple[Trigger, str] | None:
    """PLOVER 3.12: PROTEST is collective physical action by civilians.

    A protest voiced by one body ("the ministry protested", "a rights group
    protested") is ACCUSE ``disapprove``; an obstruction by a state or its
    forces ("the army blockaded the port") is COERCE ``restrict``.
    """
    if trig.type != "PROTEST":
        return None
    if actors and all(a.kind in _STATE_KINDS for a in actors) and trig.mode == "obstruct":
        return replace(
            trig, type="COERCE", mode="restrict", acled=None
        ), "obstruction by a state: COERCE (PLOVER 3.12)"
    if tok.lemma_.lower() == "protest" and tok.pos_ == "VERB":
        subj = [c for c in tok.children if c.dep_ == "nsubj"]
        if not subj and tok.dep_ in ("acl", "relcl"):  # "..., a rights group protested" parsed as a modifier
            subj = [tok.head]
        single = subj and subj[0].tag_ in ("NN", "NNP") and subj[0].lemma_.lower() not in _CROWD
        institutional = actors and all(a.kind not in ("civilians", "other") for a in actors)
        if single or institutional:
            return replace(
                trig, type="ACCUSE", mode="disapprove", acled=None
            ), "a voiced protest: ACCUSE (PLOVER 3.12)"
    return None


def _fold(trig: Trigger, intent: str | None, status: str) -> Trigger | None:
    """The entry an intention or demand turns ``trig`` into, or None (see ``_COOPERATIVE``)."""
    if intent is None or status == "denied":
        return None
    if status == "negated":
        # "X will not meet the demands", "refuses to ...": a stated refusal (PLOVER 3.10)
        if intent == "intent" and (trig.type in _COOPERATIVE or trig.type in ("AGREE", "REQUEST")):
            return replace(trig, type="REJECT", mode=None, acled=None)
        return None
    if intent == "demand" and trig.type not in ("REQUEST", "THREATEN"):
        return replace(trig, type="REQUEST", mode=None, acled=None, with_=frozenset())
    if intent != "intent":
        return None
    if trig.type == "RETREAT":  # 3.7.2: an announced future retreat is CONCEDE
        return replace(trig, type="CONCEDE", mode=None, acled=None, with_=frozenset())
    if trig.type in _COOPERATIVE:
        return replace(trig, type="AGREE", mode=None, acled=None, with_=frozenset())
    if trig.type in _COERCIVE:
        mode = _COERCE_THREAT_MODES.get(trig.mode or "", _COERCIVE[trig.type])
        return replace(trig, type="THREATEN", mode=mode, acled=None, with_=frozenset())
    return None


def _deontic_demands(
    coder: _Coder, si: int, sentence: Sentence, sent: Any, found: list[tuple[Any, Event]]
) -> list[tuple[Any, Event]]:
    """What one side says another must or should do is a REQUEST of the
    speaker (PLOVER 3.8) even when the act itself is no event word ("X
    declared that China must drop barriers")."""
    have = {t.i for t, _ in found}
    added = []
    for tok in sent:
        if tok.i in have or tok.pos_ != "VERB" or tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in SAY:
            continue
        if not any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in tok.children):
            continue
        trig = Trigger.made(tok.lemma_.lower(), "REQUEST", pos="VERB", mode="change", weight=0.55)
        ev = coder.event(si, sentence, sent, tok, trig)
        added.append((tok, replace(ev, reason=f"deontic:{tok.lower_} ({ev.reason})")))
    return sorted(found + added, key=lambda te: te[0].i) if added else found


def _apply_operators(
    coder: _Coder, si: int, sentence: Sentence, sent: Any, found: list[tuple[Any, Event]]
) -> list[tuple[Any, Event]]:
    """Let verbs that act on an event noun ("lifted the curfew", "reduced
    supplies") make their own event, absorbing the noun's."""
    by_tok = {t.i: e for t, e in found}
    absorbed: set[int] = set()
    added: list[tuple[Any, Event]] = []
    for tok in sent:
        ops = coder.lex.operators.get(tok.lemma_.lower())
        if not ops or tok.pos_ not in ("VERB", "AUX"):
            continue
        objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        objects += [c for o in objects for c in o.conjuncts]
        objects += [
            g
            for o in objects
            for p in o.children
            if p.dep_ == "prep" and p.lower_ == "of"
            for g in p.children
        ]
        for obj in objects:
            inner = by_tok.get(obj.i)
            op = next((o for o in ops if inner is not None and inner.type in o.on), None)
            if op is None or inner is None:
                continue
            absorbed.add(obj.i)
            if tok.i in by_tok:  # the verb is a trigger itself ("lift" + curfew)
                continue
            inner_trig = replace(
                coder.trigger_of(inner),
                lemma=tok.lemma_.lower(),
                pos=("VERB",),
                with_=frozenset({obj.lemma_.lower()}),
            )
            trig = replace(
                inner_trig,
                type=op.type or inner.type,
                mode=op.mode if op.type else inner.mode,
                acled=None if op.type else inner_trig.acled,
                context=None,
            )
            ev = coder.event(si, sentence, sent, tok, trig)
            folded = ev.reason.partition("; ")[2]
            reason = f"operator:{tok.lemma_.lower()} on [{inner.reason}]" + (f"; {folded}" if folded else "")
            added.append((tok, replace(ev, reason=reason)))
            by_tok[tok.i] = added[-1][1]
    kept = [(t, e) for t, e in found if t.i not in absorbed]
    return sorted(kept + added, key=lambda te: te[0].i)


def _sentence_events(coder: _Coder, si: int, sentence: Sentence, sent: Any) -> list[Event]:
    found: list[tuple[Any, Event]] = []
    for tok in sent:
        if tok.i in coder.in_mention and tok.pos_ in ("NOUN", "PROPN"):
            continue
        trig = match(tok, coder.lex)
        # a noun naming a kind of thing ("rescue workers", "protest leaders") is
        # no event, unless the noun it modifies is one ("recruitment drive")
        kind_of = tok.dep_ == "compound" and tok.pos_ in ("NOUN", "PROPN")
        kind_of = kind_of and tok.head.lemma_.lower() not in EVENTIVE_HEADS  # "mediation mission"
        if trig is not None and kind_of and match(tok.head, coder.lex) is None:
            trig = None
        if trig is not None:
            found.append((tok, coder.event(si, sentence, sent, tok, trig)))
    found = _deontic_demands(coder, si, sentence, sent, found)
    found = _apply_operators(coder, si, sentence, sent, found)
    return combine(sent.doc, found)


def _code(article: Article, doc: Any, lexicon: Lexicon | None) -> tuple[list[Event], list[Actor]]:
    lex = lexicon or eventlex.load()
    coder = _Coder(article, doc, lex)
    out: list[Event] = []
    for si, sentence in enumerate(article.sentences):
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None:
            continue
        out.extend(_sentence_events(coder, si, sentence, span))
    return out, coder.added


def code_events(article: Article, doc: Any, lexicon: Lexicon | None = None) -> list[Event]:
    """Events of every sentence of ``article``, whose parse is ``doc``."""
    return _code(article, doc, lexicon)[0]


def add_events(
    article: Article, *, model: str = nlp.DEFAULT_MODEL, lexicon: Lexicon | None = None
) -> Article:
    """Return ``article`` with its events coded (none for pages not in English)."""
    versions = (*article.versions, ("events", VERSION))
    if not article.sentences:
        return replace(article, versions=versions)
    doc = nlp.parse(article.text, model)
    events, added = _code(article, doc, lexicon)
    return replace(article, versions=versions, events=tuple(events), actors=(*article.actors, *added))
