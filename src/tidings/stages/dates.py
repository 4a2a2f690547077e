"""Date expressions, resolved against the publication date.

Rules (``p`` is the publication date; a week runs Monday to Sunday):

- explicit dates: "March 4, 2025", "4 March 2025", "2025-03-04" (day);
  "March 2025" (month); "2009" (year), "the 1990s" (the ten years). Without
  a year ("4 March", "Apr. 05") the year is the one that puts the day
  closest to ``p``; such dates count as relative. Numeric forms like
  "04/03/2025" are skipped: day and month order is unknowable.
- weekdays: "Monday", "on Thursday night" -> the latest such day on or
  before ``p``; "last Monday" -> strictly before ``p``; "next Monday",
  "this coming Monday" -> strictly after; a future tense ("will meet on
  Monday", "is due to ... Monday") -> on or after ``p``.
- "today", "tonight", "this morning" -> ``p``; "yesterday", "last night" ->
  ``p`` - 1; "tomorrow" -> ``p`` + 1; "the weekend" -> Saturday and Sunday
  (precision day, a two-day range).
- "last/this/next week|month|year"; "earlier this week|month|year" (from
  the start of the period to ``p``); "later this ..." (from ``p`` to its end);
  "the past week|month|year" (the period up to ``p``).
- months: "in July", "since July", "early July" -> the latest July that
  began on or before ``p``; "last July" -> the latest July that ended
  before ``p``; "next July" -> the first that begins after ``p``; a future
  tense -> the first July that has not ended. A bare month name needs a
  preposition or modifier before it ("in", "since", "last"...), so that
  "May" the verb is not a date.
- seasons, northern hemisphere, meteorological: spring is March-May,
  summer June-August, autumn/fall September-November, winter December to
  February (the winter of 2011 starts in December 2011). "this summer" is
  the summer containing ``p``, else the nearer one (the next one under a
  future tense); "last winter" the latest that ended before ``p``; "next
  spring" the first that begins after ``p``; "summer 2011" is absolute. A
  bare "the summer" is not resolved. Southern-hemisphere sources get
  northern seasons: a known limitation.
- ranges: "in recent days|weeks|months|years" (7 days, 4 weeks, 3 months,
  3 years up to ``p``); "the past few months", "the last three weeks" (few
  = 3, several = 5); "two weeks ago" (the week, month or year so far back).

Not dates: counts, percentages, magnitudes, phone numbers, durations
("five-day conference", "for three days"). When ``published`` is None,
relative expressions are returned with their precision and no value.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from tidings.records import DateMention
from tidings.stages import docview

VERSION = "1"

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_ABBREVIATIONS = frozenset(m for m in _MONTHS if len(m) <= 4 and m not in ("may", "june", "july"))
_FULL_MONTHS = [m for m in _MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_NUMBERS = {
    "a few": 3, "a couple of": 2, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "few": 3,
    "several": 5, "couple of": 2,
}  # fmt: skip
# Entities whose text is a name, not a date: "The Sunday Times", "March 14 Alliance".
_NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "FAC", "PRODUCT", "EVENT", "LAW"})
_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "wo"})
_FUTURE_GOVERNORS = frozenset({"go", "plan", "schedule", "set", "due", "expect", "intend", "slate"})
_TEMPORAL = frozenset({"in", "since", "during", "until", "by", "before", "after", "from", "through"})
_COUNT_WORDS = frozenset({"about", "some", "nearly", "almost", "around", "than", "over", "least", "roughly"})

_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_FMON = r"(?P<mon>" + "|".join(_FULL_MONTHS) + r")"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)"
_WD = r"(?:(?:" + "|".join(_WEEKDAYS) + r"),?\s+)?"
_NUM = r"(?P<n>\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + ")"
_END = r"(?![\w%:/]|[.,]\d)"
_I = re.IGNORECASE


def _month_range(y: int, m: int) -> tuple[date, date]:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _week(d: date) -> tuple[date, date]:
    start = d - timedelta(days=d.weekday())
    return start, start + timedelta(days=6)


def _season(y: int, first_month: int) -> tuple[date, date]:
    start = date(y, first_month, 1)
    return start, _add_months(start, 3) - timedelta(days=1)


class _Ctx:
    """What the handlers need: the text, the parse and the publication date."""

    def __init__(self, doc: Any, published: date | None) -> None:
        self.doc = doc
        self.text: str = docview.text(doc)
        # Without a publication date, relative expressions are still resolved (against
        # an arbitrary day) to find their precision; ``find_dates`` drops their values.
        self.p = published or date(2000, 1, 3)
        self.known = published is not None
        self.starts = docview.token_starts(doc)

    def token_at(self, char: int) -> Any:
        return self.doc[max(0, bisect.bisect_right(self.starts, char) - 1)]

    def tokens(self, start: int, end: int) -> Any:
        first = self.token_at(start).i
        return self.doc[first : max(first + 1, bisect.bisect_left(self.starts, end))]

    def future(self, start: int) -> bool:
        """Whether the clause holding the token at ``start`` is in a future tense."""
        tok = self.token_at(start)
        for _ in range(4):
            if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
                break
            tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            return False
        for child in tok.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in _FUTURE_AUX:
                return True
        gov = tok.head
        return tok.dep_ == "xcomp" and (gov.lemma_ in _FUTURE_GOVERNORS or gov.lower_ in _FUTURE_GOVERNORS)


Result = tuple[date, date, str, bool] | None
Handler = Callable[[re.Match[str], _Ctx], Result]


def _g(m: re.Match[str], name: str) -> str | None:
    """A named group's text, or None when the pattern has no such group."""
    return m.groupdict().get(name)


