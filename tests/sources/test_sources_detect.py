"""Format sniffing from content: magic numbers, WARC, JSON lines, HTML, text."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from tidings.sources.detect import HEAD_BYTES, Sniffed, looks_like_html, payload_format, sniff


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("head", "label"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (_zip({"a.txt": b"hello"}), "ZIP archive"),
        (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), "Word document"),
        (_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}), "Excel workbook"),
        (b"BZh91AY&SY", "bzip2-compressed data"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP image"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
    ],
)
def test_binary_magic(head: bytes, label: str) -> None:
    result = sniff(head)
    assert result.kind == "binary"
    assert result.label.startswith(label)


def test_nul_bytes_are_binary() -> None:
    assert sniff(b"looks like text\x00\x01\x02 but is not") == Sniffed("binary", "contains NUL bytes")


def test_mostly_control_bytes_are_binary() -> None:
    assert sniff(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 20).label == "mostly non-text bytes"


def test_a_stray_control_byte_is_still_text() -> None:
    assert sniff(b"Old file\x1a with an EOF marker and lots of ordinary prose " * 10).kind == "text"


def test_gzip_magic() -> None:
    assert sniff(b"\x1f\x8b\x08\x00").kind == "gzip"


@pytest.mark.parametrize("head", [b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", b"\r\nWARC/1.1\r\n"])
def test_warc(head: bytes) -> None:
    assert sniff(head).kind == "warc"


@pytest.mark.parametrize("head", [b"", b"   \n\t\r\n", codecs.BOM_UTF8 + b"\n"])
def test_empty(head: bytes) -> None:
    assert sniff(head).kind == "empty"


@pytest.mark.parametrize(
    "head",
    [
        b'{"url": "http://x", "html": "<p>a</p>"}\n{"text": "b"}\n',
        b'{"text": "only one line, no newline"}',
        b'\n\n{"html": "<b>x</b>"}\n',
        codecs.BOM_UTF8 + b'{"text": "bom"}\n',
        b'{"id": 1}\n',  # an object without html/text: JSON lines, failing per line
    ],
)
def test_jsonl(head: bytes) -> None:
    assert sniff(head).kind == "jsonl"


def test_jsonl_first_line_longer_than_the_head() -> None:
    head = b'{"url": "u", "html": "' + b"x" * HEAD_BYTES
    assert sniff(head[:HEAD_BYTES]).kind == "jsonl"


def test_jsonl_name_hint_keeps_a_broken_first_line_jsonl() -> None:
    head = b'{"html": broken\n{"html": "<p>ok</p>"}\n'
    assert sniff(head, "feed.jsonl").kind == "jsonl"
    assert sniff(head, "feed.txt").kind == "text"


def test_json_array_and_pretty_json_are_not_jsonl() -> None:
    assert sniff(b'[{"html": "x"}]\n').kind == "text"
    assert sniff(b'{\n  "html": "x"\n}\n').kind == "text"


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><body>x</body></html>",
        b"  \n<HTML><HEAD><TITLE>x</TITLE></HEAD>",
        b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'>",
        b"<p>A fragment starting with a paragraph.</p>",
        b"Some preamble\n<div>one</div><div>two</div><p>three</p>",
        b"garbage before <body>then the page</body>",
        codecs.BOM_UTF8 + b"<html>",
    ],
)
def test_html_by_content(head: bytes) -> None:
    assert sniff(head, "page.txt").kind == "html"


@pytest.mark.parametrize(
    "head",
    [
        b"The editor wrote that a <p> tag starts a paragraph.\n" + b"Plain prose. " * 200,
        b"Prices rose 3% as 2 < 5 and 7 > 4 in the latest report.",
        b"<?xml version='1.0'?><rss><channel></channel></rss>",
        "Ceasefire talks resume in Doha (تقرير)".encode(),
    ],
)
def test_text_is_not_html(head: bytes) -> None:
    assert sniff(head, "page.html").kind == "text"


def test_utf16_html_with_bom() -> None:
    head = "<!DOCTYPE html><html><body>Salut</body></html>".encode("utf-16")
    assert sniff(head).kind == "html"


def test_looks_like_html_density() -> None:
    sparse = b"x" * 10_000 + b"<p>a</p><p>b</p><p>c</p>"
    assert not looks_like_html(sparse)
    assert looks_like_html(b"intro <p>a</p><p>b</p><p>c</p>")


def test_payload_format() -> None:
    assert payload_format(b"<html><body>x</body></html>") == "html"
    assert payload_format(b"just words") == "text"
    assert payload_format(b"\x89PNG\r\n\x1a\n\x00") is None
    assert payload_format(b"\x1f\x8b\x08\x00") is None
    assert payload_format(b"a\x00b\x00c") is None
