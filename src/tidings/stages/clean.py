"""The clean stage: a raw ``Page`` becomes an ``Article``.

HTML goes through trafilatura (``stages.html``); plain text through the
line/block classifier (``stages.textclean``). Both end in the same assembly,
so every page is stored the same way: normalised text, labelled segments
with offsets, removed blocks beside it, and its provenance.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from tidings.encoding import decode_bytes
from tidings.errors import InputError
from tidings.records import Article, Page, SourceRef
from tidings.stages import html as html_stage
from tidings.stages import normalize, textclean
from tidings.stages.assemble import LabelledBlock, assemble
from tidings.stages.commentary import label_commentary
from tidings.stages.dateline import find_date

VERSION = f"1+html{html_stage.VERSION}+text{textclean.VERSION}+norm{normalize.VERSION}"
MIN_TEXT_CHARS = 1


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def _html_blocks(html: str, url: str | None) -> tuple[list[LabelledBlock], html_stage.HtmlExtract]:
    ext = html_stage.extract_html(html, url)
    paras = ext.paragraphs
    kept = [
        LabelledBlock(lab, p, "trafilatura") for lab, p in zip(label_commentary(paras), paras, strict=True)
    ]
    # The title is the first segment: the paragraph that repeats it near the
    # top when there is one, otherwise the metadata title put in front.
    title_at = next((i for i, p in enumerate(paras[:3]) if ext.title and p == ext.title), None)
    if title_at is not None:
        kept[title_at] = LabelledBlock("title", paras[title_at], "title")
    before: dict[int, list[LabelledBlock]] = {}
    for idx, line in html_stage.removed_lines(paras, ext.page_lines):
        if line != ext.title:
            before.setdefault(idx, []).append(LabelledBlock("boilerplate", line, "not-main-text"))
    blocks: list[LabelledBlock] = []
    if title_at is None and ext.title:
        blocks.append(LabelledBlock("title", ext.title, "html-metadata"))
    for i, block in enumerate(kept):
        blocks.extend(before.get(i, ()))
        blocks.append(block)
    blocks.extend(before.get(len(kept), ()))
    return blocks, ext


def clean_page(page: Page, *, min_text_chars: int = MIN_TEXT_CHARS) -> Article:
    """Clean one page.

    Raises:
        InputError: the page has no article text.
    """
    raw = page.content
    notes: list[str] = []
    if isinstance(raw, bytes):
        text, encoding, lossy = decode_bytes(raw, page.encoding, where=page.where)
        if lossy:
            notes.append(f"undecodable bytes replaced (decoded as {encoding})")
    else:
        text, encoding = raw, None
    title = page.title
    author = None
    published = page.published
    url = page.url
    site = page.source
    if page.format == "html":
        blocks, ext = _html_blocks(text, page.url)
        title = title or ext.title
        author = ext.author
        published = published or ext.date
        url = url or ext.url
        site = site or ext.sitename
    else:
        norm = normalize.normalize_text(text)
        blocks = [
            LabelledBlock(b.label, b.text, b.reason)
            for b in textclean.clean_text(norm, title_hint=normalize.normalize_line(title) if title else None)
        ]
        found = next((b.text for b in blocks if b.label == "title"), None)
        if found is None and title:
            # The input named a title the text does not repeat: it leads the text.
            blocks.insert(0, LabelledBlock("title", normalize.normalize_line(title), "input-metadata"))
        title = title or found
        if not published:
            head = [b.text for b in blocks[:12]]
            published = find_date("\n".join(head))
    body_text, segments, removed = assemble(blocks)
    body_chars = sum(s.end - s.start for s in segments if s.label != "title")
    if body_chars < min_text_chars:
        raise InputError(
            page.where, "no article text found (page is empty or all boilerplate)", stage="clean"
        )
    raw_bytes = raw if isinstance(raw, bytes) else raw.encode("utf-8", "surrogatepass")
    raw_sha256 = hashlib.sha256(raw_bytes).hexdigest()  # the document id is its head (records.content_hash)
    source = SourceRef(
        input=page.input,
        locator=page.locator,
        container=page.container,
        format=page.format,
        raw_sha256=raw_sha256,
        raw_size=len(raw_bytes),
        encoding=encoding,
    )
    return Article(
        id=raw_sha256[:32],
        text=body_text,
        title=normalize.normalize_line(title) if title else None,
        url=url,
        site=site or _site(url),
        author=author,
        published=published,
        fetched=page.fetched,
        language=None,
        segments=segments,
        removed=removed,
        source=source,
        versions=(("clean", VERSION),),
        notes=tuple(notes),
    )