def _explicit(m: re.Match[str], c: _Ctx) -> Result:
    g = m.groupdict()
    month = int(g["m"]) if g.get("m") else _MONTHS[g["mon"].lower()]
    day = int(g["d"])
    if g.get("y"):
        try:
            d = date(int(g["y"]), month, day)
        except ValueError:
            return None
        return d, d, "day", False
    if not 1 <= day <= 31:
        return None
    years = [y for y in (c.p.year - 1, c.p.year, c.p.year + 1) if day <= calendar.monthrange(y, month)[1]]
    if not years:
        return None  # 30 February
    d = min((date(y, month, day) for y in years), key=lambda x: abs((x - c.p).days))
    return d, d, "day", True


def _month_year(m: re.Match[str], c: _Ctx) -> Result:
    start, end = _month_range(int(m["y"]), _MONTHS[m["mon"].lower()])
    part = (m["part"] or "").lower()
    if part:
        start, end = _part(start, end, part)
    return start, end, "month", False


def _part(start: date, end: date, part: str) -> tuple[date, date]:
    if part == "early":
        return start, start.replace(day=10)
    if part == "mid":
        return start.replace(day=11), start.replace(day=20)
    return start.replace(day=21), end


def _month(m: re.Match[str], c: _Ctx) -> Result:
    tok = c.token_at(m.start("mon"))
    if tok.tag_ == "MD" or not m["mon"][0].isupper():
        return None
    month = _MONTHS[m["mon"].lower()]
    mod = (m["mod"] or "").lower()
    ranges = [_month_range(c.p.year + k, month) for k in (-1, 0, 1)]
    if mod == "last":
        start, end = next(r for r in reversed(ranges) if r[1] < c.p)
    elif mod == "next":
        start, end = next(r for r in ranges if r[0] > c.p)
    elif mod == "this":
        start, end = ranges[1]
    elif c.future(m.start("mon")):
        start, end = next(r for r in ranges if r[1] >= c.p)
    else:
        start, end = next(r for r in reversed(ranges) if r[0] <= c.p)
    if m["part"]:
        start, end = _part(start, end, m["part"].lower())
    return start, end, "month", True


def _weekday(m: re.Match[str], c: _Ctx) -> Result:
    if not m["wd"][0].isupper():
        return None
    wd = _WEEKDAYS.index(m["wd"].lower())
    mod = " ".join((m["mod"] or "").lower().split())
    back = (c.p.weekday() - wd) % 7
    ahead = (wd - c.p.weekday()) % 7
    if mod == "last":
        d = c.p - timedelta(days=back or 7)
    elif mod in ("next", "coming", "this coming"):
        d = c.p + timedelta(days=ahead or 7)
    elif c.future(m.start("wd")):
        d = c.p + timedelta(days=ahead)
    else:
        d = c.p - timedelta(days=back)
    return d, d, "day", True


def _deictic(m: re.Match[str], c: _Ctx) -> Result:
    word = " ".join(m[0].lower().split())
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2}.get(word, 0)
    d = c.p + timedelta(days=offset)
    return d, d, "day", True


