"""Contact details: phone numbers, SMS short codes, e-mail, handles, URLs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.stages.indicators import find_indicators


def kinds(text: str) -> list[tuple[str, str]]:
    return [(i.text, i.kind) for i in find_indicators(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Contact local telephone number 2617201 0251 to register.", [("2617201 0251", "phone")]),
        ("Send an sms to 3000282860 to register.", [("3000282860", "sms_shortcode")]),
        ("Text JOIN to 12345 for updates.", [("12345", "sms_shortcode")]),
        ("SMS 4040 to donate.", [("4040", "sms_shortcode")]),
        ("Call +1 860-486-6723 for details.", [("+1 860-486-6723", "phone")]),
        ("The office, (555) 123-4567, is open.", [("(555) 123-4567", "phone")]),
        ("Reach them at 860.486.6723 today.", [("860.486.6723", "phone")]),
        ("Hotline: 020 7946 0958.", [("020 7946 0958", "phone")]),
        ("Write to press@example.org for comment.", [("press@example.org", "email")]),
        ("Follow @IranNews_24 for more.", [("@IranNews_24", "handle")]),
        (
            "See https://example.com/path?q=1, or www.example.ir.",
            [("https://example.com/path?q=1", "url"), ("www.example.ir", "url")],
        ),
        ("Mail a.b@mail.example.com, not @mail.", [("a.b@mail.example.com", "email"), ("@mail", "handle")]),
    ],
)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In 2012, the 2009 Israel – Gaza war was recalled.",  # years
        "Some 48 Iranian hostages and 3,000,000 people fled.",  # counts
        "The budget rose to $1,200,000 or 12.5% of 1 000 000 rials.",  # money, percent, thousands
        "A magnitude 6.1 quake struck at 10:30 on 27-08-2012 (2012-08-27).",  # magnitude, time, dates
        "Fighting in 1990-2012 killed 1234567 people.",  # year range, count with unit
        "Call for 12 000 000 dollars in aid.",  # cue, but thousands and money
        "The text of the 2012 agreement was published.",  # 'text' is not an SMS cue here
        "He was born on 12 08 1990, and called it home.",
        "",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_indicators(text) == []


def test_offsets_point_into_text() -> None:
    text = "Volunteers call 2617201 0251 or write to x@y.org."
    for ind in find_indicators(text):
        assert text[ind.start : ind.end] == ind.text


def test_seed_000(seeds_dir: Path) -> None:
    import tidings
    from tidings.stages import registry

    path = next(seeds_dir.glob("000_*.txt"))
    article = tidings.process_text(path.read_text("utf-8"), stages=registry.INGEST)
    assert kinds(article.text) == [("2617201 0251", "phone"), ("3000282860", "sms_shortcode")]
