"""Counts tied to what they count: "at least three people killed".

A count is a run of number tokens ("48", "1,200", "forty-two", "two
dozen", "1.5 million"), a range ("10 to 15", "10-15", "between 10 and 15")
or a vague amount, with the qualifier before it ("at least", "more than",
"about"...). The dependency parse gives the counted noun (the noun the
number modifies, or Y in "hundreds of Y" / "four of the Y") and the
governing word for the category:

- ``killed``: kill, die, execute, behead, massacre, "shot dead", "death
  toll rose to 12", "17 dead", nouns dead/deaths/bodies/fatalities;
- ``injured``: injure, wound, hurt, maim, "40 wounded";
- ``detained``: kidnap, abduct, arrest, detain, capture, jail, "held
  hostage"; nouns hostages, prisoners, detainees, captives;
- ``displaced``: flee, displace, evacuate; refugees, evacuees;
- ``deployed``: troops, soldiers, fighters, police, tanks, protesters
  (crowd sizes)... whether or not a verb is seen; and people, members,
  volunteers, advisers... when sent, deployed, dispatched or mobilised;
- ``other``: anything else that counts a noun ("two Iranian newspapers").

A verb decides before the noun: "four soldiers were killed" is killed, not
deployed. The subject of an active verb is not its victim: in "gunmen
killed two", the gunmen are not counted as killed. "casualties" stays
``other`` (it mixes dead and wounded).

Vague amounts (``vague=True``, ``low``..``high``): several 3-9, a few and a
handful 2-5, dozens 24-99, scores 40-99, hundreds 200-999, thousands
2,000-9,999, tens of thousands 20,000-99,999, hundreds of thousands
200,000-999,999, millions 2-9.99 million; "several hundred" 300-900 and
"a few thousand" 2,000-5,000 (the multiplier scales the range). Qualifiers:
"at least", "more than", "over"... keep ``low`` and set ``high`` None; "up
to", "as many as", "fewer than"... set ``low`` None and keep ``high``;
"about", "some", "nearly"... keep both (the qualifier says how exact).

Skipped: years, dates and times, percentages, fractions, magnitudes and
decimals ("5.9-magnitude"), durations and ages ("five-day", "17-year-old"),
measures, money (not counts of people or things: out of scope), phone-like
digit strings, ordinals, numbers in names ("Flight 17", "Resolution
2254"), "one of the ...", and bare numbers that count no noun and have no
category.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tidings.records import Quantity
from tidings.stages import docview

VERSION = "1"

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
          "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}  # fmt: skip
_MULT = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {"dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
          "millions": (2_000_000, 9_999_999), "tens": (20, 99)}  # fmt: skip
_VAGUE_DET = {"several": (3, 9), "few": (2, 5), "handful": (2, 5)}
_LOWER = {"at least", "more than", "over", "upwards of", "no fewer than", "no less than", "just over"}
_UPPER = {"up to", "as many as", "fewer than", "less than", "under", "at most", "no more than", "just under"}
_APPROX = {"about", "around", "some", "nearly", "almost", "approximately", "roughly", "an estimated",
           "estimated", "close to", "approx.", "up to about"}  # fmt: skip
_QUALIFIERS = sorted(_LOWER | _UPPER | _APPROX, key=lambda q: -len(q.split()))

_KILL = {"kill", "slay", "execute", "behead", "massacre", "murder", "assassinate", "die", "perish", "lynch"}
_INJURE = {"injure", "wound", "hurt", "maim"}
_DETAIN = {"kidnap", "abduct", "arrest", "detain", "capture", "jail", "imprison", "seize", "round"}
_DISPLACE = {"flee", "displace", "evacuate", "uproot"}
_DEPLOY = {"send", "deploy", "dispatch", "station", "mobilize", "mobilise", "amass", "mass", "redeploy",
           "gather", "rally", "march", "protest", "demonstrate"}  # fmt: skip
# People that are sent somewhere: with send/deploy/dispatch they make the count "deployed".
_PEOPLE = {"people", "person", "man", "member", "volunteer", "officer", "adviser", "advisor", "expert",
           "instructor", "trainer", "guard", "agent", "recruit", "unit", "battalion", "brigade"}  # fmt: skip
_SUBJECT_OK = {"die", "perish", "flee", "displace", "gather", "rally", "march", "protest", "demonstrate"}
_VERBS = [("killed", _KILL), ("injured", _INJURE), ("detained", _DETAIN), ("displaced", _DISPLACE)]
_NOUNS = {
    "killed": {"dead", "death", "body", "fatality", "corpse", "life", "killing", "massacre", "execution"},
    "injured": {"injured", "wounded", "injury"},
    "detained": {"hostage", "prisoner", "detainee", "captive", "abductee", "arrest", "kidnapping",
                 "abduction"},
    "displaced": {"refugee", "evacuee", "displaced", "displacement", "evacuation"},
    "deployed": {"troop", "soldier", "fighter", "militant", "commander", "personnel", "marine", "paratrooper",
                 "policeman", "police", "guardsman", "reservist", "volunteer", "mercenary", "militiaman",
                 "protester", "protestor", "demonstrator", "marcher", "rioter", "tank", "warship",
                 "deployment"},
}  # fmt: skip
_AFTER = {"dead": "killed", "killed": "killed", "wounded": "injured", "injured": "injured", "hurt": "injured",
          "detained": "detained", "arrested": "detained", "kidnapped": "detained", "abducted": "detained",
          "displaced": "displaced", "fled": "displaced"}  # fmt: skip
# Counted nouns that make the number a measure, a time, an amount of money or a fraction.
_NOT_COUNTS = {
    "second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "night", "am", "pm",
    "a.m.", "p.m.", "percent", "%", "pct", "magnitude", "km", "kilometre", "kilometer", "mile", "metre",
    "meter", "foot", "feet", "inch", "ton", "tonne", "kg", "kilogram", "gram", "pound", "litre", "liter",
    "gallon", "barrel", "acre", "hectare", "degree", "dollar", "euro", "rial", "riyal", "dinar", "lira",
    "rouble", "ruble", "yuan", "rupee", "shekel", "yen", "cent", "half", "third", "quarter", "fifth",
    "point", "vote", "seat", "o'clock", "gmt", "utc", "bn", "m", "mln",
}  # fmt: skip
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
           "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
           "sunday"}  # fmt: skip
_SKIP_ENTS = {"MONEY", "PERCENT", "TIME", "ORDINAL"}
_CURRENCY = {"$", "€", "£", "¥", "us$", "usd", "eur", "rs", "rs."}
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")


def _number(tok: Any) -> bool:
    t = tok.lower_
    return bool(_DIGITS.fullmatch(t)) or t in _UNITS or t in _MULT or _hyphen_word(t) is not None


def _hyphen_word(t: str) -> int | None:
    parts = t.split("-")
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return _UNITS[parts[0]] + _UNITS[parts[1]]
    return None


def _value(words: list[str]) -> float | None:
    """Value of number tokens: ["forty", "two"], ["1.5", "million"], ["two", "dozen"]."""
    total, current = 0.0, 0.0
    for w in words:
        if w in ("-", "and", "a", "an"):
            current = current or (1.0 if w in ("a", "an") else current)
            continue
        if _DIGITS.fullmatch(w):
            current += float(w.replace(",", ""))
        elif w in _UNITS:
            current += _UNITS[w]
        elif (hw := _hyphen_word(w)) is not None:
            current += hw
        elif w in _MULT:
            current = (current or 1.0) * _MULT[w]
            if _MULT[w] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return total + current


def find_quantities(doc: Any, *, blocked: Sequence[tuple[int, int]] = ()) -> list[Quantity]:
    """Counts in ``doc`` with what they count and a category, in text order.

    Example:
        >>> doc = nlp.parse("The blast killed at least three people.")  # doctest: +SKIP
        >>> q = find_quantities(doc)[0]  # doctest: +SKIP
        >>> (q.text, q.low, q.high, q.qualifier, q.category, q.noun)  # doctest: +SKIP
        ('at least three people', 3.0, None, 'at least', 'killed', 'people')
    """
    text = docview.text(doc)
    out: list[Quantity] = []
    i, n = 0, len(doc)
    while i < n:
        core = _core(doc, i)
        if core is None:
            i += 1
            continue
        i = core[1]
        q = _quantity(doc, text, core, blocked)
        if q is not None:
            out.append(q)
    return out


def _core(doc: Any, i: int) -> tuple[int, int, float, float, bool] | None:
    """The count starting at token ``i``: (start, end, low, high, vague) or None."""
    tok, n = doc[i], len(doc)
    w = tok.lower_
    nxt = doc[i + 1].lower_ if i + 1 < n else ""
    if w in _VAGUE and (w not in ("scores", "tens") or nxt == "of"):
        lo, hi = _VAGUE[w]
        if nxt == "of" and i + 2 < n and doc[i + 2].lower_ in ("thousands", "millions"):
            scale = 1000 if doc[i + 2].lower_ == "thousands" else 1_000_000
            return i, i + 3, lo * scale, hi * scale + scale - 1, True
        return (i, i + 1, lo, hi, True) if w != "tens" else None
    if w in _VAGUE_DET or (w == "a" and nxt in ("few", "handful")):
        j = i + 1 if w == "a" else i
        lo, hi = _VAGUE_DET[doc[j].lower_]
        if j + 1 < n and doc[j + 1].lower_ in _MULT:
            m = _MULT[doc[j + 1].lower_]
            return i, j + 2, lo * m, hi * m, True
        if doc[j].lower_ == "handful" and j + 1 < n and doc[j + 1].lower_ == "of":
            return i, j + 1, lo, hi, True
        return (i, j + 1, lo, hi, True) if doc[j].head.tag_ == "NNS" else None
    if not (_number(tok) or (w in ("a", "an") and nxt in _MULT)):
        return None
    j = i + 1
    while j < n and (
        (_number(doc[j]) and not (doc[j].text[0].isdigit() and doc[j - 1].text[0].isdigit()))
        or (doc[j].text == "-" and j + 1 < n and doc[j + 1].lower_ in _UNITS and w in _UNITS)
    ):
        j += 1  # "forty - two", "1.5 million", "two dozen"; never two digit groups ("2617201 0251")
    words = [t.lower_ for t in doc[i:j]]
    if any("." in x for x in words) and not any(x in _MULT for x in words):
        return None  # a decimal without "million": a measure ("5.9")
    value = _value(words)
    if value is None:
        return None
    prev = doc[i - 1].lower_ if i > 0 else ""
    joiner = doc[j].lower_ if j < n else ""
    ranged = joiner in ("to", "-", "–", "or") or (joiner == "and" and prev == "between")
    if ranged and j + 1 < n and _number(doc[j + 1]):
        k = j + 1
        while k < n and _number(doc[k]):
            k += 1
        upper = _value([t.lower_ for t in doc[j + 1 : k]])
        if upper is not None and upper > value:
            return i, k, value, upper, False
    return i, j, value, value, False


def _qualifier(doc: Any, i: int) -> tuple[str | None, int]:
    """The qualifier ending just before token ``i`` and the index where it starts."""
    for q in _QUALIFIERS:
        words = q.split()
        k = i - len(words)
        if k >= 0 and [t.lower_ for t in doc[k:i]] == words:
            return q, k
    if i > 0 and doc[i - 1].lower_ == "between":
        return None, i - 1
    return None, i


def _quantity(
    doc: Any, text: str, found: tuple[int, int, float, float, bool], blocked: Sequence[tuple[int, int]]
) -> Quantity | None:
    a, b, low, high, vague = found
    first, last = doc[a], doc[b - 1]
    start, end = first.idx, last.idx + len(last.text)
    if any(s < end and start < e for s, e in blocked):
        return None
    if _not_a_count(doc, a, b):
        return None
    core = set(range(a, b))
    # The token that links the count to the sentence: "dozen" in "a dozen fighters", "hundred" in
    # "several hundred were detained", "10" in "between 10 and 15 people".
    top = next((t for t in reversed(doc[a:b]) if t.head.i not in core or t.head is t), last)
    if first.lower_ == "one" and b == a + 1 and any(c.lower_ == "of" for c in top.children):
        return None  # "one of the men"
    noun = _noun(top, core)
    if noun is not None and noun.i < a:
        return None  # "Flight 17", "March 4", "Resolution 2254"
    if noun is not None and (_lemma(noun) in _NOT_COUNTS or noun.lower_ in _NOT_COUNTS):
        return None
    if noun is not None and noun.lower_ in _MONTHS:
        return None
    year_like = b == a + 1 and re.fullmatch(r"1[89]\d\d|20\d\d", first.text) is not None
    if year_like and (noun is None or noun.tag_ != "NNS" or first.ent_type_ == "DATE"):
        return None
    category = _category(doc, top, noun, b)
    if noun is None and category == "other":
        return None
    qualifier, qstart = _qualifier(doc, a)
    low_out: float | None = float(low)
    high_out: float | None = float(high)
    if qualifier in _LOWER:
        high_out = None
    elif qualifier in _UPPER:
        low_out = None
    start = doc[qstart].idx
    if noun is not None and 0 < noun.i - (b - 1) <= 8:
        end = noun.idx + len(noun.text)
    return Quantity(
        start, end, text[start:end], low_out, high_out, vague, qualifier, category,
        noun.text if noun is not None else None,
    )  # fmt: skip


def _not_a_count(doc: Any, a: int, b: int) -> bool:
    n = len(doc)
    first, last = doc[a], doc[b - 1]
    if any(t.ent_type_ in _SKIP_ENTS for t in doc[a:b]):
        return True
    prev = doc[a - 1] if a > 0 else None
    nxt = doc[b] if b < n else None
    if prev is not None and (
        prev.lower_ in _CURRENCY or prev.lower_ in _MONTHS or prev.lower_ == "magnitude"
    ):
        return True
    if nxt is not None and (nxt.lower_ in _MONTHS or nxt.text in ("%", ":")):
        return True
    if nxt is not None and nxt.text in ("-", "–") and b + 1 < n and doc[b + 1].lower_ in _NOT_COUNTS:
        return True  # "five-day", "5.9-magnitude", "17-year-old"
    if nxt is not None and nxt.lower_ in ("per", "percent", "pc") and b + 1 <= n:
        return True
    for t in (first, last):
        digits = t.text.replace(",", "")
        if digits.isdigit() and (
            (len(digits) >= 7 and "," not in t.text) or (len(digits) > 1 and digits[0] == "0")
        ):
            return True  # a phone number or code, not a count written with separators
        if re.fullmatch(r"\d+(?:st|nd|rd|th)", t.lower_):
            return True
    # digit groups separated by spaces: "2617201 0251"
    return any(t is not None and t.text.isdigit() and first.text.isdigit() for t in (prev, nxt))


def _lemma(tok: Any) -> str:
    """Lower-case lemma; title-case plurals ("Elite Soldiers") are parsed as proper nouns."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "PROPN" and lemma.endswith("s") and not lemma.endswith("ss"):
        return lemma[:-1]
    return lemma


