"""Whether the text says an event happened: the status of a trigger.

Read off the parse, nearest clause first (PLOVER's auxiliary modes:
negation, future, hypothetical):

denied
    The trigger stands in what a denial verb governs ("denied that ...
    attacked", "denied involvement").
negated
    The trigger, or the verb a nominal trigger depends on, is negated
    ("didn't support", "isn't involved", "no attacks", "never").
conditional
    The clause is the consequence or the condition of an ``if``/``unless``
    ("Iran would send help if ..."), or carries could/might/may.
threatened
    The trigger is what a threat or warning verb governs ("threatened to
    strike").
planned
    Future or intended: will/shall/would/going to, or governed by a verb of
    intention (plan, intend, decide, agree, promise, offer, ...), also a
    noun it takes ("planned an attack", "ordered a strike", "announced
    talks"), or a purpose infinitive ("a drive to send volunteers"). Not
    the infinitive of a report ("Iran is said to have sent troops", the
    headline "Iran Said to Send Troops", "rebels appear to have withdrawn"):
    that reports the event, and who reports it is the attribution's matter.
ongoing
    Progressive aspect ("is sending") or governed by begin/continue/keep.
occurred
    Otherwise.

A nominal trigger that is definite or possessed ("the uprising", "Syria's
uprising") is taken as given: the condition, plan or threat around it is
about what is done to it ("If Syria fails to put down the uprising": the
uprising occurred).
"""

from __future__ import annotations

from typing import Any