def _weekend(m: re.Match[str], c: _Ctx) -> Result:
    mod = (_g(m, "mod") or "").lower()
    wd = c.p.weekday()
    if wd >= 5:  # published on a weekend: "this weekend" is this one
        current = c.p - timedelta(days=wd - 5)
        sat = {"last": current - timedelta(days=7), "next": current + timedelta(days=7)}.get(mod, current)
    else:
        upcoming = c.p + timedelta(days=5 - wd)
        previous = upcoming - timedelta(days=7)
        future = mod in ("next", "this") or (mod != "last" and c.future(m.start()))
        sat = upcoming if future else previous
    return sat, sat + timedelta(days=1), "day", True


def _period(m: re.Match[str], c: _Ctx) -> Result:
    mod = " ".join(m["mod"].lower().split())
    unit = m["unit"].lower()
    p = c.p
    step = {"last": -1, "next": 1}.get(mod, 0)
    if unit == "week":
        start, end = _week(p + timedelta(weeks=step))
    elif unit == "month":
        start, end = _month_range(_add_months(p, step).year, _add_months(p, step).month)
    else:
        start, end = date(p.year + step, 1, 1), date(p.year + step, 12, 31)
    if mod in ("the past", "the last", "past", "this past", "the previous"):
        back = {"week": p - timedelta(days=7), "month": _add_months(p, -1), "year": _add_months(p, -12)}
        start = back[unit]
        end = p
    elif mod == "earlier this":
        end = p
    elif mod == "later this":
        start = p
    return start, end, unit, True


def _span_back(m: re.Match[str], c: _Ctx) -> Result:
    """Ranges up to ``p``: "in recent weeks", "the past few months", "the last three days"."""
    unit = m["unit"].lower()
    n = 0 if not m.groupdict().get("n") else int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
    if not n:  # "recent"
        n = {"day": 7, "week": 4, "month": 3, "year": 3}[unit]
    if unit in ("day", "week"):
        start = c.p - timedelta(days=n * (1 if unit == "day" else 7))
    else:
        start = _add_months(c.p, -n * (1 if unit == "month" else 12))
    return start, c.p, unit, True


def _ago(m: re.Match[str], c: _Ctx) -> Result:
    unit = m["unit"].lower()
    n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[m["n"].lower()]
    if unit == "day":
        d = c.p - timedelta(days=n)
        return d, d, "day", True
    if unit == "week":
        return (*_week(c.p - timedelta(weeks=n)), "week", True)
    if unit == "month":
        back = _add_months(c.p, -n)
        return (*_month_range(back.year, back.month), "month", True)
    return date(c.p.year - n, 1, 1), date(c.p.year - n, 12, 31), "year", True


def _season_mention(m: re.Match[str], c: _Ctx) -> Result:
    first = _SEASONS[m["season"].lower()]
    if m["y"]:
        return (*_season(int(m["y"]), first), "season", False)
    p = c.p
    mod = " ".join((_g(m, "mod") or "").lower().split())
    options = [_season(p.year + k, first) for k in (-2, -1, 0, 1)]
    if mod in ("last", "past", "this past"):
        start, end = next(r for r in reversed(options) if r[1] < p)
    elif mod in ("next", "coming", "this coming"):
        start, end = next(r for r in options if r[0] > p)
    else:
        current = [r for r in options if r[0] <= p <= r[1]]
        if current:
            start, end = current[0]
        else:
            past = next(r for r in reversed(options) if r[1] < p)
            upcoming = next(r for r in options if r[0] > p)
            future = c.future(m.start()) or (upcoming[0] - p) < (p - past[1])
            start, end = upcoming if future else past
    return start, end, "season", True


def _year(m: re.Match[str], c: _Ctx) -> Result:
    y = int(m["y"])
    tok = c.token_at(m.start("y"))
    prev = c.doc[tok.i - 1] if tok.i > 0 else None
    nxt = c.doc[tok.i + 1] if tok.i + 1 < len(c.doc) else None
    if prev is not None and (prev.lower_ in _COUNT_WORDS or prev.text in ("$", "€", "£", "#", "No.")):
        return None
    if m["s"]:
        return date(y, 1, 1), date(y + 9, 12, 31), "year", False
    if nxt is not None and nxt.tag_ == "NNS" and (prev is None or prev.lower_ not in _TEMPORAL):
        return None  # "with 2000 troops": a count (but "in 2009 elections were held" is a year)
    if c.known and y > c.p.year + 30:
        return None
    return date(y, 1, 1), date(y, 12, 31), "year", False


_WEEKDAY_RE = "|".join(_WEEKDAYS)
_SEASON_RE = "|".join(_SEASONS)
_PERIOD_MODS = r"earlier this|later this|this past|the past|the last|the previous|last|this|next|past"
_SEASON_MODS = r"this past|this coming|this|last|next|past|coming"
_MONTH_PREPS = r"in|since|by|until|till|through|throughout|during|from|before|after|of|between"

