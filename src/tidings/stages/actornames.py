"""People and organizations for actor resolution (``tidings.stages.actors``).

Shared state of the resolver (``_Base``: tokens, dictionary matches, claimed
tokens, the actors found) and the steps that deal with names: people with
their titles, appositions and surnames, and organizations spaCy finds that
the dictionary may not know. Split from ``actors.py`` only to keep modules
short; nothing here is public.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from tidings.records import Actor
from tidings.stages.actordict import ActorDictionary, Entry, slug, token_key
from tidings.stages.actordict import translit_key as tkey

#: Dependencies that keep a token inside the noun phrase it modifies.
CHAIN_DEPS = frozenset({"compound", "amod", "poss", "case", "nmod", "nummod", "punct", "quantmod", "advmod"})
FUZZY_CUTOFF = 88.0  # rapidfuzz ratio (0-100) on transliteration keys; below this, names differ


@dataclass
class _Cand:
    """A mention being built, over tokens ``[start, end)``."""

    start: int
    end: int
    method: str
    score: float
    actor: str | None = None  # resolved actor id
    code: str | None = None  # country, when the actor is built here
    sector: str | None = None
    pending: str = ""  # no country yet: "role" takes the dominant country, "weak" stays unknown
    head: str = ""  # last word, for definite references ("the corps")
    explicit: bool = True  # the country came from the phrase itself


@dataclass
class _Person:
    name: str
    actor: str | None = None  # dictionary id
    role: str | None = None
    sector: str | None = None
    code: str | None = None


@dataclass(eq=False)
class _Match:
    start: int
    end: int
    entries: list[Entry]

    @property
    def kind(self) -> str:
        return self.entries[0].kind

    @property
    def entry(self) -> Entry:
        return self.entries[0]


class _Base:
    """The resolver's state and the helpers every step uses."""

    def __init__(self, doc: Any, d: ActorDictionary) -> None:
        self.doc, self.d = doc, d
        self.n = len(doc)
        self.keys = [token_key(t.text) if not t.is_space else "\n" for t in doc]
        self.claim: list[_Cand | None] = [None] * self.n
        self.cands: list[_Cand] = []
        self.actors: dict[str, Actor] = {}
        self.people: dict[str, _Person] = {}  # person actor id -> evidence
        self.surname_ids: dict[str, list[str]] = {}  # surname key -> person ids named in full
        self.consumed: set[int] = set()  # role/geo tokens taken into a person's title
        self.matches: list[_Match] = []
        self.at: list[_Match | None] = [None] * self.n
        self.clues: list[tuple[int, str]] = []  # (token, country code) explicit country clues
        self.office_country: dict[str, str] = {}
        # spaCy's entity labels are unreliable in Headline Case ("Iran Starts
        # Recruitment Drive" as an ORG): there only the dictionary, titles and
        # roles find actors.
        self.ents = [
            e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP") and not _headline_case(e.sent)
        ]

    def _add(self, c: _Cand) -> _Cand:
        self.cands.append(c)
        for i in range(c.start, c.end):
            self.claim[i] = c
        return c

    def _free(self, start: int, end: int) -> bool:
        return all(self.claim[i] is None for i in range(start, end))

    def _pick(self, m: _Match) -> Actor:
        """The actor a phrase names; among several, the one of the document's country."""
        ids = list(dict.fromkeys(e.target for e in m.entries if e.kind == "actor" and e.target))
        if len(ids) > 1:
            top = Counter(c for _, c in self.clues)
            ids.sort(key=lambda i: -top.get(self.d.actors[i].country or "", 0))
        return self.d.actors[ids[0]]

    def _use(self, actor: Actor) -> None:
        self.actors.setdefault(actor.id, actor)

    def _surname_country(self, tok: Any) -> str | None:
        """The country of every dictionary person whose surname ``tok`` is,
        when they share one: "Bush" is either Bush, both American, so "the
        Bush administration" is the United States' though neither is named."""
        ids = self.d.surnames.get(tkey(tok.text), [])
        countries = {self.d.actors[i].country for i in ids if i in self.d.actors}
        return countries.pop() if len(countries) == 1 and None not in countries else None

    def _modifiers(self, s: int, t: int, h: Any) -> tuple[int, int, str | None, str | None, str | None, bool]:
        """What modifies the noun phrase ``[s, t)`` headed by ``h``: (start of
        an absorbed country word, end of an absorbed "of X", country, sector
        named by a modifier, actor id of a modifying name, "former").

        Left: adjectives, compounds and possessives before the head ("Iran's
        defense", "Syrian", "Mr. Assad's"); right: "of/in/from X"."""
        absorbed, right_end, code, sector, org, eli = s, t, None, None, None, False
        i = s - 1
        while (
            i >= 0
            and self.doc[i].dep_ in CHAIN_DEPS
            and (self.doc[i].head.i > i or self.doc[i].tag_ == "POS")
        ):
            tok, mm, c = self.doc[i], self.at[i], self.claim[i]
            if c is not None:
                code = code or self._cand_country(c)
                org = org or c.actor
                i = c.start - 1
                continue
            if mm and mm.kind in ("country", "demonym", "capital"):
                code = mm.entry.target  # the leftmost wins: "Croatian Serb refugees" are Croatian
                absorbed = mm.start
            elif mm and mm.kind == "role" and mm.entry.target and not sector:
                sector = mm.entry.target
            elif tok.lower_ in self.d.modifiers and not sector:
                sector = self.d.modifiers[tok.lower_]
            elif self.d.status.get(tok.lower_) == "ELI":
                eli = True
            elif mm is None and not code and tok.pos_ == "PROPN":
                code = self._surname_country(tok)  # "the Bush administration", "Castro's government"
            i = (mm.start if mm else i) - 1
        for child in h.children:
            if child.dep_ != "prep" or child.lower_ not in ("of", "in", "from") or code:
                continue
            objs = [o for o in child.children if o.dep_ == "pobj"]
            for obj in [*objs, *(x for o in objs for x in o.children if x.dep_ in ("amod", "compound"))]:
                mm, c = self.at[obj.i], self.claim[obj.i]
                if c is not None:
                    code = self._cand_country(c)
                elif mm and mm.kind in ("country", "capital", "demonym"):
                    code = mm.entry.target
                    if child.lower_ == "of" and obj in objs:
                        right_end = max(right_end, mm.end)
                if code:
                    break
        return absorbed, right_end, code, sector, org, eli

    def _cand_country(self, c: _Cand) -> str | None:
        if c.code:
            return c.code
        if c.actor in self.people:
            return self.people[c.actor].code or (
                self.d.actors[c.actor].country if c.actor in self.d.actors else None
            )
        actor = self.actors.get(c.actor or "")
        return actor.country if actor else None


