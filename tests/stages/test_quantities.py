"""Tests for counts (tidings.stages.quantities). The sentences are written
for these tests; the seed checks use the shared seed pages when present."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.records import Quantity
from tidings.stages import nlp
from tidings.stages.quantities import VERSION, find_quantities

Row = tuple[str, float | None, float | None, bool, str | None, str, str | None]


def quantities(text: str, blocked: tuple[tuple[int, int], ...] = ()) -> list[Quantity]:
    return find_quantities(nlp.parse(text), blocked=blocked)


def rows(text: str) -> list[Row]:
    return [(q.text, q.low, q.high, q.vague, q.qualifier, q.category, q.noun) for q in quantities(text)]


def test_version() -> None:
    assert VERSION == "1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # killed
        (
            "An explosion killed four members of the inner circle.",
            ("four members", 4, 4, False, None, "killed", "members"),
        ),
        ("Four members of the family were killed.", ("Four members", 4, 4, False, None, "killed", "members")),
        (
            "The quake struck, killing at least three people.",
            ("at least three people", 3, None, False, "at least", "killed", "people"),
        ),
        ("The death toll rose to 12 on Sunday.", ("12", 12, 12, False, None, "killed", None)),
        ("At least 17 dead in the attack.", ("At least 17", 17, None, False, "at least", "killed", None)),
        ("Gunmen killed two soldiers.", ("two soldiers", 2, 2, False, None, "killed", "soldiers")),
        ("A dozen fighters were killed.", ("A dozen fighters", 12, 12, False, None, "killed", "fighters")),
        # injured
        ("The blast killed three and injured 50.", ("50", 50, 50, False, None, "injured", None)),
        (
            "More than 40 people were wounded.",
            ("More than 40 people", 40, None, False, "more than", "injured", "people"),
        ),
        # detained
        (
            "They want to free 48 Iranian hostages kidnapped by the opposition.",
            ("48 Iranian hostages", 48, 48, False, None, "detained", "hostages"),
        ),
        (
            "Between 10 and 15 people were arrested.",
            ("Between 10 and 15 people", 10, 15, False, None, "detained", "people"),
        ),
        (
            "Police detained up to 30 students.",
            ("up to 30 students", None, 30, False, "up to", "detained", "students"),
        ),
        ("Several hundred were detained.", ("Several hundred", 300, 900, True, None, "detained", None)),
        # displaced
        (
            "Some 1.5 million refugees crossed the border.",
            ("Some 1.5 million refugees", 1_500_000, 1_500_000, False, "some", "displaced", "refugees"),
        ),
        (
            "Scores of families fled the town.",
            ("Scores of families", 40, 99, True, None, "displaced", "families"),
        ),
        (
            "Tens of thousands were displaced.",
            ("Tens of thousands", 20_000, 99_999, True, None, "displaced", None),
        ),
        # deployed: troops and crowd sizes
        (
            "Iran is sending commanders and hundreds of foot soldiers to Syria.",
            ("hundreds of foot soldiers", 200, 999, True, None, "deployed", "soldiers"),
        ),
        (
            "Thousands of protesters gathered in the square.",
            ("Thousands of protesters", 2000, 9999, True, None, "deployed", "protesters"),
        ),
        (
            "The army deployed about two dozen tanks.",
            ("about two dozen tanks", 24, 24, False, "about", "deployed", "tanks"),
        ),
        ("Forty-two troops arrived.", ("Forty-two troops", 42, 42, False, None, "deployed", "troops")),
        # other
        (
            "He met several Iranian officials.",
            ("several Iranian officials", 3, 9, True, None, "other", "officials"),
        ),
        (
            "Two Iranian newspapers quoted the minister.",
            ("Two Iranian newspapers", 2, 2, False, None, "other", "newspapers"),
        ),
        (
            "The convoy carried 10-15 civilians.",
            ("10-15 civilians", 10, 15, False, None, "other", "civilians"),
        ),
        (
            "Nearly 1,200 villagers remain.",
            ("Nearly 1,200 villagers", 1200, 1200, False, "nearly", "other", "villagers"),
        ),
    ],
)
def test_quantities(text: str, expected: Row) -> None:
    assert expected in rows(text)


@pytest.mark.parametrize(
    "text",
    [
        "Call 2617201 0251 or send an sms to 3000282860 to register.",  # phone numbers
        "Iran: 60% of the population is poor.",  # percentages
        "A 5.9-magnitude earthquake struck; the magnitude was 5.9.",  # magnitudes
        "The five-day conference started Sunday.",  # durations
        "A 17-year-old was released after three days.",  # ages and durations
        "The war began in 2009 and ended on March 4, 2011.",  # years and dates
        "The meeting began at 10:30 a.m.",  # times
        "The aid was worth $300 million and 20 euros.",  # money
        "He finished second, the 3rd time in a row.",  # ordinals
        "One of the men was killed.",  # "one of the"
        "Flight 17 and Resolution 2254 were discussed.",  # numbers in names
        "The score was 3 and the rate rose to 5.",  # bare numbers with no noun and no category
        "The road is 40 kilometres long and the truck weighs 12 tons.",  # measures
    ],
)
def test_not_counts(text: str) -> None:
    assert quantities(text) == []


def test_offsets_and_blocked_spans() -> None:
    text = "Rebels killed 12 soldiers and wounded 30 civilians."
    found = quantities(text)
    assert (
        [text[q.start : q.end] for q in found] == [q.text for q in found] == ["12 soldiers", "30 civilians"]
    )
    start = text.index("12")
    assert [q.text for q in quantities(text, blocked=((start, start + 2),))] == ["30 civilians"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("0123456789 ,.-%$ofhundredskilledtwo\n"), max_size=60))
def test_hostile_text(text: str) -> None:
    for q in quantities(text):
        assert text[q.start : q.end] == q.text
        assert q.category in ("killed", "injured", "detained", "deployed", "displaced", "other")
        assert q.low is None or q.high is None or q.low <= q.high


# --- seeds -----------------------------------------------------------------


def test_seed_001(parsed_seed: Callable[[str], tuple[str, Any]]) -> None:
    _, doc = parsed_seed("001")
    got = {(q.text, q.low, q.high, q.vague, q.category, q.noun) for q in find_quantities(doc)}
    assert ("hundreds of foot soldiers", 200, 999, True, "deployed", "soldiers") in got
    assert ("48 Iranian hostages", 48, 48, False, "detained", "hostages") in got
    assert ("four members", 4, 4, False, "killed", "members") in got
    assert not any(text.startswith(("five", "one", "One")) for text, *_ in got)


def test_seed_000_has_no_counts(parsed_seed: Callable[[str], tuple[str, Any]]) -> None:
    # the phone number line ("2617201 0251", "3000282860") and "the 2009 Israel – Gaza war"
    _, doc = parsed_seed("000")
    assert find_quantities(doc) == []
