"""Quotations and attributions: who says what (speaker, cue, content).

The shape follows textacy's quotation triples, extended to the attributions
news lives on. Offsets are character offsets in ``doc.text``. Kinds:

``direct``: text in double quotes (normalisation made them straight) whose
speaker is the subject of the nearest cue verb outside the marks in its
sentences ('"...," Gen. X, commander of Y, told trainees', '"...," he said',
'X said: "..."'). A quote paragraph without a cue takes its speaker from
the sentence before: one ending in ":" ("He then emphasized:"), else its
nearest attribution ("According to X, ..."; the previous quotation, which
also covers '"A," he said. "B."'). A quote left open at a paragraph's end
continues when the next paragraph starts with '"'. Scare quotes are not
quotations: inside a clause a quote needs 3+ words, and a speaker always.

``reported``: a cue verb (``data/attribution.yaml``) with a subject; content
is its clausal complement ("X said (that) ..."), else the rest of the
sentence when the attribution is parenthetical ("..., these people say",
"..., say opposition members"), else for some verbs the object ("Iran
denied the report"). "Y quoted X as saying ..." has speaker X. Not cues:
"said to" + verb (a hedge), modal or negated verbs ("would announce").

``according_to``: "according to X", "citing X", "reported by X"; content is
the sentence minus the attribution phrases at its start or end (the whole
sentence when they stand in the middle); for "the comments, reported by X"
only the noun phrase.

Speakers are the subject's subtree (appositions included). A speaker gets
the actor of a ``Mention`` in its head phrase, an apposition or an of/for/
from/at complement (not "familiar with X"). "he"/"she" resolve to the most
recent person: going back at most four sentences, the first sentence that
names persons or holds a person speaker decides; it must hold one person,
or one person speaker, else the pronoun stays unresolved. ``anonymous``:
no proper name among the speaker's conjuncts, and a head noun such as
"officials", "people", "member" or a marker such as "familiar with".
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tidings.records import Mention, Quote
from tidings.stages import docview, yamldata

VERSION = "1"

LEXICON: dict[str, Any] = yamldata.parse(
    resources.files("tidings").joinpath("data/attribution.yaml").read_text("utf-8")
)


def words(key: str) -> frozenset[str]:
    """A word list of the attribution lexicon, lower-cased."""
    return frozenset(str(w).lower() for w in LEXICON.get(key) or ())


def phrase_regex(phrases: Iterable[str]) -> str:
    """Alternation of phrases, longest first, any whitespace between words."""
    alts = [r"\s+".join(map(re.escape, p.split())) for p in sorted(set(phrases), key=len, reverse=True)]
    return r"\b(?:" + "|".join(alts) + r")\b"


CUE_VERBS = words("cue_verbs")
_INVERSION = words("inversion_verbs")
_OBJECT_CONTENT = words("object_content_verbs")
_QUOTING = words("quoting_verbs")
_ANON_HEADS = words("anonymous_heads")
_ROLES = words("person_roles")
_DIRECT_ONLY = words("direct_only_verbs")
_ANON_MARKERS = re.compile(phrase_regex(words("anonymity_markers")), re.IGNORECASE)
_MODALS = frozenset({"would", "will", "could", "can", "may", "might", "should", "must", "shall", "'ll", "wo"})
_CUE_FORMS = {f: lem for lem in CUE_VERBS for f in (lem, lem + "s", lem + "d", lem.rstrip("e") + "ed")}
_CUE_FORMS.update({str(k): str(v) for k, v in (LEXICON.get("irregular_forms") or {}).items()})
_BOUND = frozenset(',;:—–-("')
_MAX_SPEAKER = 40  # tokens; a longer subject subtree is a misparse: keep its head phrase
_LOOKBACK = 4  # sentences searched for a pronoun's antecedent

Person = tuple[str, str | None, int]  # (identity key, actor id, character offset)


def _kids(tok: Any, *deps: str) -> list[Any]:
    return [c for c in tok.children if c.dep_ in deps]


def is_cue(tok: Any) -> bool:
    """Is ``tok`` a speech verb used actively ("said"; not "said to send", "so-called")?"""
    if tok.pos_ == "PROPN":  # "Members Say" in Title Case headlines; not "United States"
        if not (tok.is_title and tok.lower_ in _CUE_FORMS and _kids(tok, "nsubj")):
            return False
    elif tok.pos_ != "VERB" or tok.lemma_.lower() not in CUE_VERBS:
        return False
    nxt = tok.doc[tok.i + 1 : tok.i + 3]
    return not (len(nxt) == 2 and nxt[0].lower_ == "to" and nxt[1].pos_ in ("VERB", "AUX"))


def singular(word: str) -> str:
    w = word.lower()
    if w in ("people", "media", "news", "press") or len(w) <= 3 or w.endswith("ss") or not w.endswith("s"):
        return w
    return w[:-3] + "y" if w.endswith("ies") else w[:-1]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds = [0] + [x for m in re.finditer(r"\n\s*\n", text) for x in m.span()] + [len(text)]
    return [(a, b) for a, b in zip(bounds[::2], bounds[1::2], strict=True) if text[a:b].strip()]


def quote_marks(text: str) -> list[tuple[int, int]]:
    """Pairs of ``"`` offsets (open, close), paired within paragraphs; a quote
    left open at a paragraph's end continues when the next starts with ``"``."""
    paras = _paragraphs(text)
    pairs: list[tuple[int, int]] = []
    open_at: int | None = None
    for pi, (ps, pe) in enumerate(paras):
        marks = [ps + m.start() for m in re.finditer('"', text[ps:pe])]
        for p in marks[1:] if open_at is not None else marks:  # skip a continuation's re-opening mark
            if open_at is None:
                open_at = p
            else:
                pairs.append((open_at, p))
                open_at = None
        if pi + 1 == len(paras) or text[paras[pi + 1][0]] != '"':
            open_at = None
    return pairs