# fmt: off
_PATTERNS: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"(?<![\w/.-])" + _YEAR + r"-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-]|\.\d)"), _explicit),
    (re.compile(r"\b" + _WD + _MON + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR + r")?" + _END, _I), _explicit),
    (re.compile(r"\b" + _WD + _DAY + r"\s+(?:of\s+)?" + _MON + r"(?:,?\s+" + _YEAR + r")?" + _END, _I),
     _explicit),
    (re.compile(r"\b(?:(?P<part>early|mid|late)[- ])?" + _MON + r",?\s+" + _YEAR + _END, _I), _month_year),
    (re.compile(r"(?:\b(?P<mod>last|this|next)\s+|\b(?P<part>early|mid|late)[- ]|\b(?:" + _MONTH_PREPS
                + r")\s+)" + _FMON + r"\b(?!\s+\d)", _I), _month),
    (re.compile(r"\b(?:(?P<mod>last|next|this coming|this|coming)\s+)?(?P<wd>" + _WEEKDAY_RE
                + r")\b(?:\s+(?:morning|afternoon|evening|night))?", _I), _weekday),
    (re.compile(r"\b(?:the day before yesterday|yesterday|today|tonight|tomorrow|last night|"
                r"this (?:morning|afternoon|evening))\b", _I), _deictic),
    (re.compile(r"\b(?:(?P<mod>this|last|next)|the)\s+weekend\b", _I), _weekend),
    (re.compile(r"\b(?P<mod>" + _PERIOD_MODS + r")\s+(?P<unit>week|month|year)\b(?!\s+of\b)", _I), _period),
    (re.compile(r"\brecent\s+(?P<unit>day|week|month|year)s\b", _I), _span_back),
    (re.compile(r"\bthe\s+(?:past|last|previous)\s+" + _NUM + r"\s+(?P<unit>day|week|month|year)s\b", _I),
     _span_back),
    (re.compile(r"\b" + _NUM + r"\s+(?P<unit>day|week|month|year)s?\s+ago\b", _I), _ago),
    (re.compile(r"\b(?P<mod>" + _SEASON_MODS + r")\s+(?P<season>" + _SEASON_RE + r")\b(?:\s+(?:of\s+)?"
                + _YEAR + _END + r")?", _I), _season_mention),
    (re.compile(r"\b(?:the\s+)?(?P<season>" + _SEASON_RE + r")\s+(?:of\s+)?" + _YEAR + _END, _I),
     _season_mention),
    (re.compile(r"(?<![\w$€£#.,/:-])" + _YEAR + r"(?P<s>s)?(?![\w%/:-]|[.,]\d|\s\d)"), _year),
]
# fmt: on


def find_dates(
    doc: Any, published: date | None, *, blocked: Sequence[tuple[int, int]] = ()
) -> list[DateMention]:
    """Date expressions in ``doc``, in text order, resolved against ``published``.

    Example:
        >>> doc = nlp.parse("Rebels attacked the base on Thursday.")  # doctest: +SKIP
        >>> find_dates(doc, date(2012, 8, 27))[0].value  # doctest: +SKIP
        '2012-08-23'
    """
    ctx = _Ctx(doc, published)
    text = ctx.text
    found: list[tuple[int, int, Handler, re.Match[str]]] = []
    for pattern, handler in _PATTERNS:
        for m in pattern.finditer(text):
            start = m.start()
            if handler is _month and m["mod"] is None and m["part"] is None:
                start = m.start("mon")  # "in July": the expression is "July"
            end = m.end()
            if text[end - 1] == "." and _g(m, "mon") and m["mon"].lower() not in _ABBREVIATIONS:
                end -= 1  # "until 12 August.": the full stop ends the sentence ("Apr." keeps its own)
            found.append((start, end, handler, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[DateMention] = []
    last_end = -1
    for start, end, handler, m in found:
        if start < last_end or any(s < end and start < e for s, e in blocked):
            continue
        if any(t.ent_type_ in _NAME_LABELS for t in ctx.tokens(start, end)):
            continue
        result = handler(m, ctx)
        if result is None:
            continue
        value, until, precision, relative = result
        iso = (
            (value.isoformat(), until.isoformat()) if published is not None or not relative else (None, None)
        )
        out.append(DateMention(start, end, text[start:end], iso[0], iso[1], precision, relative))
        last_end = end
    return out