def _noun(top: Any, core: set[int]) -> Any:
    """The counted noun: the head of a nummod, or Y in "hundreds of Y"/"four of the Y"."""
    for child in top.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN", "PRON"):
                    return pobj
    head = top.head
    if (
        top.dep_ in ("nummod", "quantmod", "amod", "compound")
        and head.i not in core
        and head.pos_ in ("NOUN", "PROPN")
    ):
        return head
    if head.i not in core and head.pos_ == "NOUN" and head.lower_ in ("%", "percent"):
        return head
    return None


def _verb_category(verb: Any, role: str, noun: Any) -> str | None:
    lemma = verb.lemma_.lower()
    if role == "toll":
        return _toll(verb)
    passive = any(c.dep_ == "auxpass" for c in verb.children) or verb.tag_ == "VBN"
    if role == "nsubj" and not passive and lemma not in _SUBJECT_OK:
        return None
    for category, lemmas in _VERBS:
        if lemma in lemmas:
            if lemma == "round" and not any(c.lower_ == "up" for c in verb.children):
                return None
            return category
    if lemma == "shoot" and any(c.lower_ == "dead" for c in verb.children):
        return "killed"
    if lemma in ("hold", "take") and any(c.lemma_.lower() in ("hostage", "captive") for c in verb.children):
        return "detained"
    if lemma in _DEPLOY and noun is not None and _lemma(noun) in _NOUNS["deployed"] | _PEOPLE:
        return "deployed"
    return _toll(verb)