@dataclass
class _Cand:
    kind: str
    content: tuple[int, int]  # characters
    cue: Any  # a token, or a (start, end, text) triple
    head: Any  # the speaker's head token
    span: tuple[int, int]  # speaker tokens, inclusive
    inherit: _Cand | None = None  # a quotation whose speaker stands elsewhere
    actor: str | None = None
    key: str | None = None  # identity for pronoun resolution (actor, surname or text)


class _Doc:
    """Indexes built once per document: sentence of each token, quoted tokens, mentions."""

    def __init__(self, doc: Any, mentions: Sequence[Mention]) -> None:
        self.doc, self.text = doc, docview.text(doc)
        self.starts = docview.token_starts(doc)
        self.sents = [(s.start, s.end) for s in doc.sents]
        self.sent_of = [0] * len(doc)
        for si, (a, b) in enumerate(self.sents):
            self.sent_of[a:b] = [si] * (b - a)
        self.paras = _paragraphs(self.text)
        self.para_starts = [s for s, _ in self.paras]
        self.marks = quote_marks(self.text)
        self.inq = [False] * len(doc)
        for a, b in self.marks:
            self.inq[self.tok(a) : self.tok(b) + 1] = [True] * (self.tok(b) + 1 - self.tok(a))
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]

    def tok(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def para(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char) - 1

    def chars(self, a: int, b: int) -> tuple[int, int]:
        """Character span of tokens a..b (inclusive)."""
        return self.doc[a].idx, self.doc[b].idx + len(self.doc[b])

    def actor_in(self, a: int, b: int) -> Mention | None:
        for m in self.mentions[bisect.bisect_left(self.mention_starts, a - 200) :]:
            if m.start >= b:
                break
            if m.end > a:
                return m
        return None


def _trim(d: _Doc, a: int, b: int) -> tuple[int, int] | None:
    """Token range a..b (inclusive) without edge punctuation or a leading "that"/"and"."""
    doc = d.doc
    while a <= b and (doc[a].is_punct or doc[a].is_space or doc[a].lower_ in ("that", "and", "but")):
        a += 1
    while (
        b >= a and (doc[b].is_punct or doc[b].is_space) and not (doc[b].text == ")" and "(" in doc[a:b].text)
    ):
        b -= 1
    return (a, b) if a <= b else None


def _speaker_span(d: _Doc, head: Any, cue_i: int) -> tuple[int, int]:
    left, right = head.left_edge.i, head.right_edge.i
    left = max([i + 1 for i in range(left, head.i) if d.inq[i] or i == cue_i], default=left)
    right = min([i - 1 for i in range(head.i + 1, right + 1) if d.inq[i] or i == cue_i], default=right)
    if right - left > _MAX_SPEAKER:
        left, right = min([c.left_edge.i for c in head.lefts] + [head.i]), head.i
    return _trim(d, left, right) or (head.i, head.i)


def _subject(d: _Doc, cue: Any) -> Any:
    """The speaker's head token for a cue verb, or None."""
    lem = _CUE_FORMS.get(cue.lower_, "") if cue.pos_ == "PROPN" else cue.lemma_.lower()
    kids = [c for c in cue.children if not d.inq[c.i]]
    if lem in _QUOTING:  # "Y quoted X as saying", "X was quoted as saying"
        return next((c for dep in ("nsubjpass", "dobj") for c in kids if c.dep_ == dep), None)
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children):
        return None  # "was told", "is said": no speaker named here
    subj = sorted((c for c in kids if c.dep_ == "nsubj"), key=lambda c: abs(c.i - cue.i))
    if subj:  # "the man who said": the relative clause's head
        return cue.head if subj[0].lower_ in ("who", "that", "which") and cue.dep_ == "relcl" else subj[0]
    if cue.dep_ == "conj" and cue.head.pos_ in ("VERB", "AUX"):  # "X said ... and added"
        shared = [c for c in cue.head.children if c.dep_ == "nsubj" and not d.inq[c.i]]
        if shared:
            return shared[0]
    if lem in _INVERSION and cue.i and d.doc[cue.i - 1].text in (",", '"'):  # '"...," said X'
        after = [c for c in kids if c.i > cue.i and c.dep_ in ("dobj", "attr", "npadvmod", "nsubj")]
        if after and after[0].pos_ in ("NOUN", "PROPN", "PRON"):
            return after[0]
    return None


