"""Find a page's publication date in its own text (plain-text pages).

Plain text from crawls (WET) carries no metadata: the date, when the page
states it, is in a dateline or byline near the top ("Published: 12 March
2024", "March 12, 2024 | Jane Doe", "2024-03-12"). Only explicit calendar
dates are accepted; relative dates are resolved later, against this date.
"""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}
_MON = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b"),
    re.compile(r"\b" + _MON + r" (?P<d>[0-3]?\d)(?:st|nd|rd|th)?,? (?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)? " + _MON + r",? (?P<y>(?:19|20)\d\d)\b", re.I),
]


def find_date(text: str) -> str | None:
    """Return the first explicit calendar date in ``text`` as ISO, or None.

    Example:
        >>> find_date("By Jane Roe | Published 12 March 2024, 10:02")
        '2024-03-12'
    """
    best: tuple[int, str] | None = None
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            g = m.groupdict()
            month = int(g["m"]) if g.get("m") else _MONTHS[g["mon"].lower().rstrip(".")]
            try:
                iso = date(int(g["y"]), month, int(g["d"])).isoformat()
            except ValueError:
                continue
            if best is None or m.start() < best[0]:
                best = (m.start(), iso)
            break
    return best[1] if best else None