class _Names(_Base):
    """Steps 2 and 3: people and organizations."""

    # ------------------------------------------------------------ 2. people

    def _persons(self) -> None:
        anchors: list[tuple[int, int, Actor | None, str]] = []
        for m in self.matches:
            if m.kind == "actor" and self._free(m.start, m.end):
                actor = self._pick(m)
                if actor.kind == "person":
                    anchors.append((m.start, m.end, actor, "dictionary"))
        for e in self.ents:
            if e.label_ != "PERSON":
                continue
            s, t = self._trim_name(e.start, e.end)
            if t <= s or not self._free(s, t) or any(a[0] < t and s < a[1] for a in anchors):
                continue
            if self._not_a_person(s, t):
                continue
            anchors.append((s, t, None, "ner"))
        anchors.extend(self._unlabelled_names(anchors))
        anchors.sort(key=lambda a: a[0])
        # Full names first, so that a surname alone finds them wherever they are.
        for s, t, known, how in anchors:
            if t - s > 1 or known is not None:
                self._person(s, t, known, how)
        for s, t, known, how in anchors:
            if t - s == 1 and known is None:
                self._person(s, t, known, how)

    def _unlabelled_names(
        self, anchors: list[tuple[int, int, Actor | None, str]]
    ) -> list[tuple[int, int, None, str]]:
        """Names spaCy did not label, written after a title: "British militant
        Haroon Rashid Aswad". A run of capitalized proper nouns that the title
        modifies, outside any other entity, dictionary phrase or name."""
        taken = {i for a in anchors for i in range(a[0], a[1])}
        # Names after a title are often mislabelled as facilities or works
        # ("King Tenzin Wangdi" as FAC): only labels that name no person block them.
        taken |= {i for e in self.doc.ents if e.label_ not in _NAME_LIKE for i in range(e.start, e.end)}
        out = []
        for m in self.matches:
            if m.kind not in ("role", "title", "honorific") or m.end >= self.n:
                continue
            t = m.end
            while (
                t < self.n
                and self.doc[t].pos_ == "PROPN"
                and self.doc[t].text[:1].isupper()
                and self.at[t] is None
                and t not in taken
            ):
                t += 1
            last = self.doc[m.end - 1]
            if t - m.end < (1 if m.kind != "role" else 2) or last.dep_ != "compound":
                continue  # "Members Say" in a headline is no name
            if m.end <= last.head.i < t and self._free(m.end, t):
                out.append((m.end, t, None, "ner"))
        return out

    def _trim_name(self, s: int, t: int) -> tuple[int, int]:
        while s < t and (
            (self.at[s] and self.at[s].kind in ("title", "honorific", "role"))  # type: ignore[union-attr]
            or self.doc[s].pos_ in ("DET", "PUNCT")
        ):
            s = self.at[s].end if self.at[s] else s + 1  # type: ignore[union-attr]
        while t > s and (
            self.doc[t - 1].tag_ in ("POS", "PRP$") or self.doc[t - 1].is_punct or self.doc[t - 1].is_space
        ):
            t -= 1
        return s, t

    def _not_a_person(self, s: int, t: int) -> bool:
        """A name that modifies a common noun ("Saheb al-Amr unit") or is
        wholly a country or organization is not a person."""
        root = self.doc[s:t].root
        head = self.at[root.head.i]
        if root.dep_ == "compound" and root.head.pos_ == "NOUN":
            return not (
                head and head.kind in ("role", "title") and head.entry.office and not head.entry.generic
            )
        m = self.at[s]
        if m and m.kind in ("country", "capital") and s > 0 and self.at[s - 1]:
            return self.at[s - 1].kind not in ("honorific", "title")  # type: ignore[union-attr]
        return bool(m and m.start == s and m.end >= t and m.kind != "role")

    def _person(self, s: int, t: int, actor: Actor | None, how: str) -> None:
        name = self.doc[s:t].text
        key = tkey(name)
        score = 1.0 if actor is not None else 0.5
        if actor is None:
            pid, actor, how, score = self._identify(key, t - s)
        else:
            pid = actor.id
            doc_ids = self.surname_ids.get(key, []) if t - s == 1 else []
            if doc_ids and actor.id not in doc_ids:  # "Assad" after "Hafez al-Assad": the one named here
                pid, actor, how, score = doc_ids[-1], self.d.actors.get(doc_ids[-1]), "coreference", 0.8
        pid = pid or f"person:{slug(name)}"
        if actor is not None:
            self._use(actor)
        info = self.people.setdefault(
            pid, _Person(actor.name if actor else name, actor.id if actor else None)
        )
        words = [w for w in key.split() if len(w) >= 3]
        if t - s > 1 and words:
            ids = self.surname_ids.setdefault(words[-1], [])
            if pid not in ids:
                ids.append(pid)
        start, role, sector, code = self._title(s)
        a_role, a_sector, a_code = self._apposition(s, t)  # "X, commander of Y" says more than "Gen."
        role, sector, code = a_role or role, sector or a_sector, code or a_code
        if any(m is not None and m.kind != "actor" for m in self.at[s:t]):  # "Michael Jordan" is no clue
            self.clues = [(j, c) for j, c in self.clues if not s <= j < t]
        if role is not None and how == "ner":
            how, score = "title", 0.85
        for attr, value in (("role", role), ("sector", sector), ("code", code)):
            if value and not getattr(info, attr):
                setattr(info, attr, value)
        if info.code is None and actor is not None and actor.country:
            info.code = actor.country
        if info.code:
            self.clues.append((s, info.code))
        pending = "" if info.code else ("role" if role else "weak")
        self._add(
            _Cand(
                start, t, how, score, pid, pending=pending, head=self.keys[t - 1], explicit=code is not None
            )
        )

    def _identify(self, key: str, ntok: int) -> tuple[str | None, Actor | None, str, float]:
        """(id, dictionary actor, method, score) for a name spaCy found: a
        surname alone refers to a person named in full in the document, else to
        a unique dictionary surname whose country the text names; a full name is looked up after
        transliteration folding, then with rapidfuzz."""
        if ntok == 1 or " " not in key:
            ids = self.surname_ids.get(key)
            if ids:
                return ids[-1], self.d.actors.get(ids[-1]), "coreference", 0.8
            ids = self.d.surnames.get(key, [])
            if len(ids) == 1 and len(key) >= 4:
                # A bare surname ("Rice", "Taylor") names a dictionary person
                # only where the text names that person's country too.
                person = self.d.actors[ids[0]]
                if person.country and any(code == person.country for _, code in self.clues):
                    return ids[0], person, "dictionary", 0.8
            return None, None, "ner", 0.5
        for aid in self.d.translit.get(key, []):
            if self.d.actors[aid].kind == "person":
                return aid, self.d.actors[aid], "fuzzy", 0.95
        found = _fuzzy(key, self.d.fuzzy_names[True])
        if found:
            return found[0], self.d.actors[found[0]], "fuzzy", found[1]
        return None, None, "ner", 0.5

    def _title(self, s: int) -> tuple[int, str | None, str | None, str | None]:
        """The title written before a name: (span start, role text, sector, country)."""
        i, start = s - 1, s
        sectors: list[str] = []
        parts: list[str] = []
        code = status = None
        while i >= 0 and s - i <= 10 and self.claim[i] is None:
            tok, m = self.doc[i], self.at[i]
            if m and m.kind == "honorific":
                pass
            elif m and m.kind in ("role", "title"):
                if m.entry.target:
                    sectors.append(m.entry.target)
                parts.insert(0, self.doc[m.start : m.end].text)
            elif m and m.kind in ("country", "demonym", "capital"):
                code = code or m.entry.target
            elif m:  # "Arab League Secretary General X": the league is its own mention
                code = code or self._pick(m).country
                break
            elif tok.tag_ == "POS":
                prev = self.at[i - 1] if i > 0 else None
                if prev is None or prev.kind not in ("country", "demonym", "capital"):
                    break
            elif tok.lower_ in self.d.status:
                status = status or self.d.status[tok.lower_]
            elif tok.dep_ in CHAIN_DEPS and tok.pos_ in ("ADJ", "PROPN", "NOUN", "VERB") and tok.head.i > i:
                if tok.pos_ == "VERB" and tok.dep_ != "amod":
                    break
                if not tok.text[:1].isupper() and not sectors:
                    break
                if tok.text[:1].isupper():
                    parts.insert(0, tok.text)
            else:
                break
            start = m.start if m else i
            i = start - 1
        for j in range(start, s):
            self.consumed.add(j)
        sector = sectors[0] if sectors else None
        if status in ("ELI", "OPP"):
            sector = status
        role = " ".join(parts) if sectors else None
        if role and code is None:
            code = self.office_country.get(role.lower())
        elif role and code:
            self.office_country[role.lower()] = code
        return start, role, sector, code

    def _apposition(self, s: int, t: int) -> tuple[str | None, str | None, str | None]:
        """Role, sector and country from "X, commander of Y" (or "Y's envoy, X")."""
        root = self.doc[s:t].root
        appos = [c for c in root.children if c.dep_ == "appos" and c.i >= t]
        if not appos and root.dep_ == "appos" and root.head.i < s and self._is_role(root.head.i):
            appos = [root.head]
        if not appos:
            return None, None, None
        a = appos[0]
        sub = [tok for tok in a.subtree if tok.i < s or tok.i >= t]
        if not sub or len(sub) > 40:
            return None, None, None
        sector = code = status = None
        m = self.at[a.i]
        if m and m.kind == "role":
            sector = m.entry.target
            for j in range(m.start, m.end):
                self.consumed.add(j)
        for tok in sub:
            mm = self.at[tok.i]
            if tok.lower_ in self.d.status:
                status = status or self.d.status[tok.lower_]
            if mm is None or code:
                continue
            if mm.kind in ("country", "demonym", "capital"):
                code = mm.entry.target
            elif mm.kind == "actor":
                org = self._pick(mm)
                code = org.country
                sector = sector or org.sector
        if status == "OPP" or (status == "ELI" and sector != "OPP"):
            sector = status
        clauses = {x.i for c in a.children if c.dep_ in ("relcl", "acl") for x in c.subtree}
        words: list[str] = []
        for tok in sub:
            if tok.text == "," and words:
                break
            if tok.i not in clauses and (tok.dep_ != "det" or words):
                words.append(tok.text_with_ws)
        role = "".join(words).strip() or None
        return role, sector, code

    def _is_role(self, i: int) -> bool:
        m = self.at[i]
        return bool(m and m.kind in ("role", "title"))

    # ------------------------------------------------------------ 3. organizations

    def _orgs(self) -> None:
        for e in self.ents:
            s, t = e.start, e.end
            while s < t and self.doc[s].pos_ == "DET":
                s += 1
            while t > s and (
                self.doc[t - 1].tag_ == "POS" or self.doc[t - 1].is_punct or self.doc[t - 1].is_space
            ):
                t -= 1
            if t <= s or not self._free(s, t) or any(j in self.consumed for j in range(s, t)):
                continue
            root = self.doc[s:t].root
            if root.dep_ in ("compound", "amod") and (self._is_role(root.head.i) or self.claim[root.head.i]):
                continue  # "Syrian National [Reconciliation Minister]": part of a title
            inner = [m for m in dict.fromkeys(self.at[s:t]) if m and s <= m.start and m.end <= t]
            if e.label_ == "NORP":
                if inner or root.pos_ not in ("NOUN", "PROPN") or root.dep_ in ("amod", "compound"):
                    continue
            elif e.label_ != "ORG" or any(m.kind == "actor" for m in inner):
                continue
            geo = any(m.kind in ("country", "demonym", "capital") for m in inner)
            if (geo and self._is_role(t - 1)) or (
                len(inner) == 1 and inner[0].start == s and inner[0].end == t
            ):
                continue  # "Montenegro Assembly", "Nigerian Army": a role with its country, step 4
            if self._place(s, t) or self._fuzzy_org(s, t, inner):
                continue
            self._org(s, t, inner, group=e.label_ == "NORP")

    def _place(self, s: int, t: int) -> bool:
        """spaCy sometimes labels a city ORG or NORP ("Aleppo"): a gazetteer
        place's own name is not an organization."""
        from tidings.stages import gazetteer

        return any(m.primary for m in gazetteer.load().lookup(self.doc[s:t].text))

    def _fuzzy_org(self, s: int, t: int, inner: list[_Match]) -> bool:
        """A dictionary organization under another spelling ("Quds Forces").
        A country named in the span must be the organization's own."""
        key = tkey(self.doc[s:t].text)
        if " " not in key:
            return False
        ids = [a for a in self.d.translit.get(key, []) if self.d.actors[a].kind != "person"]
        found = (ids[0], 0.95) if ids else _fuzzy(key, self.d.fuzzy_names[False])
        if not found:
            return False
        actor = self.d.actors[found[0]]
        named = {m.entry.target for m in inner if m.kind in ("country", "demonym", "capital")}
        if named and actor.country not in named:
            return False
        self._use(actor)
        self._add(_Cand(s, t, "fuzzy", found[1], actor.id, head=self.keys[t - 1]))
        return True

    def _org(self, s: int, t: int, inner: list[_Match], group: bool = False) -> None:
        name = self.doc[s:t].text
        code = next((m.entry.target for m in inner if m.kind in ("country", "demonym", "capital")), None)
        if code is None:
            code = next(
                (
                    m.entry.target
                    for m in (self.at[c.i] for c in self.doc[s:t].root.children if c.i < s)
                    if m and m.kind == "demonym"
                ),
                None,
            )
        head = self.at[t - 1]
        sector = head.entry.target if head and head.kind == "role" and not head.entry.generic else None
        pending = "" if code else "weak"
        if group:  # "Kurds", "Shiites": a group of people, placed like a role ("Iraqi Kurds")
            sector, pending = "CVL", ""
            absorbed, _, near, _, _, _ = self._modifiers(s, t, self.doc[t - 1])
            code = code or near
            if absorbed < s and self._free(absorbed, s):
                s = absorbed
            if code is None:
                pending = "role"
        info = self.d.sectors.get(sector or "")
        aid = f"doc:{slug(name)}"
        self.actors.setdefault(aid, Actor(aid, name, info.kind if info else "other", code, sector))
        self._add(_Cand(s, t, "ner", 0.5, aid, code=code, pending=pending, head=self.keys[t - 1]))


def _fuzzy(key: str, names: tuple[list[str], list[str]]) -> tuple[str, float] | None:
    """Best dictionary name (``names``: translit keys and their actor ids)
    within the fuzzy threshold, with the same number of words, the same
    initials, short words (3 letters or fewer: acronyms, particles) equal and
    a close last word; None otherwise."""
    keys, ids = names
    if len(key) < 8 or not keys:
        return None
    from rapidfuzz import fuzz, process

    found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if not found:
        return None
    words, other = key.split(), found[0].split()
    if len(other) != len(words):
        return None
    for a, b in zip(words, other, strict=True):
        if a[0] != b[0] or (min(len(a), len(b)) <= 3 and a != b):
            return None
    if fuzz.ratio(words[-1], other[-1]) < 80:
        return None
    return ids[found[2]], round(found[1] / 100, 3)


def _headline_case(sent: Any) -> bool:
    """A sentence of four or more words, most of them capitalised (a headline)."""
    words = [t.text for t in sent if t.is_alpha]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


#: spaCy labels that a person's name after a title is often given by mistake.
_NAME_LIKE = frozenset({"PERSON", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
