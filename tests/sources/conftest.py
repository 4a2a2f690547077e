"""Fixture builders for the sources tests: real WARC/WET files made with warcio.

Everything is written at test time into ``tmp_path``; nothing is checked in.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARABIC = "أعلنت الحكومة اليوم عن اتفاق جديد لوقف إطلاق النار في المنطقة الحدودية."
FRENCH = "Le président a déclaré que l'économie était « forte » – café, crème, été."


@dataclass
class Rec:
    """One WARC record to write: a response by default."""

    uri: str
    body: bytes
    rec_type: str = "response"
    content_type: str | None = "text/html; charset=utf-8"
    status: str = "200 OK"
    date: str = "2024-03-01T12:00:00Z"
    extra_http: list[tuple[str, str]] = field(default_factory=list)


def html(title: str, body: str, *, charset: str = "utf-8", meta: bool = False) -> bytes:
    head = f'<meta charset="{charset}">' if meta else ""
    page = (
        f"<!DOCTYPE html><html><head>{head}<title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{body}</p></article></body></html>"
    )
    return page.encode(charset)


def write_warc(path: Path, records: list[Rec], *, gzip: bool = False) -> Path:
    """Write ``records`` (plus a leading warcinfo record) with warcio's writer."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tidings-tests"}))
        for rec in records:
            warc_headers = {"WARC-Date": rec.date}
            if rec.rec_type == "response":
                headers = list(rec.extra_http)
                if rec.content_type is not None:
                    headers.insert(0, ("Content-Type", rec.content_type))
                http = StatusAndHeaders(rec.status, headers, protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    rec.uri,
                    "response",
                    payload=io.BytesIO(rec.body),
                    length=len(rec.body),
                    http_headers=http,
                    warc_headers_dict=warc_headers,
                )
            elif rec.rec_type == "request":
                http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
                record = writer.create_warc_record(
                    rec.uri, "request", http_headers=http, warc_headers_dict=warc_headers
                )
            else:  # conversion, metadata, resource: no HTTP headers
                record = writer.create_warc_record(
                    rec.uri,
                    rec.rec_type,
                    payload=io.BytesIO(rec.body),
                    length=len(rec.body),
                    warc_content_type=rec.content_type or "",
                    warc_headers_dict=warc_headers,
                )
            writer.write_record(record)
    return path


def record_offsets(path: Path) -> list[int]:
    """Offsets of every record (warcinfo included) as warcio reports them."""
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        return [it.get_record_offset() for _ in it]


def news_records() -> list[Rec]:
    """A small crawl: requests, HTML in three charsets, an image, a 404, text."""
    return [
        Rec("http://example.org/a", b"", rec_type="request"),
        Rec("http://example.org/a", html("Truce agreed", "Both sides signed a truce on Monday.")),
        Rec(
            "http://example.org/ar",
            html(ARABIC[:20], ARABIC, charset="windows-1256"),
            content_type="text/html; charset=windows-1256",
        ),
        Rec(
            "http://example.org/fr",
            html("Économie", FRENCH, charset="cp1252", meta=True),
            content_type="text/html",
        ),
        Rec(
            "http://example.org/logo.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            content_type="image/png",
        ),
        Rec("http://example.org/missing", html("Not found", "No such page."), status="404 Not Found"),
        Rec(
            "http://example.org/notes.txt",
            b"Plain text notes about the talks.",
            content_type="text/plain",
        ),
        Rec(
            "http://example.org/meta",
            b"outlinks: 3\r\n",
            rec_type="metadata",
            content_type="application/warc-fields",
        ),
    ]


@pytest.fixture
def warc_file(tmp_path: Path) -> Callable[..., Path]:
    """Factory: ``warc_file(name, records=None, gzip=False)`` -> path."""

    def make(name: str = "crawl.warc", records: list[Rec] | None = None, *, gzip: bool = False) -> Path:
        return write_warc(tmp_path / name, news_records() if records is None else records, gzip=gzip)

    return make


@pytest.fixture
def kit() -> SimpleNamespace:
    """The builders above, handed to tests as a fixture (a conftest is not importable)."""
    return SimpleNamespace(
        Rec=Rec,
        html=html,
        write_warc=write_warc,
        record_offsets=record_offsets,
        news_records=news_records,
        arabic=ARABIC,
        french=FRENCH,
    )
