"""HTML pages: main text and metadata through trafilatura.

trafilatura does the hard part (finding the article, its title, author, date,
site name); this module only adapts its output to tidings' blocks and lists
the page's other text blocks as removed boilerplate, so a reader can see what
was dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from tidings.stages.normalize import normalize_line

VERSION = "2"
# Publication date from the page's metadata and markup, original (not
# updated) date first. htmldate's extensive search of the whole text doubles
# the cost of a page for the rare page without date markup; skipped.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}

# trafilatura logs every page it finds too short; that is a per-page result,
# which tidings records itself.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "table",
    "section",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "blockquote",
    "form",
    "pre",
    "dd",
    "dt",
    "dl",
    "figcaption",
    "figure",
    "main",
    "br",
    "option",
    "button",
    "label",
    "title",
}


@dataclass(frozen=True, slots=True)
class HtmlExtract:
    """What trafilatura found in a page, normalised."""

    paragraphs: list[str]
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    url: str | None
    page_lines: list[str]


def _page_lines(tree: lxml.html.HtmlElement) -> list[str]:
    """All visible text of the page as block lines, in document order."""
    lines: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        if not parts:
            return
        raw = " ".join(" ".join(parts).split())
        parts.clear()
        if raw:
            lines.append(normalize_line(raw))

    def walk(el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _SKIP_TAGS or not tag:
            if el.tail:
                parts.append(el.tail)
            return
        block = tag in _BLOCK_TAGS
        if block:
            flush()
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            flush()
        if el.tail:
            parts.append(el.tail)

    body = tree.find(".//body")
    walk(body if body is not None else tree)
    flush()
    return lines


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Extract main text (as paragraphs) and metadata from an HTML page."""
    # trafilatura parses the string itself (its own parser settings keep more
    # text than a tree parsed here); the page lines come from a second parse.
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    try:
        page_lines = _page_lines(lxml.html.fromstring(html))
    except (etree.ParserError, ValueError):
        page_lines = []
    if not isinstance(doc, trafilatura.settings.Document):
        return HtmlExtract([], None, None, None, None, url, page_lines)
    text = doc.text or ""
    paragraphs = [p for p in (normalize_line(x) for x in text.split("\n")) if p]
    return HtmlExtract(
        paragraphs=paragraphs,
        title=normalize_line(doc.title) if doc.title else None,
        author=normalize_line(doc.author) if doc.author else None,
        date=doc.date or None,
        sitename=normalize_line(doc.sitename) if doc.sitename else None,
        url=doc.url or url,
        page_lines=page_lines,
    )


def removed_lines(paragraphs: list[str], page_lines: list[str]) -> list[tuple[int, str]]:
    """Page lines not part of the extracted text, each with the index of the
    paragraph before which it stood (a monotone alignment of page order)."""
    kept = {p: i for i, p in enumerate(paragraphs)}
    out: list[tuple[int, str]] = []
    nxt = 0  # index of the next paragraph not yet seen in page order
    for line in page_lines:
        idx = kept.get(line)
        if idx is not None and idx >= nxt:
            nxt = idx + 1
            continue
        if any(line in p for p in paragraphs[max(0, nxt - 1) : nxt + 1]):
            continue  # a fragment of a kept paragraph (inline markup split it)
        out.append((nxt, line))
    return out
