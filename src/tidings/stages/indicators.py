"""Contact details in the text: phone numbers, SMS short codes, e-mail
addresses, social handles and URLs.

They are recorded as text with their offsets, nothing more: tidings never
contacts, ranks or resolves them. Recruitment drives, hotlines and appeals
print such details, and an analyst may want to find every article that
carries the same number.

Rules (one pass of regular expressions, linear in the text):

* ``url``: ``http(s)://...`` or ``www....``; trailing punctuation is dropped.
* ``email``: ``name@domain.tld``.
* ``handle``: ``@name`` not preceded by a word character (not an e-mail).
* ``sms_shortcode``: a number (3-15 digits, spaces allowed) right after an
  SMS cue: "send an sms to 3000282860", "text STOP to 12345", "SMS 4040".
* ``phone``: a *strong* format needs no context: ``+1 860-486-6723``,
  ``(555) 123-4567``, ``860-486-6723``, ``860.486.6723``; a *weak* format
  (digit groups separated by spaces or dashes, or a bare run of 7-15 digits,
  e.g. ``2617201 0251``) counts only after a phone cue word (telephone,
  phone, call, hotline, fax, WhatsApp...) earlier in the same sentence.

False positives are avoided by construction: every phone has at least 7
digits, so years, counts and times never qualify; commas and decimal points
never join digit groups, so money, magnitudes and percentages do not either;
numbers followed by ``%`` or a unit word are dropped; dates
(``2012-08-27``, ``27-08-2012``) do not match the dash formats, whose last
group has 4 digits after a 3-digit group; thousands grouped by spaces
(``1 000 000``) are not taken as weak phones.
"""

from __future__ import annotations

import re

from tidings.records import Indicator

VERSION = "1"

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z_][A-Za-z0-9_]{1,29}\b(?!@|\.[A-Za-z]{2,})")

# A number right after an SMS cue, allowing a few words in between
# ("send an sms to 3000282860", "text JOIN to 12345", "SMS: 4040").
_SMS = re.compile(
    r"\b(?:sms|txt|text(?:\s+message)?)\b"
    r"(?:\s+(?:[A-Z]{2,10}|the\s+word\s+\S+|\"[^\"\n]{1,20}\"))?"
    r"\s*(?:(?:to|at|on)\b\s*)?:?\s*"
    r"(?P<num>\+?\d(?:[\d ]{1,16}\d))\b",
    re.IGNORECASE,
)

# Strong phone formats: recognisable without context.
_PHONE_STRONG = re.compile(
    r"(?<![\w+.,/-])(?:"
    r"\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,5}"  # +1 860-486-6723, +44 (0)20 7946 0958
    r"|\(\d{2,5}\)[ .-]?\d{2,4}(?:[ .-]?\d{2,5}){1,2}"  # (555) 123-4567
    r"|\d{3}[-.]\d{3}[-.]\d{4}"  # 860-486-6723, 860.486.6723
    r")(?![\w%]|[.,]\d)"
)
# Weak phone formats: only after a phone cue.
_PHONE_WEAK = re.compile(r"(?<![\w+.,/-])\d{2,}(?:[ -]\d{2,}){0,4}(?![\w%]|[.,]\d|:\d)")
_PHONE_CUE = re.compile(
    r"\b(?:tele?phone|phone|tel|call(?:ing)?|dial(?:ling)?|hotline|helpline|fax|mobile|cell"
    r"|whatsapp|viber|telegram|signal|contact)\b[^.!?\n]{0,60}$",
    re.IGNORECASE,
)
# A unit or amount word after a number means it is not a phone number.
_UNIT_AFTER = re.compile(
    r"\s*(?:%|percent|per\s*cent|people|persons|dollars|euros|pounds|rials?|riyals?|lira|km|kilomet|miles|"
    r"troops|soldiers|killed|dead|tons?|tonnes|barrels|bpd|years?|men|women|children|fighters)\b",
    re.IGNORECASE,
)
_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")
_YEAR_RANGE = re.compile(r"(?:1[89]|20)\d\d[ -](?:1[89]|20)\d\d")
_DATE = re.compile(r"\d{1,2}[ -]\d{1,2}[ -](?:\d{2}|\d{4})|\d{4}-\d{1,2}-\d{1,2}")
_TRAILING = ".,;:!?)]}'\""

#: Priority of kinds when spans overlap (earlier wins).
_PRIORITY = ("url", "email", "handle", "sms_shortcode", "phone")


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


def _candidates(text: str) -> list[Indicator]:
    out: list[Indicator] = []
    for m in _URL.finditer(text):
        s, e = m.span()
        while e > s and text[e - 1] in _TRAILING:
            e -= 1
        out.append(Indicator(s, e, text[s:e], "url"))
    for m in _EMAIL.finditer(text):
        out.append(Indicator(m.start(), m.end(), m.group(), "email"))
    for m in _HANDLE.finditer(text):
        out.append(Indicator(m.start(), m.end(), m.group(), "handle"))
    for m in _SMS.finditer(text):
        s, e = m.span("num")
        num = text[s:e].rstrip()
        e = s + len(num)
        if _digits(num) < 3 or _UNIT_AFTER.match(text, e) or _YEAR_RANGE.fullmatch(num):
            continue
        if len(num) == 4 and num[:2] in ("19", "20"):  # "text of 2012" style years
            continue
        out.append(Indicator(s, e, num, "sms_shortcode"))
    for m in _PHONE_STRONG.finditer(text):
        if 7 <= _digits(m.group()) <= 15:
            out.append(Indicator(m.start(), m.end(), m.group(), "phone"))
    for m in _PHONE_WEAK.finditer(text):
        num = m.group()
        if not 7 <= _digits(num) <= 15 or any(p.fullmatch(num) for p in (_THOUSANDS, _YEAR_RANGE, _DATE)):
            continue
        if _UNIT_AFTER.match(text, m.end()):
            continue
        if not _PHONE_CUE.search(text, max(0, m.start() - 80), m.start()):
            continue
        out.append(Indicator(m.start(), m.end(), num, "phone"))
    return out


def find_indicators(text: str) -> list[Indicator]:
    """Contact details in ``text``, in text order, without overlaps.

    Example:
        >>> [i.kind for i in find_indicators("Call +1 860-486-6723 or mail a@b.org")]
        ['phone', 'email']
    """
    chosen: list[Indicator] = []
    taken: list[tuple[int, int]] = []
    rank = {k: i for i, k in enumerate(_PRIORITY)}
    # Higher-priority kinds first, longer spans first within a kind.
    for ind in sorted(_candidates(text), key=lambda i: (rank[i.kind], i.start - i.end, i.start)):
        if any(ind.start < e and s < ind.end for s, e in taken):
            continue
        chosen.append(ind)
        taken.append((ind.start, ind.end))
    return sorted(chosen, key=lambda i: i.start)
