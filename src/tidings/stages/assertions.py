"""Who asserts each sentence, how hedged, and whether it is verified.

One ``Assertion`` per sentence, in order. Rules:

mode
    ``commentary`` when the sentence lies in a commentary segment ("My
    Take:"), else ``reporting`` (title sentences included).
source
    The quote carrying the sentence: one whose content covers at least half
    of the sentence outside the speakers and cues of the quotes in it. When
    several do and one's speaker stands inside another's content ("X said
    ..., media reported"; '"...," X said, according to media'), the inner
    one wins: the claim is X's, the relay stays in the quotes list. Then
    direct before reported before according_to, then the earlier quote. A
    sentence carrying no quote's content but holding a quote's cue ("He
    then emphasized:") takes that quote's speaker; a sentence of stray
    punctuation (a closing quotation mark) the previous sentence's. No
    quote: ``source`` None (the author or outlet itself).
hedges
    Phrases of ``data/attribution.yaml`` (``hedges``; ``hedges_before_verb``
    only when a verb follows: "Iran said to send troops", not "said to
    reporters"; "claimed responsibility" is not a hedge) and the
    unverified markers below, as they appear (lower case).
verification
    ``unverified`` when the sentence says a claim could not be verified
    ("couldn't be independently verified", "could not independently
    confirm", "unverified", "unconfirmed", "not possible to verify").
    Propagation: when such a sentence refers back to a claim with a definite
    or demonstrative claim noun ("the comments", "these reports", "the
    footage"; not "the claim that ...", which carries its own content) or
    starts with It/This/That/These/Those, the immediately preceding sentence
    is marked too, with the same hedge; if that sentence is carried by a
    quote, every neighbouring sentence carried by the same quote is marked
    (a quotation spanning sentences is one claim).
    ``disputed`` when the sentence reports a denial: an active denial verb
    ("denied", "refuted"; not "denied entry"), a rejection of a claim noun
    ("rejected the claim"), or a contradiction: an attributed content whose
    main predicate is negated while a different source asserted the same
    predicate lemma positively in the three preceding sentences ("X: we are
    involved ..." then "officials had previously said the country isn't
    involved"). Disputed is not propagated; unverified wins over disputed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from tidings.records import Assertion, Mention, Quote, Sentence
from tidings.stages import docview
from tidings.stages.quotes import LEXICON, phrase_regex, words

VERSION = "1"

_HEDGES = re.compile(phrase_regex(words("hedges")), re.IGNORECASE)
_HEDGES_VERB = re.compile(phrase_regex(words("hedges_before_verb")), re.IGNORECASE)
_EXCEPTIONS = {
    str(k).lower(): [str(w).lower() for w in v or ()]
    for k, v in (LEXICON.get("hedge_exceptions") or {}).items()
}
_CLAIM_NOUNS = words("claim_nouns")
_DENIAL = words("denial_verbs")
_REJECTION = words("rejection_verbs")
_DENIAL_NON_OBJECTS = words("denial_non_objects")
_UNVERIFIED = re.compile(
    r"\b(?:(?:could|can|would)(?:\s+not|n't)|cannot"
    r"|(?:has|have|had|was|were|is|are)(?:\s+not|n't)(?:\s+yet)?(?:\s+been)?)"
    r"\s+(?:be\s+)?(?:independently\s+)?"
    r"(?:verif(?:y|ied)|confirm(?:ed)?|corroborat(?:e|ed)|authenticat(?:e|ed))\b"
    r"|\b(?:unable|not\s+(?:immediately\s+)?possible)\s+to\s+(?:independently\s+)?(?:verify|confirm)\b"
    r"|\bunverified\b|\bunconfirmed\b|\bno\s+independent\s+(?:verification|confirmation)\b",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\b(?:the|these|this|those|such)\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(sorted(_CLAIM_NOUNS)) + r")\b"
    r"(?!\s+that\b)|^(?:It|This|That|These|Those)\b",
    re.IGNORECASE,
)
_KIND_RANK = {"direct": 0, "reported": 1, "according_to": 2}
_CONTRADICTION_WINDOW = 3  # sentences


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _union(spans: set[tuple[int, int]]) -> int:
    """Number of characters covered by the spans."""
    total, end = 0, -1
    for a, b in sorted(spans):
        total += max(0, b - max(a, end))
        end = max(end, b)
    return total


class _Tokens:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.starts = docview.token_starts(doc)

    def after(self, char: int) -> Any:
        i = bisect.bisect_left(self.starts, char)
        while i < len(self.doc) and self.doc[i].is_space:
            i += 1
        return self.doc[i] if i < len(self.doc) else None

    def span(self, a: int, b: int) -> Any:
        return self.doc[bisect.bisect_left(self.starts, a) : bisect.bisect_left(self.starts, b)]


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def hedges_in(text: str, start: int, end: int, toks: _Tokens) -> list[str]:
    """Hedge phrases in ``text[start:end]``, in order, without overlaps."""
    found: list[tuple[int, int, str]] = []
    for m in _HEDGES.finditer(text, start, end):
        word = _norm(m.group())
        rest = text[m.end() : m.end() + 30].lower().lstrip()
        if any(rest.startswith(x) for x in _EXCEPTIONS.get(word, ())):
            continue
        found.append((m.start(), m.end(), word))
    for m in _HEDGES_VERB.finditer(text, start, end):
        nxt = toks.after(m.end())
        if nxt is not None and nxt.pos_ in ("VERB", "AUX") and nxt.idx < end:
            found.append((m.start(), m.end(), _norm(m.group())))
    for m in _UNVERIFIED.finditer(text, start, end):
        found.append((m.start(), m.end(), _norm(m.group())))
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    out: list[str] = []
    last_end = -1
    for a, b, word in found:
        if a >= last_end and word not in out:
            out.append(word)
        last_end = max(last_end, b)
    return out


def _root(toks: _Tokens, a: int, b: int) -> Any:
    span = toks.span(a, b)
    for t in span:
        if not (a <= t.head.idx < b) or t.head is t:
            return t
    return None


def _polar(toks: _Tokens, q: Quote) -> tuple[str, bool] | None:
    """Main predicate lemma of a quote's content and whether it is negated."""
    root = _root(toks, q.content_start, q.content_end)
    if root is None:
        return None
    return root.lemma_.lower(), any(c.dep_ == "neg" for c in root.children)


