"""Actor resolution: who each mention in a document refers to.

Input is the spaCy ``Doc`` of ``Article.text``; output the actors referenced
(unique by id, in order of first mention) and every mention (sorted, not
overlapping), each mention with the ``method`` that resolved it and a score.

Steps, in order (a token claimed by one step is closed to the later ones):

1. **Dictionary phrases** (``actordict``): named actors (``dictionary``),
   country names, adjectives and capitals, role words, titles, honorifics,
   matched longest-first on token keys. Capitalized dictionary words only
   match capitalized text, so "turkey" or "us" are never states.
2. **People**: dictionary people and spaCy ``PERSON`` spans, with the title
   written before the name ("Iranian Foreign Minister Ali Akbar Salehi",
   ``title``) or an apposition after it ("Gen. Salar Abnoush, commander of
   IRGC's Saheb al-Amr unit"). A surname alone ("Mr. Assad") refers to a
   person named in full in the document (``coreference``) or to a unique
   dictionary surname; other names are matched after transliteration
   normalisation and then with rapidfuzz (``fuzzy``; strict threshold,
   multi-word names only). Unknown people become ``person:<slug>``.
3. **Organizations** spaCy finds are matched to the dictionary after
   transliteration folding or with rapidfuzz ("Quds Forces", ``fuzzy``);
   others become ``doc:<slug>`` actors (``ner``), with a country only when
   their own name or modifiers give one. Group nouns spaCy labels ``NORP``
   ("Kurds", "Shiites") become ``doc:`` actors of sector CVL, placed like
   roles ("Iraqi Kurds"). A spaCy place's own name (gazetteer) is never an
   organization.
4. **Roles**: "the army", "Iran's defense minister", "Syrian forces",
   "the government of Sudan" -> ``<country>-<sector>`` (``role``); the
   country comes from a modifier in the noun phrase (adjective, country,
   capital, possessive, "of X", a person or organization with a country);
   failing that from the same office named with a country earlier in the
   document; failing that from the *dominant country* (below).
5. **States**: country names and adjectives not taken into a larger phrase
   (``dictionary``, ``demonym``; a misspelt country spaCy labels GPE is
   matched after transliteration folding, ``fuzzy``); a country name governed
   by a locative preposition ("fighting in Syria") is a place, not an actor.
   A plural demonym used as a noun is the people ("100 Palestinians" ->
   ``PSE-CVL``). "pro-Iranian", "ethnic Albanians", "a Bosnia-style war" and
   "US $50" are not the state. Capitals are actors (the government,
   ``capital``) only in actor positions: subject, object, possessor, or after
   "by/with/against/on"; "in Tehran" is a place.
6. **Definite references**: "the corps", "the guards", "the ministry" refer
   to the last actor mentioned whose name ends in that word (``coreference``).

Dominant country: count the country codes of every explicit country clue
(names, adjectives, capitals, actors with a country) in the sentence; the
code strictly most frequent there wins; on a tie or no clue, the same count
over the paragraph, then over the document (where the winner must also hold
at least a third of the clues). International codes (UN, EU...) never count;
in the sentence and the paragraph, neither does a destination ("soldiers
deployed to Damascus" are not Syria's).
People with a title and role phrases take the dominant country; unknown
organizations and people named without a title or apposition never do (a
missing country is better than a guessed one). Pronouns are left unresolved.
When a dictionary phrase names several actors ("AFP": the news agency or the
Philippine army), the one whose country the document mentions most wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from tidings.records import Actor, Mention
from tidings.stages import docview
from tidings.stages.actordict import INTERNATIONAL, ActorDictionary, Entry, load_dictionary, token_key
from tidings.stages.actordict import translit_key as tkey
from tidings.stages.actornames import _Cand, _Match, _Names

VERSION = "7"

#: Prepositions after which a country name is the place where something happens.
_LOCATIVE_WORDS = "in at near inside within throughout across around outside beyond along off"
LOCATIVE = frozenset(_LOCATIVE_WORDS.split())
#: Dependencies in which a capital stands for its government ("Tehran said").
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "dobj", "iobj", "dative", "ROOT"})
#: Prepositions after which a capital still stands for its government ("talks with Tehran").
ACTOR_PREPS = frozenset({"by", "with", "against", "on", "between"})


def resolve_actors(
    doc: Any, *, dictionary: ActorDictionary | None = None
) -> tuple[list[Actor], list[Mention]]:
    """Resolve the actors a parsed document refers to.

    Args:
        doc: spaCy ``Doc`` of the article text (offsets are ``doc.text`` offsets).
        dictionary: the actor dictionary; ``load_dictionary()`` when None.

    Returns:
        The actors referenced (unique by id, in order of first mention) and
        every mention (sorted by start, non-overlapping).

    Example:
        >>> from tidings.stages import nlp
        >>> actors, mentions = resolve_actors(nlp.parse("Tehran said the army was ready."))
        >>> [(m.text, m.actor, m.method) for m in mentions]
        [('Tehran', 'IRN-GOV', 'capital'), ('army', 'IRN-MIL', 'role')]
    """
    return _Resolver(doc, dictionary or load_dictionary()).run()


class _Resolver(_Names):
    def __init__(self, doc: Any, d: ActorDictionary) -> None:
        super().__init__(doc, d)
        self.para = self._paragraphs()
        self.has_sents = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        self._levels: tuple[dict[int, Counter[str]], dict[int, Counter[str]], Counter[str]] | None = None

    # ------------------------------------------------------------ driver

    def run(self) -> tuple[list[Actor], list[Mention]]:
        self._match()
        self._named()
        self._persons()
        self._orgs()
        self._roles()
        self._states()
        self._definite()
        self._context()
        return self._finish()

    # ------------------------------------------------------------ 1. dictionary phrases

    def _match(self) -> None:
        idx = [i for i, k in enumerate(self.keys) if k]
        keys = [self.keys[i] for i in idx]
        pos = 0
        while pos < len(keys):
            best: _Match | None = None
            best_end = pos + 1
            for end, entries in self.d.match(keys, pos):
                words = [self.doc[idx[j]].text for j in range(pos, end)]
                ok = [e for e in entries if _case_ok(e.form, words)]
                if ok:
                    best, best_end = _Match(idx[pos], idx[end - 1] + 1, ok), end
            if best is None or self._stance(best):
                pos += 1
                continue
            self.matches.append(best)
            for i in range(best.start, best.end):
                self.at[i] = best
            if best.kind in ("country", "demonym", "capital") and best.entry.target:
                self.clues.append((best.start, best.entry.target))
            pos = best_end
        for e in self.doc.ents:  # "Afganistan": a country name spelled another way
            if e.label_ == "GPE" and all(self.at[i] is None for i in range(e.start, e.end)):
                code = self.d.country_keys.get(tkey(e.text))
                m = _Match(e.start, e.end, [Entry("country", code or "", approx=True)])
                if code and not self._stance(m):
                    self.matches.append(m)
                    self.at[e.start : e.end] = [m] * (e.end - e.start)
                    self.clues.append((e.start, code))
        self.matches.sort(key=lambda m: m.start)

    def _stance(self, m: _Match) -> bool:
        """ "pro-Iranian", "anti-Syria" name a stance, "ethnic Albanians" an
        ethnicity: neither is the state."""
        i, j = m.start, m.end
        if i >= 1 and m.kind == "demonym" and self.keys[i - 1] == "ethnic":
            return True
        if j + 1 < self.n and self.keys[j] == "" and self.keys[j + 1] in ("style", "type", "like", "era"):
            return True  # "a Bosnia-style war"
        if self.keys[j : j + 1] in (["$"], ["dollar"], ["dollars"]):
            return True  # "US $50 million": a currency
        return i >= 2 and self.keys[i - 1] == "" and self.keys[i - 2] in ("pro", "anti")

    def _named(self) -> None:
        """Dictionary organizations (and people, done with their titles in step 2)."""
        for m in self.matches:
            if m.kind != "actor":
                continue
            actor = self._pick(m)
            if actor.kind == "person":
                continue
            start = self._absorb_demonym(m.start, actor.country)
            self._use(actor)
            self._add(_Cand(start, m.end, "dictionary", 1.0, actor.id, head=self.keys[m.end - 1]))
            if actor.country:
                self.clues.append((m.start, actor.country))

    def _absorb_demonym(self, start: int, code: str | None) -> int:
        """Extend a named actor's span over an adjective of its own country
        ("Iranian Revolutionary Guard Corps")."""
        m = self.at[start - 1] if start > 0 else None
        if m and code and m.kind in ("demonym", "country") and m.entry.target == code:
            return m.start
        return start

    # ------------------------------------------------------------ 4. roles

    def _roles(self) -> None:
        for m in self.matches:
            if m.kind != "role" or not self._free(m.start, m.end) or m.start in self.consumed:
                continue
            h = self.doc[m.end - 1]
            if h.pos_ in ("VERB", "AUX", "ADV", "ADP") or (h.pos_ == "ADJ" and h.dep_ in ("amod", "acomp")):
                continue
            if h.dep_ in ("compound", "amod", "nmod") and not (m.start <= h.head.i < m.end):
                continue  # modifies another noun: "military aid", "rebel commanders" (done at the head)
            if any(c.dep_ == "appos" and self.claim[c.i] is not None for c in h.children):
                continue  # "the militant group Hamas": a description of a named actor
            self._role(m, h)

    def _role(self, m: _Match, h: Any) -> None:
        entry = m.entry
        start = m.start
        absorbed, right_end, code, sector, org, eli = self._modifiers(m.start, m.end, h)
        if code is None and h.dep_ == "conj" and h.head.i < m.start:  # "Israeli helicopters and tanks"
            code = self._country_at(h.head)
        group = _group_of(h) if code is None else None
        if group is not None:  # "Iran's voices, including its leader and military": Iran's
            code = self._country_at(group)
        if entry.generic:
            if org and not sector:
                return  # "IRGC commanders": the organization's own mention stands for them
            sector = sector or entry.target
        else:
            sector = entry.target
        if sector is None:
            return
        if eli:
            sector = "ELI"
        fixed = self.d.sectors[sector].country if sector in self.d.sectors else None
        code = fixed or code
        office = self.doc[m.start : m.end].text.lower()
        pending = ""
        score = 0.9
        if code is None and entry.office and office in self.office_country:
            code, score = self.office_country[office], 0.75
        elif code and entry.office:
            self.office_country[office] = code
        if code is None:
            pending = "role"
        elif absorbed < m.start and self._free(absorbed, m.start):
            start = absorbed
        if code and not fixed:
            self.clues.append((m.start, code))
        if code:
            self._use(self.d.sector_actor(code, sector))
        self._add(
            _Cand(
                start,
                right_end,
                "role",
                score,
                self.d.sector_actor(code, sector).id if code else None,
                code=code,
                sector=sector,
                pending=pending,
                head=self.keys[m.end - 1],
                explicit=code is not None,
            )
        )

    # ------------------------------------------------------------ 5. states and capitals

    def _states(self) -> None:
        for m in self.matches:
            if m.kind not in ("country", "demonym", "capital") or not self._free(m.start, m.end):
                continue
            if any(j in self.consumed for j in range(m.start, m.end)):
                continue
            code = m.entry.target or ""
            root = self.doc[m.start : m.end].root
            if m.kind == "capital":
                if not self._actor_position(root):
                    continue
                actor = self.d.sector_actor(code, "GOV")
                self._use(actor)
                self._add(_Cand(m.start, m.end, "capital", 0.8, actor.id))
                continue
            if m.kind == "country" and self._locative(root):
                continue
            if m.entry.people and root.dep_ not in ("amod", "compound"):
                actor = self.d.sector_actor(code, "CVL")  # "more than 100 Palestinians": people
                self._use(actor)
                self._add(_Cand(m.start, m.end, "demonym", 0.85, actor.id))
                continue
            self._use(self.d.state(code))
            method = "demonym" if m.kind == "demonym" else "fuzzy" if m.entry.approx else "dictionary"
            self._add(_Cand(m.start, m.end, method, 0.95 if method == "dictionary" else 0.9, code))

    @staticmethod
    def _locative(tok: Any) -> bool:
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        return tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE

    @staticmethod
    def _actor_position(tok: Any) -> bool:
        while tok.dep_ == "conj" and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "pobj":
            return tok.head.lower_ in ACTOR_PREPS or (tok.head.lower_ == "by" and tok.head.dep_ == "agent")
        if tok.dep_ == "poss":
            return not (tok.i + 2 < len(tok.doc) and tok.head.pos_ == "PROPN")
        if tok.dep_ == "ROOT":
            return tok.i + 1 < len(tok.doc) and tok.nbor().lower_ in ("says", "said")
        return tok.dep_ in ACTOR_DEPS

    # ------------------------------------------------------------ 6. definite references

    def _definite(self) -> None:
        """ "the corps" -> the last organization named "... Corps"; "the
        ministry" -> the last ministry. Runs over text order."""
        heads: dict[str, _Cand] = {}
        cands = sorted(self.cands, key=lambda c: c.start)
        by_start = {c.start: c for c in cands}
        for i in range(self.n):
            c = by_start.get(i)
            if c is not None and c.explicit and c.actor and c.actor in self.actors:
                actor = self.actors[c.actor]
                if actor.kind not in ("person", "state") and (c.end - c.start > 1 or c.method == "fuzzy"):
                    for w in self._heads_of(c, actor):
                        heads[w] = c
            if i == 0 or self.keys[i - 1] != "the" or self.doc[i].pos_ not in ("NOUN", "PROPN"):
                continue
            ante = heads.get(self.keys[i])
            if ante is None or ante.start >= i:
                continue
            # The mention is the definite noun phrase, article included: "the corps".
            cur = self.claim[i]
            if cur is None and self.doc[i].dep_ not in ("compound", "amod") and self.claim[i - 1] is None:
                m = self.at[i]
                if m is None or m.kind != "role":
                    self._add(_Cand(i - 1, i + 1, "coreference", 0.8, ante.actor))
            elif cur is not None and cur.method == "role" and not cur.explicit and cur.start == i:
                if self.claim[i - 1] is None:
                    cur.start = i - 1
                    self.claim[i - 1] = cur
                ante_actor = self.actors[ante.actor or ""]
                if ante_actor.sector == cur.sector:
                    cur.actor, cur.code, cur.pending, cur.method = (
                        ante.actor,
                        ante_actor.country,
                        "",
                        "coreference",
                    )
                    cur.score = 0.8

    def _heads_of(self, c: _Cand, actor: Actor) -> Iterable[str]:
        yield c.head
        if actor.id not in self.d.actors:
            return
        for name in (actor.name, *actor.aliases):
            words = name.split()
            if len(words) > 1:
                yield token_key(words[-1])

    # ------------------------------------------------------------ context and output

    def _paragraphs(self) -> list[int]:
        out, p = [], 0
        for t in self.doc:
            out.append(p)
            if "\n\n" in t.whitespace_ or (t.is_space and "\n\n" in t.text):
                p += 1
        return out

    def _sent(self, i: int) -> int:
        """Start of token ``i``'s sentence (its paragraph when the doc has no sentences)."""
        return self.doc[i].sent.start if self.has_sents else -1 - self.para[i]

    def _dominant(self, i: int) -> str | None:
        """The dominant country around token ``i`` (rule in the module docstring)."""
        if self._levels is None:
            sents: dict[int, Counter[str]] = {}
            paras: dict[int, Counter[str]] = {}
            total: Counter[str] = Counter()
            for j, c in self.clues:
                if c not in INTERNATIONAL:
                    if not self._destination(j):
                        sents.setdefault(self._sent(j), Counter())[c] += 1
                        paras.setdefault(self.para[j], Counter())[c] += 1
                    total[c] += 1
            self._levels = (sents, paras, total)
        sents, paras, total = self._levels
        levels = (sents.get(self._sent(i), Counter()), paras.get(self.para[i], Counter()), total)
        for level, counts in enumerate(levels):
            top = counts.most_common(2)
            if not top or (len(top) > 1 and top[0][1] == top[1][1]):
                continue
            if level == 2 and top[0][1] * 3 < sum(counts.values()):
                return None
            return top[0][0]
        return None

    def _country_at(self, tok: Any) -> str | None:
        """The country of the actor claimed at ``tok``, else of its modifiers."""
        c = self.claim[tok.i]
        return self._cand_country(c) if c else self._modifiers(tok.i, tok.i + 1, tok)[2]

    def _destination(self, i: int) -> bool:
        """Token ``i`` names where something goes ("deployed to Damascus",
        "sent into Syria"): no clue to the nationality of what goes there."""
        tok = self.doc[i]
        while tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i != tok.i:
            tok = tok.head  # "Saudi Arabia", not "U.S. exports"
        return tok.dep_ == "pobj" and tok.head.lower_ in ("to", "into", "toward", "towards")

    def _context(self) -> None:
        for c in self.cands:
            if c.pending != "role":
                continue  # unknown organizations and bare names keep no country rather than a guess
            code = self._dominant(c.start)
            if c.actor and c.actor in self.people:
                info = self.people[c.actor]
                info.code = info.code or code
                continue
            if c.method == "role":
                c.code, c.score = code, (0.6 if code else 0.4)
                c.actor = self.d.sector_actor(code, c.sector or "UNK").id
                self._use(self.d.sector_actor(code, c.sector or "UNK"))
            elif c.actor and code and c.actor in self.actors:
                a = self.actors[c.actor]
                self.actors[c.actor] = Actor(
                    a.id, a.name, a.kind, a.country or code, a.sector, a.role, a.aliases, a.wikidata
                )

    def _finish(self) -> tuple[list[Actor], list[Mention]]:
        for pid, info in self.people.items():
            if info.actor:
                a = self.d.actors[info.actor]
                self.actors[pid] = Actor(
                    a.id,
                    a.name,
                    a.kind,
                    a.country or info.code,
                    a.sector or info.sector,
                    a.role or info.role,
                    a.aliases,
                    a.wikidata,
                )
            else:
                self.actors[pid] = Actor(pid, info.name, "person", info.code, info.sector, info.role)
        mentions: list[Mention] = []
        order: list[str] = []
        text = docview.text(self.doc)
        for c in sorted(self.cands, key=lambda c: c.start):
            if c.actor is None:
                continue
            a, b = self.doc[c.start].idx, self.doc[c.end - 1].idx + len(self.doc[c.end - 1])
            if mentions and a < mentions[-1].end:
                continue
            mentions.append(Mention(a, b, text[a:b], c.actor, c.method, round(c.score, 3)))
            if c.actor not in order:
                order.append(c.actor)
        return [self.actors[i] for i in order], mentions


def _case_ok(form: tuple[str, ...], words: list[str]) -> bool:
    """Capitalized dictionary words need capitalized text; acronyms need capitals."""
    if len(form) != len(words):
        return False
    for f, w in zip(form, words, strict=True):
        letters = f.replace(".", "")
        if letters.isupper() and len(letters) <= 5 and letters.isalpha():
            if not w.replace(".", "").isupper():
                return False
        elif f[:1].isupper() and not w[:1].isupper():
            return False
    return True


def _group_of(tok: Any) -> Any | None:
    """The noun whose members ``tok`` lists ("X, including Y and Z", "among
    them Y"), through the conjuncts and modifiers of the list; else None."""
    for _ in range(8):
        if tok.dep_ in ("conj", "amod", "compound", "nmod", "appos") and tok.head.i != tok.i:
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ in ("including", "among"):
            group = tok.head.head
            return group if group.pos_ in ("NOUN", "PROPN") and group.i != tok.head.i else None
        else:
            return None
    return None
