"""Bad input through the real command line: one clear line per bad input on
stderr naming it and the reason, a ``failures`` row, the rest of the batch
stored, and exit code 3 (partial failure)."""

from __future__ import annotations

import gzip
import io
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ARTICLE = (
    "Police disperse protest in the capital\n\n"
    "Police fired tear gas on Saturday to disperse hundreds of protesters who had gathered "
    "outside parliament to demand the release of detained activists, witnesses said.\n\n"
    "At least 20 people were detained, according to a lawyers' group.\n"
)
ARABIC = (
    "تظاهرات في العاصمة\n\n"
    "أطلقت الشرطة الغاز المسيل للدموع يوم السبت لتفريق مئات المتظاهرين الذين تجمعوا أمام البرلمان "
    "للمطالبة بالإفراج عن الناشطين المعتقلين، بحسب شهود عيان.\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256))


def _html(title: str, body: str) -> str:
    head = f"<head><title>{title}</title></head>"
    return f"<html>{head}<body><article><h1>{title}</h1>{body}</article></body></html>"


def _warc(path: Path, pages: list[tuple[str, str]]) -> list[int]:
    """Write a gzipped WARC with one response record per page; return record offsets."""
    offsets = []
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in pages:
            offsets.append(fh.tell())
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
            writer.write_record(rec)
    return offsets


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("bad")
    pages = root / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (pages / "empty.txt").write_bytes(b"")
    (pages / "image.png").write_bytes(PNG)
    (pages / "report.pdf").write_bytes(PDF)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.txt", "hello")
    (pages / "bundle.zip").write_bytes(buf.getvalue())
    (pages / "invalid-utf8.txt").write_bytes(ARTICLE.encode() + b"\n\xff\xfe\xc3\x28 broken tail\n")
    (pages / "arabic-1256.txt").write_bytes(ARABIC.encode("windows-1256"))
    (pages / "latin-cp1252.html").write_bytes(
        _html(
            "Caf\u00e9 owners protest",
            "<p>"
            + (
                "Owners of caf\u00e9s in Montr\u00e9al protested \u201cunfair\u201d taxes on Monday, "
                "organisers said. " * 3
            )
            + "</p>",
        ).encode("cp1252")
    )
    # A long article cut after its first 600 compressed bytes: part of it is readable.
    words = " ".join(f"word{(i * 7919) % 5003}" for i in range(3000))
    (pages / "truncated.html.gz").write_bytes(gzip.compress(_html("Cut", f"<p>{words}.</p>").encode())[:600])
    (pages / "big.txt").write_text(ARTICLE.replace("Police", "Riot police") * 400, encoding="utf-8")
    (pages / "notext.html").write_text(
        "<html><head><title>x</title></head><body><div><img src=a.png></div></body></html>"
    )
    good_html = _html(
        "Shelling hits border town",
        "<p>"
        + "Artillery shells struck the border town on Sunday, killing two farmers, officials said. " * 4
        + "</p>",
    )
    (pages / "feed.jsonl").write_text(
        '{"url": "https://a.example/1", "text": ' + repr_json(ARTICLE.replace("Saturday", "Sunday")) + "}\n"
        "{this is not json\n"
        '{"url": "https://a.example/3", "html": ' + repr_json(good_html) + ', "published": "2024-05-02"}\n',
        encoding="utf-8",
    )
    warc = pages / "crawl.warc.gz"
    offsets = _warc(
        warc,
        [
            (
                f"https://b.example/{i}",
                _html(
                    f"Story {i}",
                    "<p>" + f"Troops clashed with rebels near the river crossing in incident {i}, "
                    "a spokesman said. " * 4 + "</p>",
                ),
            )
            for i in range(3)
        ],
    )
    data = bytearray(warc.read_bytes())
    mid = offsets[1] + 30  # inside the second record's gzip member
    data[mid : mid + 40] = b"\x00" * 40
    warc.write_bytes(bytes(data))

    db = root / "bad.db"
    proc = subprocess.run(
        [sys.executable, "-m", "tidings", "ingest", str(pages), "--db", str(db), "--max-bytes", "60000"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return pages, db, proc


def repr_json(text: str) -> str:
    import json

    return json.dumps(text)


def _failures(db: Path) -> list[tuple[str, str, str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT input, locator, stage, reason, severity FROM failures").fetchall()
    finally:
        conn.close()


def test_partial_failure_exit_code_and_good_pages_stored(batch) -> None:
    _pages, db, proc = batch
    assert proc.returncode == 3, proc.stderr
    conn = sqlite3.connect(db)
    texts = [r[0] for r in conn.execute("SELECT text FROM documents")]
    conn.close()
    assert any("hundreds of protesters" in t and "Saturday" in t for t in texts)  # good.txt
    assert any("Sunday" in t and "hundreds of protesters" in t for t in texts)  # JSONL line 1
    assert any("border town on Sunday" in t for t in texts)  # JSONL line 3
    assert any("incident 0" in t for t in texts)  # the WARC record before the corrupt one


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("empty.txt", "empty"),
        ("image.png", "PNG"),
        ("report.pdf", "PDF"),
        ("bundle.zip", "ZIP"),
        ("truncated.html.gz", "gzip"),
        ("big.txt", "limit"),
        ("notext.html", "no article text"),
        ("feed.jsonl", "JSON"),
        ("crawl.warc.gz", ""),
    ],
)
def test_each_bad_input_gets_one_line_and_a_failure_row(batch, name: str, words: str) -> None:
    _pages, db, proc = batch
    # A truncated gzip yields what could be read, stored with a warning.
    severities = {"warning", "error"} if name == "truncated.html.gz" else {"error"}
    rows = [r for r in _failures(db) if Path(r[0]).name == name and r[4] in severities]
    assert rows, f"no failure row for {name}: {_failures(db)}"
    assert any(words.lower() in r[3].lower() for r in rows), rows
    lines = [line for line in proc.stderr.splitlines() if name in line]
    assert lines, proc.stderr
    for r in rows:
        assert "\n" not in r[3]
        assert any(r[3] in line for line in lines), (r, lines)


def test_broken_jsonl_line_is_named_by_line_number(batch) -> None:
    _pages, db, _proc = batch
    rows = [r for r in _failures(db) if r[0].endswith("feed.jsonl")]
    assert [r[1] for r in rows] == ["line:2"]


def test_legacy_encodings_are_decoded_not_refused(batch) -> None:
    _pages, db, _proc = batch
    conn = sqlite3.connect(db)
    rows = dict(
        conn.execute(
            "SELECT encoding, text FROM documents WHERE language IN ('ar') OR text LIKE '%Montr%'"
        ).fetchall()
    )
    langs = dict(conn.execute("SELECT language, encoding FROM documents").fetchall())
    conn.close()
    arabic = [t for t in rows.values() if "المتظاهرين" in t]
    assert arabic, rows.keys()
    assert langs.get("ar") and "1256" in langs["ar"]
    assert any("Montréal" in t and '"unfair"' in t for t in rows.values())


def test_invalid_utf8_is_stored_with_a_warning(batch) -> None:
    _pages, db, _proc = batch
    rows = [r for r in _failures(db) if r[0].endswith("invalid-utf8.txt")]
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT count(*) FROM documents WHERE text LIKE '%broken tail%'").fetchone()[0]
    conn.close()
    assert stored == 1
    if rows:  # decoded lossily: recorded as a warning, not an error
        assert {r[4] for r in rows} == {"warning"}
