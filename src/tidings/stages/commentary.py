"""Tell the author's commentary apart from reporting inside one page.

Blogs and some news sites follow a report with the author's own view under a
heading ("My Take:", "Analysis:", "Editor's note:", "Our view"). Such
paragraphs are kept but labelled ``commentary`` so later stages never take
opinion for reporting. The headings are the ``commentary_headings`` of
``data/boilerplate.yaml``. The same rule serves plain text (through
``stages.textclean``) and HTML paragraphs (``label_commentary``):

* a heading counts only after the first body paragraph (before it, "Opinion"
  or "Analysis" is a section name in the site's menu);
* it switches the paragraphs after it to commentary until boilerplate starts;
* a paragraph opening with a heading word and a colon ("My take: ...") is
  commentary on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tidings.stages.cues import CUES, phrase_pattern

VERSION = "1"

PATTERN = phrase_pattern(CUES["commentary_headings"])
HEADING = re.compile(r"^" + PATTERN + r"[\s:.\-–—]*$")
INLINE = re.compile(r"^" + PATTERN + r"\s*[:\-–—]\s+\S")


def is_heading(line: str) -> bool:
    """True when ``line`` is a heading that opens commentary ("My Take:")."""
    return len(line) <= 60 and bool(HEADING.match(line))


def is_inline(line: str) -> bool:
    """True when ``line`` opens with a commentary cue and a colon."""
    return bool(INLINE.match(line))


def label_commentary(paragraphs: Sequence[str]) -> list[str]:
    """Label each kept paragraph ``body`` or ``commentary`` (in page order).

    Example:
        >>> label_commentary(["Troops moved in on Monday.", "My Take:", "This is bad."])
        ['body', 'commentary', 'commentary']
    """
    labels: list[str] = []
    seen_body = active = False
    for para in paragraphs:
        if seen_body and is_heading(para):
            active = True
        labels.append("commentary" if active or (seen_body and is_inline(para)) else "body")
        seen_body = True
    return labels
