"""Tests for date resolution (tidings.stages.dates).

Publication date for the sentences: Monday 27 August 2012 unless a test says
otherwise. The sentences are written for these tests.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.records import DateMention
from tidings.stages import nlp
from tidings.stages.dates import VERSION, find_dates

MONDAY = date(2012, 8, 27)


def dates(
    text: str, published: date | None = MONDAY, blocked: tuple[tuple[int, int], ...] = ()
) -> list[DateMention]:
    return find_dates(nlp.parse(text), published, blocked=blocked)


def one(text: str, published: date | None = MONDAY) -> DateMention:
    found = dates(text, published)
    assert len(found) == 1, found
    return found[0]


def test_version() -> None:
    assert VERSION == "1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weekdays: the latest on or before publication...
        ("Officials met on Thursday.", ("Thursday", "2012-08-23", "2012-08-23", "day", True)),
        ("He told trainees in a speech Monday.", ("Monday", "2012-08-27", "2012-08-27", "day", True)),
        ("Officials met on Friday night.", ("Friday night", "2012-08-24", "2012-08-24", "day", True)),
        ("The conference started Sunday.", ("Sunday", "2012-08-26", "2012-08-26", "day", True)),
        ("He left last Monday.", ("last Monday", "2012-08-20", "2012-08-20", "day", True)),
        # ... unless the wording or the tense looks ahead
        ("He will arrive next Monday.", ("next Monday", "2012-09-03", "2012-09-03", "day", True)),
        ("The summit will open on Thursday.", ("Thursday", "2012-08-30", "2012-08-30", "day", True)),
        ("Talks are set to resume on Friday.", ("Friday", "2012-08-31", "2012-08-31", "day", True)),
        # deictic words
        ("Yesterday the army withdrew.", ("Yesterday", "2012-08-26", "2012-08-26", "day", True)),
        ("The vote is today.", ("today", "2012-08-27", "2012-08-27", "day", True)),
        ("Shelling resumed last night.", ("last night", "2012-08-26", "2012-08-26", "day", True)),
        ("They will meet tomorrow.", ("tomorrow", "2012-08-28", "2012-08-28", "day", True)),
        ("Clashes broke out over the weekend.", ("the weekend", "2012-08-25", "2012-08-26", "day", True)),
        # weeks, months, years relative to publication
        ("It happened last week.", ("last week", "2012-08-20", "2012-08-26", "week", True)),
        ("The summit is this week.", ("this week", "2012-08-27", "2012-09-02", "week", True)),
        ("Hostages were kidnapped this month.", ("this month", "2012-08-01", "2012-08-31", "month", True)),
        ("Prices rose last month.", ("last month", "2012-07-01", "2012-07-31", "month", True)),
        (
            "Earlier this year the envoy resigned.",
            ("Earlier this year", "2012-01-01", "2012-08-27", "year", True),
        ),
        ("Fighting has grown in the past week.", ("the past week", "2012-08-20", "2012-08-27", "week", True)),
        ("It was agreed last year.", ("last year", "2011-01-01", "2011-12-31", "year", True)),
        # months without a year: the latest one that began by publication
        ("There was an explosion in July.", ("July", "2012-07-01", "2012-07-31", "month", True)),
        ("The offensive began in December.", ("December", "2011-12-01", "2011-12-31", "month", True)),
        ("Elections will be held in September.", ("September", "2012-09-01", "2012-09-30", "month", True)),
        ("It has been quiet since mid-July.", ("mid-July", "2012-07-11", "2012-07-20", "month", True)),
        # seasons (northern hemisphere, meteorological)
        ("Rebels attacked this summer.", ("this summer", "2012-06-01", "2012-08-31", "season", True)),
        ("The siege began last winter.", ("last winter", "2011-12-01", "2012-02-29", "season", True)),
        ("Talks resume next spring.", ("next spring", "2013-03-01", "2013-05-31", "season", True)),
        (
            "It began in the summer of 2011.",
            ("the summer of 2011", "2011-06-01", "2011-08-31", "season", False),
        ),
        # ranges up to publication
        (
            "In recent weeks, the army has been hobbled.",
            ("recent weeks", "2012-07-30", "2012-08-27", "week", True),
        ),
        (
            "In the past few months, ministries reached out.",
            ("the past few months", "2012-05-27", "2012-08-27", "month", True),
        ),
        ("Two weeks ago the border closed.", ("Two weeks ago", "2012-08-13", "2012-08-19", "week", True)),
        # explicit dates
        ("The vote is on March 4, 2025.", ("March 4, 2025", "2025-03-04", "2025-03-04", "day", False)),
        ("The vote was held on 4 March 2011.", ("4 March 2011", "2011-03-04", "2011-03-04", "day", False)),
        ("Filed 2011-03-04 by the court.", ("2011-03-04", "2011-03-04", "2011-03-04", "day", False)),
        (
            "Tehran, Iran, Apr. 05 – The new envoy arrived.",
            ("Apr. 05", "2012-04-05", "2012-04-05", "day", True),
        ),
        ("The ceasefire held until 12 August.", ("12 August", "2012-08-12", "2012-08-12", "day", True)),
        ("Protests began in March 2011.", ("March 2011", "2011-03-01", "2011-03-31", "month", False)),
        (
            "During the 2009 Israel – Gaza war, volunteers waited.",
            ("2009", "2009-01-01", "2009-12-31", "year", False),
        ),
        ("The conflict of the 1990s ended.", ("1990s", "1990-01-01", "1999-12-31", "year", False)),
    ],
)
def test_dates(text: str, expected: tuple[str, str, str, str, bool]) -> None:
    d = one(text)
    assert (d.text, d.value, d.until, d.precision, d.relative) == expected
    assert text[d.start : d.end] == d.text


def test_year_of_a_day_without_year_is_the_closest() -> None:
    assert one("The envoy arrived on Dec. 28.", date(2013, 1, 3)).value == "2012-12-28"
    assert one("The envoy arrives on Jan. 5.", date(2012, 12, 28)).value == "2013-01-05"


def test_weekend_publication_and_season_edges() -> None:
    saturday = date(2012, 9, 1)
    assert one("Clashes broke out this weekend.", saturday).value == "2012-09-01"
    assert one("Rebels attacked last summer.", date(2012, 10, 5)).value == "2012-06-01"
    assert one("Snow is expected this winter.", date(2012, 10, 5)).value == "2012-12-01"


@pytest.mark.parametrize(
    "text",
    [
        "Call 2617201 0251 or send an sms to 3000282860 to register.",
        "Gunmen freed 48 hostages.",
        "Iran: 60% of the population is poor.",
        "A 5.9-magnitude earthquake struck.",
        "The 17-year-old was released.",
        "It was a five-day conference for three days.",
        "Iran deployed 2000 troops.",
        "The Sunday Times reported that May was elected.",
        "The march drew a crowd; may they fall.",
        "The dossier cost $2012 to print.",
    ],
)
def test_not_dates(text: str) -> None:
    assert dates(text) == []


def test_without_publication_date_relative_dates_have_no_value() -> None:
    found = dates("On Thursday, in July 2011, last week, this summer and on March 4, 2012.", published=None)
    got = {d.text: (d.value, d.until, d.precision, d.relative) for d in found}
    assert got["Thursday"] == (None, None, "day", True)
    assert got["last week"] == (None, None, "week", True)
    assert got["this summer"] == (None, None, "season", True)
    assert got["July 2011"] == ("2011-07-01", "2011-07-31", "month", False)
    assert got["March 4, 2012"] == ("2012-03-04", "2012-03-04", "day", False)


def test_blocked_spans_are_skipped() -> None:
    text = "See the 2011-03-04 report and the talks on Thursday."
    start = text.index("2011")
    assert [d.text for d in dates(text, blocked=((start, start + 10),))] == ["Thursday"]


def test_dates_are_in_text_order_and_do_not_overlap() -> None:
    found = dates("On Monday, March 4, 2013, and in July 2011, they met last week.")
    assert [d.text for d in found] == ["Monday, March 4, 2013", "July 2011", "last week"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("Mondayjulstwk 0123456789-,./%\nlastnexth"), max_size=60))
def test_hostile_text(text: str) -> None:
    for d in dates(text):
        assert text[d.start : d.end] == d.text
        assert d.precision in ("day", "week", "month", "season", "year")
        assert d.value is None or d.until is None or d.value <= d.until


# --- seeds -----------------------------------------------------------------


def test_seed_001(parsed_seed: Callable[[str], tuple[str, Any]]) -> None:
    _, doc = parsed_seed("001")
    found = find_dates(doc, MONDAY)
    got = {(d.text, d.value, d.until, d.precision) for d in found}
    assert ("Monday", "2012-08-27", "2012-08-27", "day") in got
    assert ("Thursday", "2012-08-23", "2012-08-23", "day") in got
    assert ("July", "2012-07-01", "2012-07-31", "month") in got
    assert ("this summer", "2012-06-01", "2012-08-31", "season") in got
    assert ("this week", "2012-08-27", "2012-09-02", "week") in got
    assert ("the past few months", "2012-05-27", "2012-08-27", "month") in got
    assert all("five-day" not in d.text for d in found)


def test_seed_000_phone_numbers_are_not_dates(parsed_seed: Callable[[str], tuple[str, Any]]) -> None:
    text, doc = parsed_seed("000")
    line_start = text.index("Volunteers are being asked")
    line_end = text.index("\n", line_start)
    found = find_dates(doc, MONDAY)
    assert not [d for d in found if line_start <= d.start < line_end]
    assert ("2009", "2009-01-01") in {(d.text, d.value) for d in found}
