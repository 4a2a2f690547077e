"""Actor resolution: dictionary, demonyms, capitals, roles, titles, appositions,
coreference, fuzzy names, and the negatives (places, common words).

Most tests use a small dictionary written here (same schema as the package
data), so they do not move when the package dictionary grows; a few use the
package data and skip when it is absent.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.errors import ConfigError
from tidings.records import Actor, Mention
from tidings.stages import nlp
from tidings.stages.actordict import ActorDictionary, load_dictionary, slug, token_key, translit_key
from tidings.stages.actors import resolve_actors

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "tidings" / "data" / "actors"
SEEDS = Path(os.environ.get("TIDINGS_SHARED_DIR", REPO.parent / "shared")) / "seeds"
SEED = "001_679cfeae917c6907.txt"

COUNTRIES = [
    {
        "code": "IRN",
        "name": "Iran",
        "aliases": ["Islamic Republic of Iran"],
        "adjectives": ["Iranian"],
        "capital": "Tehran",
        "capital_aliases": ["Teheran"],
        "wikidata": "Q794",
    },
    {"code": "SYR", "name": "Syria", "aliases": [], "adjectives": ["Syrian"], "capital": "Damascus"},
    {"code": "JOR", "name": "Jordan", "aliases": [], "adjectives": ["Jordanian"], "capital": "Amman"},
    {"code": "TUR", "name": "Turkey", "aliases": [], "adjectives": ["Turkish"], "capital": "Ankara"},
    {"code": "TCD", "name": "Chad", "aliases": [], "adjectives": ["Chadian"], "capital": "N'Djamena"},
    {
        "code": "USA",
        "name": "United States",
        "aliases": ["US", "U.S."],
        "adjectives": ["American"],
        "capital": "Washington",
    },
    {"code": "SDN", "name": "Sudan", "aliases": [], "adjectives": ["Sudanese"], "capital": "Khartoum"},
    {"code": "ISR", "name": "Israel", "aliases": [], "adjectives": ["Israeli"], "capital": "Jerusalem"},
    {"code": "IRQ", "name": "Iraq", "aliases": [], "adjectives": ["Iraqi"], "capital": "Baghdad"},
    {
        "code": "GBR",
        "name": "United Kingdom",
        "aliases": ["Britain"],
        "adjectives": ["British"],
        "capital": "London",
    },
    {"code": "ZMB", "name": "Zambia", "aliases": [], "adjectives": ["Zambian"], "capital": "Lusaka"},
    {"code": "DZA", "name": "Algeria", "aliases": [], "adjectives": ["Algerian"], "capital": "Algiers"},
    {"code": "AFG", "name": "Afghanistan", "aliases": [], "adjectives": ["Afghan"], "capital": "Kabul"},
    {"code": "ALB", "name": "Albania", "aliases": [], "adjectives": ["Albanian"], "capital": "Tirana"},
    {"code": "SRB", "name": "Serbia", "aliases": [], "adjectives": ["Serbian"], "capital": "Belgrade"},
]
ACTORS = [
    {
        "id": "IRN-IRGC",
        "name": "Islamic Revolutionary Guard Corps",
        "kind": "armed_force",
        "country": "IRN",
        "sector": "MIL",
        "aliases": ["IRGC", "Revolutionary Guard Corps", "Revolutionary Guards"],
        "wikidata": "Q271110",
    },
    {"id": "IRN-QUDS", "name": "Quds Force", "kind": "armed_force", "country": "IRN", "sector": "MIL"},
    {
        "id": "SYR-FSA",
        "name": "Free Syrian Army",
        "kind": "armed_group",
        "country": "SYR",
        "sector": "REB",
        "aliases": ["FSA"],
    },
    {
        "id": "LBN-HEZBOLLAH",
        "name": "Hezbollah",
        "kind": "armed_group",
        "country": "LBN",
        "sector": "REB",
        "aliases": ["Hizbollah"],
    },
    {"id": "UNO", "name": "United Nations", "kind": "igo", "country": "UNO", "aliases": ["UN", "U.N."]},
    {
        "id": "person:bashar-al-assad",
        "name": "Bashar al-Assad",
        "kind": "person",
        "country": "SYR",
        "sector": "GOV",
        "role": "President",
        "aliases": ["Bashar Assad"],
        "wikidata": "Q44329",
    },
    {
        "id": "person:qasem-soleimani",
        "name": "Qasem Soleimani",
        "kind": "person",
        "country": "IRN",
        "sector": "MIL",
        "aliases": ["Qassem Soleimani"],
    },
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> ActorDictionary:
    path = tmp_path_factory.mktemp("dict") / "actors.yaml"
    path.write_text(yaml.safe_dump({"countries": COUNTRIES, "actors": ACTORS}), "utf-8")
    return load_dictionary([path], package=False)


def resolve(text: str, d: ActorDictionary) -> tuple[dict[str, Actor], list[Mention]]:
    actors, mentions = resolve_actors(nlp.parse(text), dictionary=d)
    return {a.id: a for a in actors}, mentions


def find(mentions: list[Mention], text: str) -> Mention:
    hits = [m for m in mentions if text in m.text]
    assert hits, f"no mention containing {text!r} in {[m.text for m in mentions]}"
    return hits[0]


# ---------------------------------------------------------------- countries, capitals, roles


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("Iran said it would respond to the sanctions.", "Iran", ("IRN", "dictionary", None)),
        (
            "The Islamic Republic of Iran rejected the offer.",
            "Islamic Republic of Iran",
            ("IRN", "dictionary", None),
        ),
        ("Iranian influence is growing, analysts say.", "Iranian", ("IRN", "demonym", None)),
        ("Tehran said it would respond to the sanctions.", "Tehran", ("IRN-GOV", "capital", "GOV")),
        ("Tehran's efforts to aid the regime were stepped up.", "Tehran", ("IRN-GOV", "capital", "GOV")),
        ("Washington imposed new sanctions on Tehran.", "Washington", ("USA-GOV", "capital", "GOV")),
        ("Syrian forces shelled the town on Monday.", "Syrian forces", ("SYR-MIL", "role", "MIL")),
        ("The Iranian regime denied the report.", "Iranian regime", ("IRN-GOV", "role", "GOV")),
        ("Iran's defense minister visited the front.", "Iran's defense minister", ("IRN-GOV", "role", "GOV")),
        ("The government of Sudan lifted the curfew.", "government of Sudan", ("SDN-GOV", "role", "GOV")),
        ("The Khartoum government lifted the curfew.", "Khartoum government", ("SDN-GOV", "role", "GOV")),
        ("Israel's high court opened a hearing.", "Israel's high court", ("ISR-JUD", "role", "JUD")),
        ("Iranian lawmakers approved the budget.", "Iranian lawmakers", ("IRN-LEG", "role", "LEG")),
        ("Syrian police arrested twelve men.", "Syrian police", ("SYR-COP", "role", "COP")),
        ("Syrian rebels seized the airport.", "Syrian rebels", ("SYR-REB", "role", "REB")),
        (
            "Syrian opposition members met in Istanbul.",
            "Syrian opposition members",
            ("SYR-OPP", "role", "OPP"),
        ),
        (
            "Iranian protesters gathered outside the embassy.",
            "Iranian protesters",
            ("IRN-CVL", "role", "CVL"),
        ),
        ("Two Syrian journalists were detained.", "Syrian journalists", ("SYR-JRN", "role", "JRN")),
        ("Syrian doctors treated the wounded.", "Syrian doctors", ("SYR-MED", "role", "MED")),
        ("Syrian refugees crossed the border.", "Syrian refugees", ("SYR-REF", "role", "REF")),
        (
            "The Iranian intelligence service arrested him.",
            "Iranian intelligence service",
            ("IRN-SPY", "role", "SPY"),
        ),
        ("Iraqi businessmen signed the contract.", "Iraqi businessmen", ("IRQ-BUS", "role", "BUS")),
        ("Iranian security officials denied it.", "Iranian security officials", ("IRN-COP", "role", "COP")),
        ("Syrian rebel commanders said they would retreat.", "rebel commanders", ("SYR-REB", "role", "REB")),
        ("Iraqi Kurds demonstrated on Sunday.", "Kurds", ("doc:kurds", "ner", "CVL")),
        ("Up to 100 ethnic Albanians demonstrated in Serbia.", "Albanians", ("doc:albanians", "ner", "CVL")),
    ],
)
def test_countries_capitals_roles(
    small: ActorDictionary, text: str, span: str, expected: tuple[str, str, str | None]
) -> None:
    actor, method, sector = expected
    actors, mentions = resolve(text, small)
    m = find(mentions, span)
    assert (m.actor, m.method) == (actor, method)
    assert actors[actor].sector == sector


@pytest.mark.parametrize(
    ("text", "span", "actor", "country"),
    [
        # no modifier: the dominant country of the sentence, then paragraph, then document
        ("Police said the fighting in Syria had stopped.", "Police", "SYR-COP", "SYR"),
        ("Iran denied it. Officials said the report was false.", "Officials", "IRN-GOV", "IRN"),
        (
            "Iran and Iran's allies met. Syria sent a note. The army was put on alert.",
            "army",
            "IRN-MIL",
            "IRN",
        ),
        # a destination is no clue to who goes there: the document's country
        (
            "Iran is sending more fighters abroad. Iran denies it.\n\n"
            "Hundreds of soldiers were deployed to Syria.",
            "soldiers",
            "IRN-MIL",
            "IRN",
        ),
        # members listed with "including" share the group's country, whatever the sentence's
        (
            "Iran's leaders, including its army commanders, backed Syria, Syria's army and Syria's allies.",
            "commanders",
            "IRN-MIL",
            "IRN",
        ),
        # unknown country: an unidentified actor, never a guess
        ("Officials said the talks would resume.", "Officials", "doc:unknown-gov", None),
        ("Ethnic Albanians in Serbia demanded a U.N. presence.", "Albanians", "doc:albanians", "SRB"),
    ],
)
def test_role_country_from_context(
    small: ActorDictionary, text: str, span: str, actor: str, country: str | None
) -> None:
    actors, mentions = resolve(text, small)
    m = find(mentions, span)
    assert m.actor == actor
    assert actors[actor].country == country


def test_human_rights_group_is_an_ngo(small: ActorDictionary) -> None:
    actors, mentions = resolve("A human rights group protested on Wednesday.", small)
    m = find(mentions, "rights group")
    assert (actors[m.actor].country, actors[m.actor].sector) == ("NGO", "SOC")


# ---------------------------------------------------------------- people: titles and appositions


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            "Iran would send help, two Iranian newspapers quoted Defense Minister Ahmad Vahidi as saying.",
            "Ahmad Vahidi",
            ("person:ahmad-vahidi", "IRN", "GOV", "Defense Minister"),
        ),
        (
            "Iranian Foreign Minister Ali Akbar Salehi said Thursday that Iran would announce a plan.",
            "Ali Akbar Salehi",
            ("person:ali-akbar-salehi", "IRN", "GOV", "Foreign Minister"),
        ),
        (
            "Gen. Salar Abnoush, commander of IRGC's Saheb al-Amr unit, told volunteer trainees.",
            "Salar Abnoush",
            ("person:salar-abnoush", "IRN", "MIL", None),
        ),
        (
            "Mohsen Sazegara, a founding IRGC member who now opposes the Iranian regime and lives in exile, "
            "said by telephone.",
            "Mohsen Sazegara",
            ("person:mohsen-sazegara", "IRN", "OPP", None),
        ),
        (
            "Kenya deported suspected Somali militant Abdi Warsame Farah to Mogadishu on Friday.",
            "Abdi Warsame Farah",
            ("person:abdi-warsame-farah", "SOM", "REB", "militant"),
        ),
        (
            "Ousted Gabonese President Marc Obiang Ndong returned from exile.",
            "Marc Obiang Ndong",
            ("person:marc-obiang-ndong", "GAB", "ELI", "President"),
        ),
        (
            "Egypt's president received Bhutan's visiting King Tenzin Wangdi in Cairo.",
            "Tenzin Wangdi",
            ("person:tenzin-wangdi", "BTN", "GOV", "King"),
        ),
    ],
)
def test_people_with_titles_and_appositions(
    text: str, name: str, expected: tuple[str, str, str, str | None]
) -> None:
    """With the package dictionary: the people are in no dictionary, their
    country and sector come from the title or the apposition."""
    actor, country, sector, role = expected
    actors, mentions = resolve(text, load_dictionary())
    m = find(mentions, name)
    assert m.actor == actor
    assert m.method == "title"
    a = actors[actor]
    assert (a.kind, a.country, a.sector) == ("person", country, sector)
    if role is not None:
        assert a.role == role
    else:
        assert a.role  # taken from the apposition


def test_title_is_part_of_the_mention_not_a_role_of_its_own(small: ActorDictionary) -> None:
    _, mentions = resolve("Iranian Foreign Minister Ali Akbar Salehi arrived in Damascus.", small)
    assert [m.text for m in mentions] == ["Iranian Foreign Minister Ali Akbar Salehi"]


# ---------------------------------------------------------------- coreference


def test_surname_refers_to_dictionary_person_named_in_full(small: ActorDictionary) -> None:
    text = "Syrian President Bashar al-Assad spoke on Monday. Later Mr. Assad said the army would win."
    actors, mentions = resolve(text, small)
    first, second = find(mentions, "Bashar al-Assad"), find(mentions, "Mr. Assad")
    assert first.actor == second.actor == "person:bashar-al-assad"
    assert actors["person:bashar-al-assad"].wikidata == "Q44329"


def test_surname_refers_to_person_named_in_full_in_the_text(small: ActorDictionary) -> None:
    text = "Defense Minister Ahmad Vahidi spoke in Tehran on Monday. Mr. Vahidi said Iran was ready."
    _, mentions = resolve(text, small)
    m = find(mentions, "Mr. Vahidi")
    assert (m.actor, m.method) == ("person:ahmad-vahidi", "coreference")


@pytest.mark.parametrize(
    ("text", "anaphor", "actor"),
    [
        (
            "Iran is sending commanders of its Revolutionary Guard Corps to Syria, according to members "
            "of the corps.",
            "the corps",
            "IRN-IRGC",
        ),
        (
            "The Revolutionary Guards sent troops. A militia answering to the guards followed.",
            "the guards",
            "IRN-IRGC",
        ),
        (
            "Iran's Foreign Ministry reached out to the opposition. The ministry said talks would follow.",
            "the ministry",
            "IRN-GOV",
        ),
    ],
)
def test_definite_reference_to_a_named_institution(
    small: ActorDictionary, text: str, anaphor: str, actor: str
) -> None:
    _, mentions = resolve(text, small)
    m = next(m for m in mentions if m.text.lower() == anaphor)
    assert m.actor == actor
    assert m.method == "coreference"


# ---------------------------------------------------------------- fuzzy names


@pytest.mark.parametrize(
    ("text", "span", "actor"),
    [
        (
            "Khamenei appointed Qasim Solaimani to lead the effort.",
            "Qasim Solaimani",
            "person:qasem-soleimani",
        ),
        ("Bashar Asad met the envoy on Monday.", "Bashar Asad", "person:bashar-al-assad"),
        ("The Quds Forces are the IRGC's operatives outside Iran.", "Quds Forces", "IRN-QUDS"),
        ("Tajikistan accepted an invitation from Afganistan to hold border talks.", "Afganistan", "AFG"),
    ],
)
def test_spelling_variants(small: ActorDictionary, text: str, span: str, actor: str) -> None:
    _, mentions = resolve(text, small)
    m = find(mentions, span)
    assert (m.actor, m.method) == (actor, "fuzzy")
    assert 0.85 <= m.score <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Qasem Rahimi met the delegation on Monday.",  # same first name, another man
        "Bashir Hassan met the delegation on Monday.",
        "The force said it would hold its positions.",  # a common word is never fuzzy-matched
    ],
)
def test_no_fuzzy_match_for_other_names_or_common_words(small: ActorDictionary, text: str) -> None:
    actors, mentions = resolve(text, small)
    assert not [m for m in mentions if m.method == "fuzzy"]
    assert not {"person:qasem-soleimani", "person:bashar-al-assad", "IRN-QUDS"} & set(actors)


# ---------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("The summit of the Non-Aligned Movement opened in Tehran on Monday.", "IRN-GOV"),
        ("An IRGC member in Tehran with knowledge of the plan spoke.", "IRN-GOV"),
        ("Fighting continued in Syria on Monday.", "SYR"),
        ("We ate turkey with friends.", "TUR"),
        ("He told us about the war.", "USA"),
        ("The chad of the ballot was hanging.", "TCD"),
        ("The United States sent military aid.", "USA-MIL"),
        ("The pro-Iranian militia fired rockets.", "IRN"),
        ("Michael Jordan visited Amman last week.", "JOR"),
        ("Mr. Jordan said he was happy with the result.", "JOR"),
    ],
)
def test_places_and_common_words_are_not_actors(small: ActorDictionary, text: str, absent: str) -> None:
    actors, mentions = resolve(text, small)
    assert absent not in actors
    assert absent not in {m.actor for m in mentions}


def test_jordan_the_country_and_jordan_the_person(small: ActorDictionary) -> None:
    actors, mentions = resolve("Jordan said it would close the border. Michael Jordan said nothing.", small)
    assert find(mentions, "Jordan").actor == "JOR"
    assert actors[find(mentions, "Michael Jordan").actor].kind == "person"


def test_place_names_spacy_mislabels_are_not_organizations(small: ActorDictionary) -> None:
    _, mentions = resolve("Rebel attacks hit Syria's biggest cities, Damascus and Aleppo, in July.", small)
    assert not [m for m in mentions if m.text in ("Damascus", "Aleppo")]


def test_unknown_organizations_and_people_are_kept(small: ActorDictionary) -> None:
    actors, mentions = resolve("The Azadliq Coalition said Rasul Guliyev would lead the rally.", small)
    org = find(mentions, "Azadliq Coalition")
    person = find(mentions, "Rasul Guliyev")
    assert (org.actor, org.method) == ("doc:azadliq-coalition", "ner")
    assert (person.actor, actors[person.actor].kind) == ("person:rasul-guliyev", "person")
    assert actors[person.actor].country is None  # no clue in the text: no guess


# ---------------------------------------------------------------- invariants


def test_mentions_sorted_disjoint_and_grounded(small: ActorDictionary) -> None:
    text = (
        "Iran is sending commanders from its elite Revolutionary Guard Corps to Syria. Tehran's "
        "efforts to aid the military of Syrian President Bashar al-Assad grew. Mr. Assad's army "
        "is strained, Syrian opposition members say, and the Free Syrian Army holds 48 Iranians."
    )
    doc = nlp.parse(text)
    actors, mentions = resolve_actors(doc, dictionary=small)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.method in {
            "dictionary",
            "fuzzy",
            "demonym",
            "capital",
            "role",
            "title",
            "coreference",
            "ner",
        }
        assert 0 < m.score <= 1
    ids = [a.id for a in actors]
    assert len(ids) == len(set(ids))
    firsts = list(dict.fromkeys(m.actor for m in mentions))
    assert ids == firsts


def test_empty_document(small: ActorDictionary) -> None:
    assert resolve_actors(nlp.parse(""), dictionary=small) == ([], [])
    assert resolve_actors(nlp.parse(" \n\n "), dictionary=small) == ([], [])


_WORDS = [
    "Iran",
    "Iranian",
    "Tehran",
    "in",
    "the",
    "army",
    "said",
    "Mr.",
    "Assad",
    "IRGC",
    "-",
    "pro",
    "corps",
    ",",
    "of",
    "US",
    "$",
    "Qasim",
    "Solaimani",
    "Syrian",
    "forces",
    "\n\n",
    "'s",
    "ethnic",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_any_word_salad_gives_grounded_disjoint_mentions(small: ActorDictionary, words: list[str]) -> None:
    text = " ".join(words)
    actors, mentions = resolve_actors(nlp.parse(text), dictionary=small)
    ids = {a.id for a in actors}
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start
    for m in mentions:
        assert text[m.start : m.end] == m.text and m.actor in ids


# ---------------------------------------------------------------- the dictionary


def test_keys_and_slugs() -> None:
    assert token_key("U.S.") == "us"
    assert token_key("IRGC’s") == "irgc's"
    assert token_key("-") == ""
    assert translit_key("Qasem Soleimani") != translit_key("Qasem Rahimi")
    assert translit_key("Bashar al-Assad") == translit_key("Bashar Asad")
    assert slug("Ahmad Vahidi") == "ahmad-vahidi"


def test_user_file_overrides_and_extends(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "countries": COUNTRIES[:2],
                "actors": [
                    {
                        "id": "SYR-FSA",
                        "name": "Free Syrian Army",
                        "kind": "armed_group",
                        "country": "SYR",
                        "sector": "REB",
                        "aliases": ["FSA"],
                        "wikidata": "Q1",
                    }
                ],
            }
        ),
        "utf-8",
    )
    d = load_dictionary([path], package=False)
    assert load_dictionary([path], package=False) is d  # cached per process
    assert d.actors["SYR-FSA"].wikidata == "Q1"
    assert d.state("IRN").name == "Iran"
    assert d.sector_actor("IRN", "GOV").name == "Iran government"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actors: [unclosed", "not valid YAML"),
        ("- a\n- b\n", "must be a YAML mapping"),
        ("actors: {id: X}", "actors must be a list"),
        ("actors:\n  - {name: No id}", "needs at least 'id' and 'name'"),
        ("actors:\n  - {id: X, name: Y, kind: wizard}", "kind 'wizard'"),
        ("countries:\n  - {code: XXX}", "needs at least 'code' and 'name'"),
        ("people: []", "unknown top-level keys"),
    ],
)
def test_bad_user_file_is_a_config_error_naming_it(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, "utf-8")
    with pytest.raises(ConfigError) as err:
        load_dictionary([path])
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_missing_user_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_dictionary([tmp_path / "nope.yaml"])


# ---------------------------------------------------------------- package data and the seed


def _package_data_complete() -> bool:
    return all((DATA / f).is_file() for f in ("countries.yaml", "organizations.yaml", "people.yaml"))


@pytest.fixture(scope="module")
def seed_result() -> tuple[dict[str, Actor], list[Mention], str]:
    path = SEEDS / SEED
    if not path.is_file():
        pytest.skip("seed not present")
    if not _package_data_complete():
        pytest.skip("package actor dictionary not complete yet")
    from tidings import process_text

    article = process_text(path.read_text("utf-8"))
    actors, mentions = resolve_actors(nlp.parse(article.text))
    return {a.id: a for a in actors}, mentions, article.text


def _actor_of(seed: tuple[dict[str, Actor], list[Mention], str], span: str) -> tuple[Actor, Mention]:
    actors, mentions, _ = seed
    m = find(mentions, span)
    return actors[m.actor], m


def test_seed_irgc_and_the_corps(seed_result: Any) -> None:
    irgc, _ = _actor_of(seed_result, "Revolutionary Guard Corps")
    assert (irgc.country, irgc.sector) == ("IRN", "MIL")
    _, mentions, _ = seed_result
    corps = [m for m in mentions if m.text.lower() == "the corps"]
    assert corps and all(m.actor == irgc.id for m in corps)
    assert find(mentions, "IRGC").actor == irgc.id


def test_seed_people(seed_result: Any) -> None:
    assad, _ = _actor_of(seed_result, "Mr. Assad")
    assert (assad.name, assad.country, assad.sector) == ("Bashar al-Assad", "SYR", "GOV")
    soleimani, _ = _actor_of(seed_result, "Qasim Solaimani")
    assert soleimani.name == "Qasem Soleimani" and soleimani.country == "IRN"
    vahidi, _ = _actor_of(seed_result, "Ahmad Vahidi")
    assert (vahidi.country, vahidi.sector) == ("IRN", "GOV") and vahidi.role
    abnoush, _ = _actor_of(seed_result, "Salar Abnoush")
    assert (abnoush.country, abnoush.sector) == ("IRN", "MIL")
    sazegara, _ = _actor_of(seed_result, "Mohsen Sazegara")
    assert sazegara.country == "IRN" and sazegara.sector in ("OPP", "ELI")


def test_seed_groups_and_capital(seed_result: Any) -> None:
    fsa, _ = _actor_of(seed_result, "Free Syrian Army")
    assert (fsa.country, fsa.sector) == ("SYR", "REB")
    hezbollah, _ = _actor_of(seed_result, "Hezbollah")
    assert hezbollah.country == "LBN"
    _, mentions, text = seed_result
    tehran = [m for m in mentions if m.text == "Tehran"]
    assert tehran and all(m.actor == "IRN-GOV" and m.method == "capital" for m in tehran)
    # "in Tehran" is a place: fewer Tehran mentions than occurrences of the word
    assert len(tehran) < text.count("Tehran")


def test_a_country_word_is_never_fuzzy_matched_to_another_country() -> None:
    """ "Nigerian Army" is Nigeria's army, not a near spelling of Niger's."""
    from tidings.stages.actordict import load_dictionary
    from tidings.stages.actors import resolve_actors
    from tidings.stages.nlp import parse

    doc = parse("Troops of the Nigerian Army rescued seven of the abducted pupils on Tuesday.")
    actors, mentions = resolve_actors(doc, dictionary=load_dictionary())
    by_id = {a.id: a for a in actors}
    army = [m for m in mentions if "Army" in m.text]
    assert army and all(by_id[m.actor].country == "NGA" for m in army)


def test_headline_case_words_are_not_taken_for_an_organisation() -> None:
    from tidings.stages.actordict import load_dictionary
    from tidings.stages.actors import resolve_actors
    from tidings.stages.nlp import parse

    actors, mentions = resolve_actors(
        parse("Iran Starts Recruitment Drive for Syria"), dictionary=load_dictionary()
    )
    assert {m.text for m in mentions} == {"Iran", "Syria"}
    assert all(not a.id.startswith("doc:") for a in actors)


@pytest.mark.parametrize(
    ("text", "surname", "expected"),
    [
        ("Coach Taylor said the team would train on Monday.", "Taylor", None),
        ("Powell said the company would cut jobs.", "Powell", None),
        ("Liberian rebels said Taylor must leave Monrovia.", "Taylor", "person:charles-taylor"),
    ],
)
def test_bare_surname_needs_its_country_in_the_text(text: str, surname: str, expected: str | None) -> None:
    """A dictionary person is named by surname alone only where the text
    also names that person's country; otherwise the name stays unresolved."""
    actors, mentions = resolve(text, load_dictionary())
    m = find(mentions, surname)
    if expected is None:
        assert not m.actor.startswith("person:") or m.method == "ner"
        assert actors[m.actor].country is None
    else:
        assert m.actor == expected


def test_a_surname_dictionary_people_share_gives_their_common_country(tmp_path: Path) -> None:
    # "the Bush administration": either Bush, both American; a surname whose
    # bearers are of different countries says nothing
    people = [
        ("ann-okonjo", "Ann Okonjo", "KEN"),
        ("ben-okonjo", "Ben Okonjo", "KEN"),
        ("cid-mbekiwe", "Cid Mbekiwe", "KEN"),
        ("dan-mbekiwe", "Dan Mbekiwe", "UGA"),
    ]
    path = tmp_path / "people.yaml"
    actors_yaml = [
        {"id": f"person:{i}", "name": name, "kind": "person", "country": c, "sector": "GOV"}
        for i, name, c in people
    ]
    path.write_text(yaml.safe_dump({"actors": actors_yaml}), "utf-8")
    d = load_dictionary([path])
    actors, mentions = resolve("The Okonjo administration imposed a curfew on the city.", d)
    m = find(mentions, "administration")
    assert m.actor is not None and actors[m.actor].country == "KEN" and actors[m.actor].sector == "GOV"
    actors, mentions = resolve("The Mbekiwe administration imposed a curfew on the city.", d)
    assert all(actors[m.actor].country is None for m in mentions if m.actor and "administration" in m.text)
