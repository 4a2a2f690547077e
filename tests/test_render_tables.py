"""The CLI's text tables: every row keeps the header's columns."""

from __future__ import annotations

from tidings import render


def _merged_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "id": "m" * 40, "date": "2013-06-14", "first_seen": None, "type": "ASSAULT", "mode": None,
        "actors": ["SYRGOV"], "recipients": ["SYRREB"], "place": "Aleppo", "country": "SYR",
        "mentions": 3, "articles": 2, "sources": 2, "corroboration": "corroborated", "conflicts": [],
    }  # fmt: skip
    row.update(overrides)
    return row


def _aligned(line: str, header: str) -> bool:
    """Whether each column of ``line`` starts where its head does: a gap of
    two spaces in ``line`` right before each head's position."""
    heads = ["date", "type", "who", "place", "corroboration"]
    return all(line[header.index(h) - 2 : header.index(h)] == "  " for h in heads)


def test_a_long_type_and_mode_does_not_push_the_later_columns() -> None:
    header = render.merged_table_header()
    short = render.merged_table_line(_merged_row())
    long_row = _merged_row(type="MOBILIZE", mode="troops", place="Maarat al-Numan, Idlib")
    long = render.merged_table_line(long_row)
    for line in (short, long):
        assert _aligned(line, header), (header, line)
        assert line.index("corroborated") == header.index("corroboration")
    assert "MOBILIZE/troops" in long
    assert "Maarat al-Numan..." in long  # clipped to its column, not cut silently


def test_counts_are_right_aligned_under_their_heads() -> None:
    header = render.merged_table_header()
    line = render.merged_table_line(_merged_row(mentions=12, articles=7, sources=3))
    for head, value in (("ment", "12"), ("arts", "7"), ("srcs", "3")):
        end = header.index(head) + len(head)
        assert line[end - len(value) : end] == value
