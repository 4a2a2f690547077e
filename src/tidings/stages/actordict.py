"""The actor dictionary: countries, named actors and the role lexicon, indexed.

Data (reviewed YAML in ``tidings/data/actors/``, schema in its README):
``countries.yaml`` (states: names, adjectives, capitals), ``organizations.yaml``
and ``people.yaml`` (named actors) and ``roles.yaml`` (generic words such as
"the army" or "Foreign Minister" and the PLOVER sector they denote). Users add
files of the same schema by path (``Settings.actor_dictionaries``); a user
entry replaces a package entry with the same id or code.

Every name is indexed as a sequence of token keys in a trie, so matching a
document costs one dictionary lookup per token whatever the dictionary's size.
Aliases are tokenized with spaCy's English tokenizer (the rules the parsing
model uses), so "al-Assad" or "U.S." split the same way in the dictionary and
in the text. A dictionary is built once per process per set of user files
(``load_dictionary`` is cached) and kept on disk (``stages/diskcache.py``,
keyed by a hash of the YAML texts, the index format and spaCy's version), so
other processes and later runs read it (0.1 s) instead of building it (1.3 s).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tidings.errors import ConfigError
from tidings.records import Actor
from tidings.stages import diskcache, yamldata

PACKAGE_FILES = ("countries.yaml", "organizations.yaml", "people.yaml", "historical.yaml", "roles.yaml")
#: Kinds an actor entry may declare (records.Actor.kind).
KINDS = frozenset(
    [
        "state",
        "government",
        "armed_force",
        "armed_group",
        "igo",
        "party",
        "media",
        "business",
        "civilians",
        "person",
        "other",
    ]
)
#: Codes of international actors that are not states (PLOVER manual, table 5.1).
INTERNATIONAL = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
#: Prefix of the ids of unidentified actors of a sector ("troops": ``doc:unknown-mil``).
UNKNOWN = "doc:unknown-"

#: libyaml's loader when PyYAML was built with it (about ten times faster on the dictionary).
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_SKIP = frozenset({"-", "‐", "‑"})  # hyphens split off by the tokenizer: "al-Assad" = "al Assad"


def token_key(text: str) -> str:
    """The key a token is indexed and looked up by: lowercased, curly quotes
    straightened, dots dropped from abbreviations ("U.S." -> "us"). An empty
    key means the token is skipped (hyphens)."""
    if text in _SKIP:
        return ""
    key = text.lower().translate(_APOSTROPHES)
    if "." in key and any(c.isalnum() for c in key):
        key = key.replace(".", "")
    return key


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_ARTICLES = frozenset({"al", "el", "ul", "ad", "ash", "as", "ar", "an", "az"})
_TRANSLIT = (
    ("q", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ei", "i"),
    ("ey", "i"),
    ("ai", "i"),
    ("ay", "i"),
    ("y", "i"),
    ("ph", "f"),
    ("dh", "d"),
    ("gh", "g"),
    ("kh", "k"),
)


def translit_key(name: str) -> str:
    """A spelling-insensitive key for transliterated names.

    Drops Arabic article prefixes ("al-", "el-"), folds accents and common
    transliteration variants (q/k, ou/u, ei/ey/ai/i, ph/f) and doubled letters,
    so "Qasim Solaimani" and "Qasem Soleimani" come close and "Bashar al-Assad"
    equals "Bashar Assad".

    Example:
        >>> translit_key("Bashar al-Assad") == translit_key("Bashar Asad")
        True
    """
    words = re.split(r"[\s\-‐']+", _ascii(name).lower().translate(_APOSTROPHES))
    out = []
    for raw in words:
        word = re.sub(r"[^a-z]", "", raw)
        if not word or word in _ARTICLES:
            continue
        for a, b in _TRANSLIT:
            word = word.replace(a, b)
        out.append(re.sub(r"(.)\1+", r"\1", word))
    return " ".join(out)


def slug(text: str) -> str:
    """Lowercase ASCII slug for ids: ``"Ahmad Vahidi"`` -> ``"ahmad-vahidi"``."""
    return re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower().translate(_APOSTROPHES).replace("'", "")).strip(
        "-"
    )


def plural(word: str) -> str:
    """Regular English plural of a role word (minister -> ministers)."""
    if word.endswith("s"):
        return word
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("ch", "sh", "x")):
        return word + "es"
    return word + "s"


@dataclass(frozen=True, slots=True)
class Country:
    """A state (or territory) of ``countries.yaml``."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    adjectives: tuple[str, ...] = ()
    capital: str | None = None
    capital_aliases: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """What a phrase of the trie names.

    ``kind``: ``country``, ``demonym``, ``capital`` (target: a country code),
    ``actor`` (target: an actor id), ``role`` (target: a sector code, or None
    for a generic head with no default), ``title`` or ``honorific``.
    ``form``: the phrase as written in the dictionary, one string per key,
    used to check capitalization (``Turkey`` the state is capitalized).
    """

    kind: str
    target: str | None
    form: tuple[str, ...] = ()
    office: bool = False
    generic: bool = False
    approx: bool = False  # found by transliteration folding, not as written
    people: bool = False  # a plural demonym: the people ("Iranians"), not the state