def _toll(verb: Any) -> str | None:
    """ "The death toll rose to 12", "bringing the toll to 12": killed (injured for an injury toll)."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() == "toll":
            return "injured" if any(x.lemma_.lower() == "injury" for x in c.children) else "killed"
    return None


def _category(doc: Any, top: Any, noun: Any, b: int) -> str:
    anchor = noun if noun is not None else top
    if noun is None and b < len(doc) and doc[b].lower_ in _AFTER:  # "17 dead", "40 wounded"
        return _AFTER[doc[b].lower_]
    if top.head.lower_ in _AFTER and top.dep_ == "nummod":
        return _AFTER[top.head.lower_]
    for child in anchor.children:  # "hostages kidnapped by", "people who were killed", "wounded soldiers"
        if child.dep_ in ("acl", "relcl", "amod") and child.pos_ in ("VERB", "ADJ"):
            if child.lower_ in _AFTER:
                return _AFTER[child.lower_]
            found = _verb_category(child, "acl", noun)
            if found:
                return found
    # The noun carries the clause role when the number modifies it ("killed four members");
    # the number does when the noun hangs below it ("sending hundreds of soldiers").
    found = _climb(noun if noun is not None and top.head is noun else top, noun)
    if found:
        return found
    lemma = _lemma(noun) if noun is not None else ""
    for category in ("killed", "injured", "detained", "displaced", "deployed"):
        if lemma in _NOUNS[category] or (noun is not None and noun.lower_ in _NOUNS[category]):
            return category
    return "other"


def _climb(tok: Any, noun: Any) -> str | None:
    """Category from the words governing ``tok``: its verb, or an event noun."""
    cur = tok
    for _ in range(5):
        dep, head = cur.dep_, cur.head
        if head is cur:
            return None
        if dep in ("conj", "appos", "nummod", "quantmod", "compound"):
            cur = head
            continue
        if dep == "pobj":
            prep = head
            gov = prep.head
            if prep.lower_ == "of" and gov.pos_ == "NOUN":
                lemma = gov.lemma_.lower()
                return next((c for c, nouns in _NOUNS.items() if c != "deployed" and lemma in nouns), None)
            if prep.lower_ in ("to", "at") and gov.pos_ in ("VERB", "AUX"):
                return _toll(gov)
            return None
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return _verb_category(head, dep, noun)
        return None
    return None