def _content_minus(d: _Doc, si: int, a: int, b: int) -> tuple[int, int] | None:
    """Sentence ``si`` without the attribution tokens a..b at its start or end
    (the whole sentence when they stand in the middle)."""
    sent = _trim(d, d.sents[si][0], d.sents[si][1] - 1)
    if sent is None:
        return None
    before = _trim(d, sent[0], a - 1) if a > sent[0] else None
    after = _trim(d, b + 1, sent[1]) if b < sent[1] else None
    return sent if before and after else before or after


def _reported(d: _Doc, cue: Any, head: Any) -> tuple[int, int] | None:
    """Content tokens (inclusive range) of a reported-speech cue, or None."""
    si, doc = d.sent_of[cue.i], d.doc
    comps = _kids(cue, "ccomp")
    for prep in _kids(cue, "prep"):  # "quoted X as saying that ..."
        comps += [
            g for p in prep.children if prep.lower_ == "as" and p.lemma_ == "say" for g in _kids(p, "ccomp")
        ]
    for c in list(comps):  # "X said Z, media reported" parsed said -> reported -> Z: the relay is not content
        inner = [x for x in c.lefts if x.dep_ == "ccomp"]
        if inner and is_cue(c) and _kids(c, "nsubj"):
            comps[comps.index(c) : comps.index(c) + 1] = inner
    if comps:
        a = min(c.left_edge.i for c in comps)
        # "denied the kidnapped Iranians had ...": the complement's subject parsed as an object
        objs = [c.left_edge.i for c in _kids(cue, "dobj") if c.right_edge.i + 1 == a and cue.lemma_ != "tell"]
        objs = objs if doc[a].dep_ != "mark" else []  # "told prosecutors that ...": an addressee
        # "..., these people said, and mainly assume ...": a subjectless verb conjoined to the cue
        conj = [c for c in cue.rights if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        more = [c.right_edge.i for c in conj if not _kids(c, "nsubj", "nsubjpass")]
        return _trim(d, min([a, *objs]), max([c.right_edge.i for c in comps] + more))
    # A parenthetical attribution: speaker, cue, its subject ("newspapers quoted X as saying")
    a, b = _speaker_span(d, head, cue.i)
    a, b = min(a, cue.i), max(b, cue.i)
    for c in cue.children:
        if abs(c.i - cue.i) <= 12 and (c.dep_ in ("nsubj", "aux", "neg", "advmod") or c.lower_ == "as"):
            a, b = min(a, c.left_edge.i), max(b, c.right_edge.i)
    adjuncts = ("prep", "npadvmod", "advmod", "dobj" if cue.lemma_ == "tell" else "dative")
    short = [c.right_edge.i for c in cue.rights if c.dep_ in adjuncts and c.right_edge.i - c.left_edge.i < 6]
    tail = max(short, default=b)
    if tail > b and all(t.is_punct or t.is_space for t in doc[tail + 1 : d.sents[si][1]]):
        b = tail  # "said by telephone.", "told reporters on Monday."
    s0, s1 = d.sents[si]
    left_ok = a <= s0 or doc[a - 1].text in _BOUND or doc[a - 1].is_space
    bounded = left_ok and (b + 1 >= s1 or doc[b + 1].is_punct)
    rest = _content_minus(d, si, a, b) if bounded and cue.dep_ in ("ROOT", "parataxis", "conj") else None
    if rest is None and cue.lemma_.lower() in _OBJECT_CONTENT:
        objs = [c for c in cue.rights if c.dep_ in ("dobj", "prep", "xcomp")]
        start = [c.left_edge.i for c in objs if c.dep_ == "dobj"] + [c.left_edge.i for c in objs[:1]]
        if objs:  # from the object on: not "announced on Monday the transfer"
            rest = _trim(d, start[0], objs[-1].right_edge.i)
    return rest


def _reported_all(d: _Doc) -> list[_Cand]:
    out = []
    for t in d.doc:
        if d.inq[t.i] or not is_cue(t) or t.lemma_ in _DIRECT_ONLY:
            continue
        if any(c.dep_ == "neg" or c.lower_ in _MODALS for c in t.children):
            continue  # "would announce", "did not say": no statement made
        if t.dep_ == "pcomp" and t.head.lower_ == "as":
            continue  # "quoted X as saying": the quoting verb is the cue
        head = _subject(d, t)
        content = _reported(d, t, head) if head is not None else None
        # More than half inside quotation marks: the frame of a direct quotation.
        if content is not None and sum(d.inq[content[0] : content[1] + 1]) * 2 < content[1] - content[0] + 1:
            out.append(_Cand("reported", d.chars(*content), t, head, _speaker_span(d, head, t.i)))
    return out


def _according(d: _Doc) -> list[_Cand]:
    """ "according to X", "citing X", "reported by X"."""
    found = []  # (first cue token, last cue token, speaker head)
    for t in d.doc:
        if d.inq[t.i]:
            continue
        if t.lower_ == "according" and t.i + 1 < len(d.doc) and d.doc[t.i + 1].lower_ == "to":
            found += [(t, t.nbor(), c) for c in _kids(t.nbor(), "pobj")][:1]
        elif t.lemma_ == "cite" and t.tag_ == "VBG" and not any(c.dep_ == "nsubj" for c in t.children):
            found += [(t, t, c) for c in _kids(t, "dobj")][:1]
        elif t.lemma_ == "report" and t.tag_ == "VBN":
            found += [(t, ag, c) for ag in _kids(t, "agent") for c in _kids(ag, "pobj")][:1]
    by_sent: dict[int, list[tuple[int, int]]] = {}
    for c0, _, head in found:
        by_sent.setdefault(d.sent_of[c0.i], []).append((c0.i, head.right_edge.i))
    out = []
    for c0, c1, head in found:
        si = d.sent_of[c0.i]
        if c0.lemma_ == "report" and c0.dep_ == "acl":  # "the comments, reported by X, ..."
            content = _trim(d, c0.head.left_edge.i, c0.i - 1)
        else:
            lo, hi = c0.i, head.right_edge.i  # merge neighbours: "according to AP, citing activists"
            for x, y in sorted(by_sent[si]):
                if all(t.is_punct or t.is_space for t in d.doc[min(hi, y) + 1 : max(lo, x)]):
                    lo, hi = min(lo, x), max(hi, y)
            content = _content_minus(d, si, lo, hi)
        if content:
            cue = (c0.idx, c1.idx + len(c1), d.text[c0.idx : c1.idx + len(c1)])
            out.append(_Cand("according_to", d.chars(*content), cue, head, _speaker_span(d, head, -1)))
    return out


def _spoken(d: _Doc, toks: Iterable[Any], content: tuple[int, int]) -> _Cand | None:
    """A direct quotation spoken by the subject of the first cue in ``toks`` that has one."""
    for cue in toks:
        head = _subject(d, cue) if is_cue(cue) else None
        if head is not None:
            return _Cand("direct", content, cue, head, _speaker_span(d, head, cue.i))
    return None


def _direct(d: _Doc, others: list[_Cand]) -> list[_Cand]:
    out: list[_Cand] = []
    doc, text = d.doc, d.text
    for q0, q1 in d.marks:
        c0, c1 = q0 + 1, q1
        while c1 > c0 and text[c1 - 1] in " ,\n":
            c1 -= 1
        t0, t1 = d.tok(q0), d.tok(q1)
        j = q0 - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        opens = d.paras[d.para(q0)][0] == q0 or doc[t0].is_sent_start  # starts a paragraph/sentence
        nwords = sum(1 for t in doc[t0 : t1 + 1] if t.is_alpha)
        if nwords == 0 or (nwords < 3 and not (opens or j < 0 or text[j] in ",:;.!?—–-(")):
            continue  # scare quotes
        s_first, s_last = d.sent_of[t0], d.sent_of[t1]
        nxt = s_last + 1
        if "," in text[c1:q1] and nxt < len(d.sents) and d.para(doc[d.sents[nxt][0]].idx) == d.para(q1):
            s_last = nxt  # '"...," he said.' split off as a sentence of its own
        frame = [t for t in doc[d.sents[s_first][0] : d.sents[s_last][1]] if not d.inq[t.i]]
        frame.sort(key=lambda t: t0 - t.i if t.i < t0 else t.i - t1)  # nearest cue first
        cand = _spoken(d, frame, (c0, c1))
        if cand is None:
            acc = [o for o in others if o.kind == "according_to" and s_first <= d.sent_of[o.head.i] <= s_last]
            cand = _Cand("direct", (c0, c1), None, None, (0, 0), inherit=acc[0]) if acc else None
        pa, pb = d.sents[s_first - 1] if s_first else (0, 0)
        if cand is None and opens and pb > pa and d.para(doc[pa].idx) >= d.para(q0) - 1:
            sa, sb = d.chars(pa, pb - 1)
            if text[sa:sb].rstrip().endswith(":"):  # "He then emphasized:" + quote paragraph
                cand = _spoken(d, (t for t in reversed(doc[pa:pb]) if not d.inq[t.i]), (c0, c1))
            # else the nearest attribution in the previous sentence: its speaker first, then its content
            spoke = [o for o in others + out if o.head is not None and sa <= o.head.idx < sb]
            near = spoke or [o for o in others + out if o.content[0] < sb and o.content[1] > sa]
            if cand is None and near:
                best = max(near, key=lambda o: -1 if o.head is None else o.head.idx)
                cand = _Cand("direct", (c0, c1), None, None, (0, 0), inherit=best)
        if cand is not None:
            out.append(cand)
    return out


def _anonymous(d: _Doc, c: _Cand) -> bool:
    if c.head.pos_ == "PRON":
        return False
    conj, stack = [], [c.head]
    while stack:
        h = stack.pop()
        conj.append(h)
        stack.extend(_kids(h, "conj"))
    if any(h.pos_ == "PROPN" and singular(h.text) not in _ANON_HEADS for h in conj):
        return False  # a named source among the conjuncts
    marker = _ANON_MARKERS.search(d.text[slice(*d.chars(*c.span))])
    return any(singular(h.text) in _ANON_HEADS for h in conj) or bool(marker)


def _resolve_actor(d: _Doc, head: Any) -> str | None:
    """Actor of a mention in the speaker's head phrase, appositions or of/for/from/at complements."""
    parts = [head, *_kids(head, "appos")]
    parts += [
        p for x in _kids(head, "prep") if x.lower_ in ("of", "for", "from", "at") for p in _kids(x, "pobj")
    ]
    for lo, p in [(head.i, head)] + [(min([x.left_edge.i for x in p.lefts] + [p.i]), p) for p in parts]:
        m = d.actor_in(d.doc[lo].idx, p.idx + len(p))
        if m:
            return m.actor
    return None


def _persons(d: _Doc) -> dict[int, list[Person]]:
    """Named persons per sentence (PERSON entities, ``person:`` mentions)."""
    out: dict[int, list[Person]] = {}
    for e in d.doc.ents:
        if e.label_ == "PERSON":
            m = d.actor_in(e.start_char, e.end_char)
            out.setdefault(d.sent_of[e.start], []).append(
                (m.actor if m else e[-1].lower_, m.actor if m else None, e.start_char)
            )
    for m in d.mentions:
        if m.actor.startswith("person:"):
            out.setdefault(d.sent_of[d.tok(m.start)], []).append((m.actor, m.actor, m.start))
    return out


def _antecedent(
    d: _Doc, head: Any, persons: dict[int, list[Person]], speakers: dict[int, list[Person]]
) -> tuple[str | None, str | None]:
    """(key, actor) of the person a "he"/"she" speaker refers to, or (None, None)."""
    k = d.sent_of[head.i]
    for si in range(k, max(-1, k - _LOOKBACK - 1), -1):
        said = {p[0]: p[1] for p in speakers.get(si, []) if si < k or p[2] < head.idx}
        named = {p[0]: p[1] for p in persons.get(si, []) if si < k or p[2] < head.idx} | said
        if len(named) == 1 or len(said) == 1:
            return next(iter(named.items() if len(named) == 1 else said.items()))
        if named:
            return None, None
    return None, None


def find_quotes(doc: Any, mentions: Sequence[Mention] = ()) -> list[Quote]:
    """Direct quotations, reported speech and "according to" attributions in ``doc``.

    ``mentions`` are resolved actor mentions (may be empty): a speaker
    overlapping one gets its actor.

    Example:
        >>> from tidings.stages import nlp
        >>> [q.speaker_text for q in find_quotes(nlp.parse('"We will win," the general said.'))]
        ['the general']
    """
    if len(doc) == 0:
        return []
    d = _Doc(doc, mentions)
    cands = _according(d) + _reported_all(d)
    cands += _direct(d, cands)
    cands.sort(key=lambda c: (c.content[0], c.kind != "direct"))
    persons = _persons(d)
    speakers: dict[int, list[Person]] = {}  # person speakers so far, per sentence
    out: list[Quote] = []
    for c in cands:
        src = c
        while src.inherit is not None:
            src = src.inherit
        if src is not c:
            c.cue, c.head, c.span, c.actor, c.key = src.cue, src.head, src.span, src.actor, src.key
        elif c.head.lower_ in ("he", "she") and c.head.pos_ == "PRON":
            c.key, actor = _antecedent(d, c.head, persons, speakers)
            c.actor = _resolve_actor(d, c.head) or actor  # a coreference mention wins
        else:
            c.actor = _resolve_actor(d, c.head)
            name = c.head.lower_ if c.head.pos_ == "PROPN" else d.text[slice(*d.chars(*c.span))].lower()
            c.key = c.actor or name
        h = c.head
        person = h.tag_ not in ("NNS", "NNPS") and (
            h.ent_type_ == "PERSON"
            or h.lemma_.lower() in _ROLES
            or h.lower_ in ("he", "she")
            or bool(c.actor and c.actor.startswith("person:"))
        )
        if c.key is not None and person:
            first, last = d.sent_of[d.tok(c.content[0])], d.sent_of[d.tok(c.content[1] - 1)]
            for si in {d.sent_of[h.i], *range(first, last + 1)}:
                at = h.idx if si == d.sent_of[h.i] else d.doc[d.sents[si][0]].idx
                speakers.setdefault(si, []).append((c.key, c.actor, at))
        sa, sb = d.chars(*c.span)
        ca, cb, cue = c.cue if isinstance(c.cue, tuple) else (c.cue.idx, c.cue.idx + len(c.cue), c.cue.text)
        whole = (min(sa, ca, c.content[0]), max(sb, cb, c.content[1]))  # the whole attribution
        anon = _anonymous(d, c)
        out.append(Quote(*whole, c.kind, *c.content, cue, ca, cb, d.text[sa:sb], sa, sb, c.actor, anon))
    return out
