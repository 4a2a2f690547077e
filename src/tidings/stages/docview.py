"""What several stages read off one parsed document, computed once per document.

spaCy's ``Doc.text`` joins the text of every token each time it is read,
and ``[t.idx for t in doc]`` makes a Python ``Token`` per token; six stages
read both from the same document, which cost about a tenth of the stages'
time on long pages. These helpers compute them once per ``Doc`` (kept in
weak maps, so they go with the document) and return the same values:
``text(doc) == doc.text`` and ``token_starts(doc)[i] == doc[i].idx``.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

_TEXT: WeakKeyDictionary[Any, str] = WeakKeyDictionary()
_STARTS: WeakKeyDictionary[Any, tuple[int, ...]] = WeakKeyDictionary()


def remember_text(doc: Any, text: str) -> None:
    """Record that ``doc`` was parsed from ``text`` (spaCy keeps it verbatim)."""
    _TEXT[doc] = text


def text(doc: Any) -> str:
    """``doc.text``, joined once per document."""
    out = _TEXT.get(doc)
    if out is None:
        out = _TEXT[doc] = doc.text
    return out


def token_starts(doc: Any) -> tuple[int, ...]:
    """The character offset of each token of ``doc`` (``Token.idx``), in order."""
    out = _STARTS.get(doc)
    if out is None:
        out = _STARTS[doc] = tuple(doc.to_array("IDX").tolist()) if len(doc) else ()
    return out
