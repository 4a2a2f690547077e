"""Format sniffing from content: what a file is, whatever it is called.

Everything here looks at the first bytes of an input (:data:`HEAD_BYTES`) and
is cheap: a directory of ten thousand small pages is sniffed in well under a
second. Names are only a hint, used where content is ambiguous (a ``.jsonl``
file whose first line is broken is still JSON lines).
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass

#: How many leading bytes are read to decide what an input is.
HEAD_BYTES = 64 * 1024

#: Kinds returned by :func:`sniff`.
KINDS = ("empty", "gzip", "warc", "jsonl", "html", "text", "binary")

_GZIP_MAGIC = b"\x1f\x8b"

#: Magic numbers of common non-page files, checked in order. Sources: the
#: file formats' specifications (PNG, JFIF/EXIF, GIF87a/89a, PDF, PKZIP APPNOTE,
#: ...) as collected in file(1)'s magic database.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG image"),
    (0, b"\xff\xd8\xff", "JPEG image"),
    (0, b"GIF87a", "GIF image"),
    (0, b"GIF89a", "GIF image"),
    (0, b"%PDF-", "PDF document"),
    (0, b"PK\x03\x04", "ZIP archive"),
    (0, b"PK\x05\x06", "ZIP archive"),
    (0, b"PK\x07\x08", "ZIP archive"),
    (0, b"II*\x00", "TIFF image"),
    (0, b"MM\x00*", "TIFF image"),
    (0, b"BZh", "bzip2-compressed data"),
    (0, b"\xfd7zXZ\x00", "xz-compressed data"),
    (0, b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (0, b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (0, b"Rar!\x1a\x07", "RAR archive"),
    (0, b"\x7fELF", "ELF executable"),
    (0, b"SQLite format 3\x00", "SQLite database"),
    (0, b"OggS", "Ogg media"),
    (0, b"ID3", "MP3 audio"),
    (0, b"wOFF", "WOFF font"),
    (0, b"wOF2", "WOFF2 font"),
    (0, b"\x00\x00\x01\x00", "ICO image"),
    (0, b"%!PS", "PostScript document"),
    (0, b"{\\rtf", "RTF document"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (OLE) document"),
    (4, b"ftyp", "MP4/QuickTime media"),
    (8, b"WEBP", "WebP image"),
    (8, b"WAVE", "WAV audio"),
    (8, b"AVI ", "AVI video"),
    (257, b"ustar", "tar archive"),
)

#: Members whose presence names the kind of document inside a ZIP file.
_ZIP_KINDS = (
    (b"word/", "Word document (docx, a ZIP archive)"),
    (b"xl/", "Excel workbook (xlsx, a ZIP archive)"),
    (b"ppt/", "PowerPoint presentation (pptx, a ZIP archive)"),
    (b"mimetypeapplication/epub+zip", "EPUB book (a ZIP archive)"),
    (b"mimetypeapplication/vnd.oasis.opendocument", "OpenDocument file (a ZIP archive)"),
)

#: Control bytes that never occur in text (everything below 0x20 except tab,
#: newlines, form feed, escape; plus DEL).
_CONTROL = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27}) + b"\x7f"
#: Share of control bytes above which a file is "mostly non-text". Legacy
#: text files contain the odd stray control byte; binary data has ~12%.
_CONTROL_SHARE = 0.05
#: A NUL byte in the first 8000 bytes marks a binary file (git's rule).
_NUL_WINDOW = 8000

_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")
_HTML_STRUCTURE = re.compile(rb"<(?:html|head|body)[\s>]")
_HTML_TAG = re.compile(
    rb"<(?:p|div|br|span|a|h[1-6]|li|ul|ol|table|tr|td|article|section|header|footer|"
    rb"nav|main|meta|title|img|script|style|link|form|em|strong|b|i|blockquote)[\s/>]"
)
#: A fragment counts as HTML with at least this many tags and at least one
#: tag per this many bytes: prose that mentions "<p>" once stays text.
_MIN_TAGS = 3
_BYTES_PER_TAG = 2000

_JSONL_NAMES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_JSONL_FIELD = re.compile(rb'"(?:html|text)"\s*:')


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What an input looks like: one of :data:`KINDS`, and for binary a label."""

    kind: str
    label: str = ""


