"""Assemble labelled blocks into the stored article text with offsets.

Kept blocks (title, body, commentary) are joined with a blank line; each
becomes a ``Segment`` over the joined text. Removed blocks are kept beside the
text as ``Removed`` records anchored at the offset where they stood.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from tidings.records import KEPT_LABELS, Removed, Segment

SEPARATOR = "\n\n"


class LabelledBlock(NamedTuple):
    label: str
    text: str
    reason: str


def assemble(blocks: Iterable[LabelledBlock]) -> tuple[str, tuple[Segment, ...], tuple[Removed, ...]]:
    """Return (text, segments, removed) for blocks given in page order."""
    parts: list[str] = []
    segments: list[Segment] = []
    removed: list[Removed] = []
    pos = 0
    for block in blocks:
        if not block.text:
            continue
        if block.label in KEPT_LABELS:
            if parts:
                parts.append(SEPARATOR)
                pos += len(SEPARATOR)
            parts.append(block.text)
            segments.append(Segment(block.label, pos, pos + len(block.text)))
            pos += len(block.text)
        else:
            at = pos + len(SEPARATOR) if parts else 0
            removed.append(Removed(block.label, at, block.text, block.reason))
    text = "".join(parts)
    # A removed block after the last kept one is anchored at the end of the text.
    removed = [r if r.at <= len(text) else Removed(r.label, len(text), r.text, r.reason) for r in removed]
    return text, tuple(segments), tuple(removed)