def _speaker_key(q: Quote) -> str | None:
    if q.speaker:
        return q.speaker
    words_ = (q.speaker_text or "").lower().split()
    return None if not words_ or words_[-1] in ("he", "she", "they") else words_[-1]


def _denial(toks: _Tokens, a: int, b: int) -> bool:
    for t in toks.span(a, b):
        if t.pos_ != "VERB" or any(c.dep_ in ("auxpass", "nsubjpass", "neg") for c in t.children):
            continue
        lem = t.lemma_.lower()
        objs = [c.lemma_.lower() for c in t.children if c.dep_ == "dobj"]
        if lem in _DENIAL and not any(o in _DENIAL_NON_OBJECTS for o in objs):
            return True
        if lem in _REJECTION and any(o in _CLAIM_NOUNS or o + "s" in _CLAIM_NOUNS for o in objs):
            return True
    return False


def _contradicts(polar: Sequence[tuple[str | None, str, bool] | None], si: int) -> bool:
    """Does sentence ``si`` negate a predicate another source just asserted?"""
    cur = polar[si]
    if cur is None or cur[0] is None or not cur[2]:
        return False
    return any(
        p is not None and p[0] is not None and p[0] != cur[0] and p[1] == cur[1] and not p[2]
        for p in polar[max(0, si - _CONTRADICTION_WINDOW) : si]
    )


def _carrier(qs: Sequence[Quote], cands: Sequence[int]) -> int | None:
    if not cands:
        return None
    outer = set()  # quotes relaying another quote whose speaker stands in their content
    for i in cands:
        a, b = qs[i].speaker_start, qs[i].speaker_end
        if a is not None and b is not None:
            outer |= {j for j in cands if j != i and qs[j].content_start <= a and b <= qs[j].content_end}
    inner = [i for i in cands if i not in outer] or cands
    return min(inner, key=lambda i: (_KIND_RANK.get(qs[i].kind, 3), i))