@dataclass(frozen=True, slots=True)
class Sector:
    """A sector of the role lexicon."""

    code: str
    kind: str
    label: str
    country: str | None = None


@dataclass
class ActorDictionary:
    """Countries, named actors and roles, indexed for matching.

    Build one with ``load_dictionary`` (cached) or ``ActorDictionary.from_data``.
    """

    countries: dict[str, Country] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    sectors: dict[str, Sector] = field(default_factory=dict)
    modifiers: dict[str, str] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    trie: dict[str, Any] = field(default_factory=dict)
    #: translit key of a multi-word person/organization name -> actor ids
    translit: dict[str, list[str]] = field(default_factory=dict)
    #: translit key of a country name (6+ letters) -> country code ("Afganistan")
    country_keys: dict[str, str] = field(default_factory=dict)
    #: translit key of a person's surname -> person actor ids
    surnames: dict[str, list[str]] = field(default_factory=dict)
    #: translit keys of multi-word names and their actor ids, for fuzzy matching;
    #: ``True``: people, ``False``: everything else
    fuzzy_names: dict[bool, tuple[list[str], list[str]]] = field(
        default_factory=lambda: {True: ([], []), False: ([], [])}
    )
    #: head noun (lowercased last word) of multi-word organization names -> actor ids
    heads: dict[str, set[str]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    # ------------------------------------------------------------ building

    @classmethod
    def from_data(cls, documents: Iterable[tuple[str, Any]]) -> ActorDictionary:
        """Build from ``(source name, parsed YAML)`` pairs, later ones winning.

        Raises:
            ConfigError: a document does not follow the schema (names the source).
        """
        d = cls()
        roles: list[tuple[str, Any]] = []
        sources = []
        for source, data in documents:
            sources.append(source)
            if data is None:
                continue
            if not isinstance(data, dict):
                raise ConfigError(f"{source}: an actor dictionary must be a YAML mapping")
            unknown = set(data) - {
                "countries",
                "actors",
                "source",
                "sectors",
                "generic",
                "modifiers",
                "titles",
                "honorifics",
                "status",
            }
            if unknown:
                raise ConfigError(
                    f"{source}: unknown top-level keys {sorted(unknown)} "
                    "(expected countries, actors or role lexicon keys)"
                )
            for i, raw in enumerate(_as_list(source, data.get("countries"), "countries")):
                c = _country(source, i, raw)
                d.countries[c.code] = c
            for i, raw in enumerate(_as_list(source, data.get("actors"), "actors")):
                a = _actor(source, i, raw)
                d.actors[a.id] = a
            if any(k in data for k in ("sectors", "generic", "modifiers", "titles", "honorifics", "status")):
                roles.append((source, data))
        d.sources = tuple(sources)
        d._index(roles)
        return d

    def _index(self, roles: list[tuple[str, Any]]) -> None:
        tokenize = _tokenizer()
        # Role words first: named entries added later replace them on the same phrase.
        for source, data in roles:
            self._index_roles(source, data, tokenize)
        for c in self.countries.values():
            for name in (c.name, *c.aliases):
                self._add(tokenize(name), Entry("country", c.code))
                if len(name) >= 6:
                    self.country_keys.setdefault(translit_key(name), c.code)
            for adj in c.adjectives:
                self._add(tokenize(adj), Entry("demonym", c.code))
                if adj.endswith(("an", "i")):  # Iranians, Israelis: the people as a noun
                    self._add(tokenize(adj + "s"), Entry("demonym", c.code, people=True))
            for cap in (c.capital, *c.capital_aliases):
                if cap:
                    self._add(tokenize(cap), Entry("capital", c.code))
        for a in self.actors.values():
            person = a.kind == "person"
            for name in dict.fromkeys((a.name, *a.aliases)):
                toks = tokenize(name)
                self._add(toks, Entry("actor", a.id))
                words = [t for t in toks if token_key(t)]
                key = translit_key(name)
                if len(words) >= 2 and key.count(" ") >= 1:
                    self.translit.setdefault(key, []).append(a.id)
                    self.fuzzy_names[person][0].append(key)
                    self.fuzzy_names[person][1].append(a.id)
                    if not person:
                        self.heads.setdefault(words[-1].lower(), set()).add(a.id)
                if person and len(words) >= 2:
                    last = translit_key(words[-1])
                    if len(last) >= 4 and a.id not in self.surnames.get(last, []):
                        self.surnames.setdefault(last, []).append(a.id)

    def _index_roles(self, source: str, data: dict[str, Any], tokenize: Any) -> None:
        for code, spec in (data.get("sectors") or {}).items():
            if not isinstance(spec, dict):
                raise ConfigError(f"{source}: sectors.{code} must be a mapping")
            kind = str(spec.get("kind", "other"))
            if kind not in KINDS:
                raise ConfigError(f"{source}: sectors.{code}.kind {kind!r} is not one of {sorted(KINDS)}")
            self.sectors[code] = Sector(code, kind, str(spec.get("label", code.lower())), spec.get("country"))
            for office, key in ((False, "groups"), (True, "offices")):
                for phrase in _as_list(source, spec.get(key), f"sectors.{code}.{key}"):
                    for form in _with_plural(str(phrase)):
                        self._add(tokenize(form), Entry("role", code, office=office))
        for word, code in (data.get("generic") or {}).items():
            for form in _with_plural(str(word)):
                self._add(tokenize(form), Entry("role", code, office=True, generic=True))
        for word, code in (data.get("modifiers") or {}).items():
            self.modifiers[str(word).lower()] = str(code)
        for code, words in (data.get("titles") or {}).items():
            for word in _as_list(source, words, f"titles.{code}"):
                self._add(tokenize(str(word)), Entry("title", str(code), office=True))
        for word in _as_list(source, data.get("honorifics"), "honorifics"):
            self._add(tokenize(str(word)), Entry("honorific", None))
        for code, words in (data.get("status") or {}).items():
            for word in _as_list(source, words, f"status.{code}"):
                self.status[str(word).lower()] = str(code)

    def _add(self, tokens: Sequence[str], entry: Entry) -> None:
        keys = [(token_key(t), t) for t in tokens]
        keys = [(k, t) for k, t in keys if k]
        if not keys:
            return
        node = self.trie
        for k, _ in keys:
            node = node.setdefault(k, {})
        entry = replace(entry, form=tuple(t for _, t in keys))
        entries: list[Entry] = node.setdefault("", [])
        # Named entries (actors, countries) outrank role words on the same phrase;
        # a phrase may name several actors ("Assad": Bashar or Hafez).
        entries[:] = [
            e for e in entries if (e.kind, e.target, e.form) != (entry.kind, entry.target, entry.form)
        ]
        if entry.kind in ("role", "title", "honorific"):
            entries[:] = [e for e in entries if e.kind not in ("role", "title", "honorific")]
        entries.append(entry)
        entries.sort(key=lambda e: _RANK.get(e.kind, 9))

    # ------------------------------------------------------------ lookups

    def match(self, keys: Sequence[str], start: int) -> Iterator[tuple[int, list[Entry]]]:
        """Yield ``(end, entries)`` for every phrase of the trie starting at
        ``keys[start]`` (``end`` exclusive), shortest first."""
        node = self.trie
        for i in range(start, len(keys)):
            nxt = node.get(keys[i])
            if nxt is None:
                return
            node = nxt
            if "" in node:
                yield i + 1, node[""]

    def country_name(self, code: str | None) -> str | None:
        if code is None:
            return None
        c = self.countries.get(code)
        return c.name if c else code

    def state(self, code: str) -> Actor:
        """The actor for a state itself (``IRN``: kind state, no sector)."""
        if code in self.actors:
            return self.actors[code]
        c = self.countries.get(code)
        if c is None:
            return Actor(code, code, "igo" if code in INTERNATIONAL else "state", code, None)
        return Actor(c.code, c.name, "state", c.code, None, aliases=c.aliases, wikidata=c.wikidata)

    def sector_actor(self, code: str | None, sector: str) -> Actor:
        """The actor for a country's sector (``IRN-GOV`` "Iran government"),
        or an unidentified one (``doc:unknown-gov``) when the country is unknown."""
        info = self.sectors.get(sector) or Sector(sector, "other", sector.lower())
        code = code or info.country
        if code is None:
            return Actor(
                f"{UNKNOWN}{sector.lower()}", f"unidentified {info.label}", info.kind, None, sector
            )
        actor_id = code if info.country == code else f"{code}-{sector}"
        if actor_id in self.actors:
            return self.actors[actor_id]
        name = info.label if info.country == code else f"{self.country_name(code)} {info.label}"
        return Actor(actor_id, name, info.kind, code, sector)


_RANK = {"actor": 0, "country": 1, "capital": 2, "demonym": 3, "title": 4, "honorific": 5, "role": 6}


def _with_plural(phrase: str) -> list[str]:
    words = phrase.split()
    if not words:
        return []
    return list(dict.fromkeys([phrase, " ".join([*words[:-1], plural(words[-1])])]))


def _as_list(source: str, value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(f"{source}: {what} must be a list")
    return value


def _strs(source: str, value: Any, what: str) -> tuple[str, ...]:
    return tuple(str(v) for v in _as_list(source, value, what) if v is not None and str(v).strip())


def _country(source: str, i: int, raw: Any) -> Country:
    if not isinstance(raw, dict) or not raw.get("code") or not raw.get("name"):
        raise ConfigError(f"{source}: countries[{i}] needs at least 'code' and 'name'")
    code = str(raw["code"])
    return Country(
        code=code,
        name=str(raw["name"]),
        aliases=_strs(source, raw.get("aliases"), f"{code}.aliases"),
        adjectives=_strs(source, raw.get("adjectives"), f"{code}.adjectives"),
        capital=str(raw["capital"]) if raw.get("capital") else None,
        capital_aliases=_strs(source, raw.get("capital_aliases"), f"{code}.capital_aliases"),
        wikidata=str(raw["wikidata"]) if raw.get("wikidata") else None,
    )


def _actor(source: str, i: int, raw: Any) -> Actor:
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name"):
        raise ConfigError(f"{source}: actors[{i}] needs at least 'id' and 'name'")
    kind = str(raw.get("kind") or "other")
    if kind not in KINDS:
        raise ConfigError(f"{source}: actor {raw['id']!r} has kind {kind!r}; use one of {sorted(KINDS)}")
    name = str(raw["name"])
    aliases = tuple(a for a in _strs(source, raw.get("aliases"), f"{raw['id']}.aliases") if a != name)
    return Actor(
        id=str(raw["id"]),
        name=name,
        kind=kind,
        country=str(raw["country"]) if raw.get("country") else None,
        sector=str(raw["sector"]) if raw.get("sector") else None,
        role=str(raw["role"]) if raw.get("role") else None,
        aliases=aliases,
        wikidata=str(raw["wikidata"]) if raw.get("wikidata") else None,
    )


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import spacy

    tok = spacy.blank("en").tokenizer

    def tokenize(text: str) -> list[str]:
        return [t.text for t in tok(text) if not t.is_space]

    return tokenize


def _read_text(path: Path, label: str) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"{label}: cannot read actor dictionary ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{label}: not valid YAML: {exc}") from None


def _parse_yaml(text: str, label: str) -> Any:
    try:
        return yamldata.parse(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{label}: not valid YAML: {exc}") from None


def _package_texts() -> list[tuple[str, str]]:
    base = resources.files("tidings").joinpath("data/actors")
    out = []
    for name in PACKAGE_FILES:
        res = base.joinpath(name)
        if res.is_file():  # a data file may be absent in a partial checkout
            out.append((f"tidings/data/actors/{name}", res.read_text("utf-8")))
    return out


def load_dictionary(extra: Sequence[str | Path] = (), *, package: bool = True) -> ActorDictionary:
    """Load the package dictionary plus user files, once per process.

    Args:
        extra: paths of user dictionary files (same schema as the package's).
        package: include the package data (tests build small dictionaries
            with ``package=False``; the role lexicon is always included).

    Raises:
        ConfigError: a user file is missing, not YAML or off-schema (the
            message names the file).

    Example:
        >>> d = load_dictionary()
        >>> d.state("IRN").name
        'Iran'
    """
    return _load(tuple(str(p) for p in extra), package)


#: Bump when the built dictionary's layout changes (the disk cache's key).
INDEX_FORMAT = "1"


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...], package: bool) -> ActorDictionary:
    texts = _package_texts()
    if not package:
        texts = [(s, t) for s, t in texts if s.endswith("roles.yaml")]
    for p in extra:
        path = Path(p).expanduser()
        if not path.is_file():
            raise ConfigError(f"{p}: actor dictionary file not found (check Settings.actor_dictionaries)")
        texts.append((p, _read_text(path, p)))
    # built from these texts by this code and spaCy's tokenizer: the cache key
    import spacy

    digest = hashlib.sha256(repr((INDEX_FORMAT, spacy.__version__, texts)).encode()).hexdigest()[:16]
    cached = diskcache.cache_dir() / f"actors-{digest}.pickle"
    d = diskcache.read(cached, ActorDictionary)
    if d is None:
        docs = [(s, _parse_yaml(t, s)) for s, t in texts]
        d = ActorDictionary.from_data(docs)
        diskcache.write(cached, d)
    return d
