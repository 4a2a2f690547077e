"""Typed records passed between sources, stages and the store.

Records are frozen dataclasses. They are turned into JSON only at the edges
(``Article.to_dict``, export, web). Every character offset in an ``Article``
refers to ``Article.text``: the normalised, cleaned text that tidings stores.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

#: Labels of kept segments: the text they cover is in ``Article.text``.
KEPT_LABELS = ("title", "body", "commentary")
#: Labels of removed blocks: their text is kept beside the article, not in it.
REMOVED_LABELS = ("boilerplate", "comments")


def content_hash(data: bytes | str) -> str:
    """Return the content id used for documents (sha256, first 32 hex digits)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Page:
    """One raw page as read from an input, before any cleaning.

    Attributes:
        input: the file path (or ``-`` for stdin) the page came from.
        locator: where inside that input: ``""`` for a whole file,
            ``line:N`` for JSONL, ``offset:N`` for a WARC/WET record.
        format: ``html`` or ``text`` (what the payload is).
        content: the payload: bytes as read, or text when the input gave text.
        url, title, published, source: metadata the input itself declared.
        fetched: crawl time (WARC-Date), never used as the publication date.
        encoding: charset declared by the transport (HTTP header), if any.
        container: the input's container format (``file``, ``warc``, ``wet``,
            ``jsonl``, ``stdin``) for provenance.
    """

    input: str
    locator: str
    format: str
    content: bytes | str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    fetched: str | None = None
    encoding: str | None = None
    container: str = "file"

    @property
    def id(self) -> str:
        """Content hash of the raw payload: the document's id."""
        return content_hash(self.content)

    @property
    def where(self) -> str:
        """Human-readable location: ``input`` or ``input#locator``."""
        return f"{self.input}#{self.locator}" if self.locator else self.input


@dataclass(frozen=True, slots=True)
class Segment:
    """A labelled span of ``Article.text`` (title, body or commentary paragraph)."""

    label: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Removed:
    """A block the cleaner removed, anchored where it stood.

    ``at`` is the offset in ``Article.text`` at which the block appeared in the
    page, so a viewer can show it in place; ``text`` is the removed text itself
    (normalised like the article). ``reason`` says which rule removed it.
    """

    label: str
    at: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "at": self.at, "text": self.text, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a document's raw form came from (provenance of the whole page)."""

    input: str
    locator: str
    container: str
    format: str
    raw_sha256: str
    raw_size: int
    encoding: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "locator": self.locator,
            "container": self.container,
            "format": self.format,
            "raw_sha256": self.raw_sha256,
            "raw_size": self.raw_size,
            "encoding": self.encoding,
        }


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned page: the stored text and everything known about it.

    ``to_dict()`` gives the native JSON form documented in ``docs/schema.md``.
    """

    id: str
    text: str
    title: str | None
    url: str | None
    site: str | None
    author: str | None
    published: str | None
    fetched: str | None
    language: str | None
    segments: tuple[Segment, ...]
    removed: tuple[Removed, ...] = ()
    source: SourceRef | None = None
    versions: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def is_english(self) -> bool:
        return self.language == "en"

    def segment_text(self, seg: Segment) -> str:
        return self.text[seg.start : seg.end]

    def to_dict(self) -> dict[str, Any]:
        """Return the native JSON form (see ``docs/schema.md``)."""
        return {
            "id": self.id,
            "url": self.url,
            "site": self.site,
            "title": self.title,
            "author": self.author,
            "published": self.published,
            "fetched": self.fetched,
            "language": self.language,
            "is_english": self.is_english,
            "text": self.text,
            "segments": [s.to_dict() for s in self.segments],
            "removed": [r.to_dict() for r in self.removed],
            "source": self.source.to_dict() if self.source else None,
            "versions": dict(self.versions),
            "notes": list(self.notes),
        }


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input (or part of one) that could not be processed, or was only partly.

    ``severity`` is ``error`` when nothing was stored for it and ``warning``
    when it was stored but something was lost or guessed (e.g. undecodable
    bytes replaced).
    """

    input: str
    stage: str
    reason: str
    locator: str = ""
    severity: str = "error"
    time: str = field(default_factory=utcnow)

    @property
    def where(self) -> str:
        return f"{self.input}#{self.locator}" if self.locator else self.input

    def message(self) -> str:
        """One-line message for users: input, stage and reason."""
        return f"{self.severity}: {self.where}: {self.reason} [{self.stage}]"