def assert_sentences(
    doc: Any, sentences: Sequence[Sentence], quotes: Sequence[Quote], mentions: Sequence[Mention] = ()
) -> list[Assertion]:
    """One ``Assertion`` per sentence, in order (see the module docstring for the rules).

    ``mentions`` is accepted for symmetry with the other stages; sources come
    from the quotes, whose speakers were resolved against the mentions.

    Example:
        >>> from tidings.stages import nlp, quotes
        >>> doc = nlp.parse("Rebels reportedly seized the town, officials said.")
        >>> sents = [Sentence(0, len(doc.text), "body")]
        >>> a = assert_sentences(doc, sents, quotes.find_quotes(doc))[0]
        >>> a.source_text, a.anonymous, a.hedges
        ('officials', True, ('reportedly',))
    """
    del mentions  # speakers are resolved by the quotes stage
    text = docview.text(doc)
    toks = _Tokens(doc)
    starts = [s.start for s in sentences]
    cover: list[list[int]] = [[] for _ in sentences]
    frame: list[list[int]] = [[] for _ in sentences]
    spans: list[set[tuple[int, int]]] = [set() for _ in sentences]  # speakers and cues
    for qi, q in enumerate(quotes):
        for a, b, is_cue in ((q.speaker_start, q.speaker_end, False), (q.cue_start, q.cue_end, True)):
            si = bisect.bisect_right(starts, a) - 1 if a is not None and b is not None else -1
            if si >= 0 and a is not None and b is not None and a < sentences[si].end:
                spans[si].add((a, b))
                if is_cue:
                    frame[si].append(qi)
    attrib = [_union(x) for x in spans]
    for qi, q in enumerate(quotes):
        si = max(0, bisect.bisect_right(starts, q.content_start) - 1)
        while si < len(sentences) and sentences[si].start < q.content_end:
            s = sentences[si]
            own = _overlap(s.start, s.end, q.content_start, q.content_end)
            if own / max(1, s.end - s.start - attrib[si]) >= 0.5:
                cover[si].append(qi)
            si += 1

    carriers: list[int | None] = []
    hedges: list[list[str]] = []
    verification: list[str | None] = []
    polar: list[tuple[str | None, str, bool] | None] = []  # (speaker key, predicate, negated)
    for si, s in enumerate(sentences):
        cq = _carrier(quotes, cover[si])
        if cq is None:
            outside = [
                i
                for i in frame[si]
                if _overlap(s.start, s.end, quotes[i].content_start, quotes[i].content_end) == 0
            ]
            cq = _carrier(quotes, outside)
        if cq is None and si and not any(ch.isalnum() for ch in text[s.start : s.end]):
            cq = carriers[-1]  # a stray closing quotation mark split off as a sentence
        carriers.append(cq)
        hedges.append(hedges_in(text, s.start, s.end, toks))
        pol = _polar(toks, quotes[cq]) if cq is not None else None
        polar.append((_speaker_key(quotes[cq]), pol[0], pol[1]) if pol and cq is not None else None)
        status = None
        if _UNVERIFIED.search(text, s.start, s.end):
            status = "unverified"
        elif _denial(toks, s.start, s.end) or _contradicts(polar, si):
            status = "disputed"
        verification.append(status)

    # Propagate "could not be verified" to the claim the sentence refers back to.
    for si, s in enumerate(sentences):
        m = _UNVERIFIED.search(text, s.start, s.end)
        if si == 0 or m is None or not _ANAPHOR.search(text[s.start : s.end]):
            continue
        targets = [si - 1]
        cq = carriers[si - 1]
        if cq is not None:
            j = si - 2
            while j >= 0 and carriers[j] == cq:
                targets.append(j)
                j -= 1
        for t in targets:
            verification[t] = "unverified"
            if _norm(m.group()) not in hedges[t]:
                hedges[t].append(_norm(m.group()))

    out = []
    for si, s in enumerate(sentences):
        cq = carriers[si]
        by = quotes[cq] if cq is not None else None
        out.append(
            Assertion(
                sentence=si,
                mode="commentary" if s.segment == "commentary" else "reporting",
                source=by.speaker if by else None,
                source_text=by.speaker_text if by else None,
                anonymous=bool(by and by.anonymous),
                hedges=tuple(hedges[si]),
                verification=verification[si],
                quote=cq,
            )
        )
    return out
