"""Tell the author's commentary apart from reporting inside one page.

Blogs and some news sites follow a report with the author's own view under a
heading ("My Take:", "Analysis:", "Editor's note:", "Our view"). Such
paragraphs are kept, but labelled ``commentary`` so later stages never take
opinion for reporting. A heading switches the following paragraphs to
commentary until the page ends or a heading of reporting returns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

VERSION = "1"

# Headings that open the author's own view. Kept general: the words people
# use across outlets for opinion inside or after a report.
_CUE = (
    r"my take|my view|my opinion|my two cents|my thoughts|our take|our view|our opinion"
    r"|the author'?s? (?:view|take|note)|author'?s note|editor'?s note|editor'?s comment"
    r"|editorial comment|comment(?:ary)?|analysis|opinion|perspective|viewpoint|op-ed"
    r"|why it matters|what it means|the bottom line|bottom line|the takeaway|takeaway"
    r"|personal note|in my opinion|reflection|my analysis"
)
HEADING = re.compile(rf"^\W*(?:{_CUE})\s*(?::|-|\u2014|\.)?\s*$", re.I)
INLINE = re.compile(rf"^\W*(?:{_CUE})\s*:\s+\S", re.I)
# Headings that return to reporting ("Background:", "Facts:"). Rare, kept small.
_REPORT = re.compile(r"^\W*(?:background|the facts|facts|what happened|timeline|the report)\s*:?\s*$", re.I)


def is_commentary_heading(line: str) -> bool:
    """True when ``line`` is a heading that opens commentary ("My Take:")."""
    return len(line) <= 40 and bool(HEADING.match(line))


def label_commentary(paragraphs: Sequence[str]) -> list[str]:
    """Label each paragraph ``body`` or ``commentary`` (in page order).

    Example:
        >>> label_commentary(["Troops moved in.", "My Take:", "This is bad."])
        ['body', 'commentary', 'commentary']
    """
    labels: list[str] = []
    inside = False
    for para in paragraphs:
        if is_commentary_heading(para):
            inside = True
        elif len(para) <= 40 and _REPORT.match(para):
            inside = False
        labels.append("commentary" if inside or INLINE.match(para) else "body")
    return labels