def binary_label(head: bytes) -> str | None:
    """Return a name for a known binary format (``"PNG image"``), or None."""
    for offset, magic, label in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            if label == "ZIP archive":
                for marker, zip_label in _ZIP_KINDS:
                    if marker in head:
                        return zip_label
            return label
    return None


def _text_view(head: bytes) -> bytes | None:
    """Return ``head`` as UTF-8 when it starts with a UTF-16/32 BOM, else None."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "ignore").encode("utf-8")
    return None


def looks_binary(head: bytes) -> bool:
    """True for NUL bytes near the start or mostly control bytes."""
    if b"\x00" in head[:_NUL_WINDOW]:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls > 8 and controls > _CONTROL_SHARE * len(head)


def looks_like_html(sample: bytes) -> bool:
    """True when the bytes are HTML by content, not by name.

    A document start (``<!doctype html``, ``<html``, ``<body``), any of the
    structural tags, a sample that starts with a known tag, or a density of
    at least :data:`_MIN_TAGS` tags and one per :data:`_BYTES_PER_TAG` bytes.
    """
    s = sample.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if not s:
        return False
    if s.startswith(_HTML_START):
        return not s.startswith(b"<?xml") or b"<html" in s
    if _HTML_STRUCTURE.search(s):
        return True
    if s.startswith(b"<") and _HTML_TAG.match(s):
        return True
    tags = len(_HTML_TAG.findall(s))
    return tags >= _MIN_TAGS and tags * _BYTES_PER_TAG >= len(s)


def looks_like_jsonl(head: bytes, name: str = "") -> bool:
    """True when the first non-empty line is a JSON object (see module doc).

    A first line that parses as a JSON object makes the input JSON lines (a
    line without ``html``/``text`` later gives a per-line failure). When the
    first line does not fit in ``head``, a leading ``{`` and an ``"html":`` or
    ``"text":`` key decide. A name ending in ``.jsonl``/``.ndjson`` with a
    leading ``{`` is enough, so that a broken first line is reported as such.
    """
    s = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if not s.startswith(b"{"):
        return False
    if name.lower().endswith(_JSONL_NAMES):
        return True
    end = s.find(b"\n")
    if end < 0 and len(head) >= HEAD_BYTES:
        return bool(_JSONL_FIELD.search(s))
    line = s if end < 0 else s[:end]
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    return isinstance(obj, dict)


def is_warc(head: bytes) -> bool:
    """True when the bytes start a WARC record (``WARC/1.0``, ``WARC/1.1``)."""
    return head.lstrip(b"\r\n").startswith(b"WARC/1.")


def sniff(head: bytes, name: str = "") -> Sniffed:
    """Say what an input is from its first bytes (and, weakly, its name).

    Order: empty; gzip (the caller looks inside); known binary magic; WARC;
    NUL or control bytes; JSON lines; HTML; plain text.

    Example:
        >>> sniff(b"<!DOCTYPE html><html>...").kind
        'html'
        >>> sniff(b"\\x89PNG\\r\\n\\x1a\\n...")
        Sniffed(kind='binary', label='PNG image')
    """
    if not head:
        return Sniffed("empty")
    if head.startswith(_GZIP_MAGIC):
        return Sniffed("gzip")
    label = binary_label(head)
    if label is not None:
        return Sniffed("binary", label)
    if is_warc(head):
        return Sniffed("warc")
    text = _text_view(head)
    if text is None:
        if looks_binary(head):
            nul = b"\x00" in head[:_NUL_WINDOW]
            return Sniffed("binary", "contains NUL bytes" if nul else "mostly non-text bytes")
        text = head
    stripped = text.removeprefix(codecs.BOM_UTF8)
    if not stripped or stripped.isspace():
        return Sniffed("empty")
    if looks_like_jsonl(text, name):
        return Sniffed("jsonl")
    if looks_like_html(text):
        return Sniffed("html")
    return Sniffed("text")


def payload_format(data: bytes) -> str | None:
    """Return ``html``/``text`` for a record payload by content, None if binary."""
    head = data[:HEAD_BYTES]
    if binary_label(head) is not None or head.startswith(_GZIP_MAGIC):
        return None
    text = _text_view(head)
    if text is None:
        if looks_binary(head):
            return None
        text = head
    return "html" if looks_like_html(text) else "text"