_DENY = frozenset({"deny", "refute", "dismiss", "reject", "disavow", "rebuff"})
_THREAT = frozenset({"threaten", "warn", "vow"})
_INTENT = frozenset(
    {
        "plan", "intend", "decide", "agree", "promise", "pledge", "offer", "propose", "prepare",
        "aim", "seek", "want", "hope", "expect", "consider", "schedule", "mean", "try", "attempt",
        "vote", "order", "ask", "urge", "call", "demand", "request", "announce", "set",
        "willing", "ready", "prepared", "eager", "determined", "threaten", "vow",
    }
)  # fmt: skip
#: Verbs that carry a nominal trigger's tense and polarity ("launched an
#: attack", "the attack did not take place", "no talks were held").
_LIGHT = frozenset(
    {
        "launch", "carry", "conduct", "stage", "mount", "hold", "make", "give", "provide", "offer",
        "start", "begin", "continue", "resume", "take", "occur", "happen", "be", "have", "do",
        "perpetrate", "commit", "undertake", "organize", "organise", "plan", "announce", "order",
        "sign", "reach", "deliver", "send", "impose", "issue", "lodge", "file", "extend", "end",
    }
)  # fmt: skip
_ONGOING = frozenset({"begin", "start", "continue", "keep", "resume"})
#: Verbs whose passive takes an infinitive that reports an event ("is said
#: to have sent", "are believed to be holding"), and those that do so active.
_REPORTING = frozenset(
    {"say", "report", "believe", "think", "allege", "understand", "know", "rumor", "rumour", "presume",
     "suspect", "estimate", "confirm"}
)  # fmt: skip
_REPORTING_ACTIVE = frozenset({"seem", "appear", "claim"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
_HYPOTHETICAL_AUX = frozenset({"could", "might", "may"})
_CLAUSE = frozenset(
    {
        "xcomp",
        "ccomp",
        "advcl",
        "acl",
        "relcl",
        "conj",
        "pcomp",
        "dobj",
        "pobj",
        "nsubj",
        "nsubjpass",
        "attr",
        "acomp",
    }
)


def _neg(tok: Any) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _governing_verb(tok: Any) -> Any:
    """The verb a nominal trigger depends on ("launched" for "an attack"), or the trigger."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and head.lemma_.lower() in _LIGHT:
        return head
    return tok


def _if_clause(verb: Any) -> bool:
    """The verb heads, or is the consequence of, an if/unless clause."""
    if verb.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in verb.children if c.dep_ == "mark"):
        return True
    for c in verb.children:
        if c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children if m.dep_ == "mark"):
            return True
    return False


def _reported_infinitive(verb: Any) -> bool:
    """The verb is the infinitive of a report: governed by a passive verb of
    saying or believing (also a headline's, without its "is": "Iran Said to
    Send", "Iran said to send"), or by seem, appear, claim."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.i == verb.i:
        return False
    lemma = head.lemma_.lower()
    if lemma in _REPORTING_ACTIVE:
        return True
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in head.children)
    headline = head.text[:1].isupper() and head.i > head.sent.start
    # "Iran said to send troops": a headline's passive without its "is"
    # (one says "told them to send", not "said to send", for an order)
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    bare = lemma == "say" and after is not None and after.lower_ == "to"
    return lemma in _REPORTING and (passive or headline or bare)


def _presupposed(tok: Any) -> bool:
    """A nominal trigger the text takes as given: definite or possessed
    ("the uprising", "Syria's uprising"), so that the clause around it (a
    condition, a plan, a threat) is about what is done to it, not whether
    it is ("If Syria fails to put down the uprising", "vowed to crush the
    protests")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in tok.children
    )


def _ancestors(tok: Any, limit: int = 4) -> list[tuple[Any, Any]]:
    """(child, head) pairs up the clause chain, nearest first."""
    out = []
    cur = tok
    for _ in range(limit):
        if cur.head.i == cur.i or cur.dep_ not in _CLAUSE:
            break
        out.append((cur, cur.head))
        cur = cur.head
    return out


def status(tok: Any) -> str:
    """The status of the event whose trigger is ``tok`` (see module doc)."""
    verb = _governing_verb(tok)
    chain = _ancestors(verb)
    for _, head in chain:
        if head.lemma_.lower() in _DENY:
            return "denied"
    if _neg(tok) or _neg(verb) or (verb.dep_ in ("xcomp", "conj") and _neg(verb.head)):
        return "negated"
    if verb is tok and _presupposed(tok):
        return "occurred"
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    for child, head in [(verb, verb), *chain[:2]]:
        if _if_clause(head) or _if_clause(child):
            return "conditional"
    if aux & _HYPOTHETICAL_AUX:
        return "conditional"
    for child, head in chain[:2]:
        lemma = head.lemma_.lower()
        if lemma in _THREAT and child.dep_ in ("xcomp", "ccomp"):
            return "threatened"
    if aux & _FUTURE_AUX or "would" in aux:
        return "planned"
    if "going" in aux or any(c.lower_ == "going" for c in verb.children if c.dep_ == "aux"):
        return "planned"
    for child, head in chain[:2]:
        lemma = head.lemma_.lower()
        if child.dep_ in ("xcomp", "ccomp", "dobj"):
            if lemma in _INTENT:
                return "planned"
            if lemma in _ONGOING:
                return "ongoing"
            if lemma in _THREAT:
                return "threatened"
    if "to" in aux and verb.dep_ in ("advcl", "acl", "relcl", "xcomp") and not _reported_infinitive(verb):
        return "planned"
    if verb is not tok and verb.lemma_.lower() in _INTENT:  # "planned an attack", "ordered a strike"
        return "planned"
    if verb.tag_ == "VBG" and aux & {"is", "are", "was", "were", "be", "been", "'s", "'re", "am"}:
        return "ongoing"
    return "occurred"


_STATED_INTENT = frozenset(
    {
        "plan", "intend", "agree", "promise", "pledge", "offer", "propose", "prepare",
        "willing", "ready", "prepared", "eager", "determined", "vow", "threaten", "hope", "want",
    }
)  # fmt: skip
_DEONTIC = frozenset({"must", "should", "ought"})


def intention(tok: Any) -> str | None:
    """How the text frames the trigger as what someone means to do.

    ``intent`` when its actor states it as their own future or intended act
    (will/would/shall, or governed by plan, promise, offer, willing, ready
    ...), ``demand`` when it is what someone must or should do ("Libya must
    hand over ..."), else None. A purpose clause ("a drive to send
    volunteers") is neither.
    """
    verb = _governing_verb(tok)
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & _DEONTIC or any(
        c.lower_ in _DEONTIC for _, head in _ancestors(verb, 2) for c in head.children if c.dep_ == "aux"
    ):
        return "demand"
    if aux & (_FUTURE_AUX | {"would"}):
        return "intent"
    cur = verb
    for _ in range(2):
        if cur.dep_ not in ("xcomp", "ccomp", "dobj") or cur.head.i == cur.i:
            break
        cur = cur.head
        if cur.lemma_.lower() in _STATED_INTENT:
            return "intent"
    return None
