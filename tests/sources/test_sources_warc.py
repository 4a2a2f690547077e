"""WARC/WET archives written with warcio: pages, skips, damage and limits."""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from tidings.encoding import decode_bytes
from tidings.records import Failure, Page
from tidings.sources import iter_pages


def run(path: Path | str, **kwargs: object) -> list[Page | Failure]:
    return list(iter_pages([str(path)], **kwargs))  # type: ignore[arg-type]


def pages(items: list[Page | Failure]) -> list[Page]:
    return [x for x in items if isinstance(x, Page)]


def failures(items: list[Page | Failure]) -> list[Failure]:
    return [x for x in items if isinstance(x, Failure)]


def three(kit: SimpleNamespace) -> list[object]:
    return [
        kit.Rec(f"http://example.org/{n}", kit.html(f"Story {n}", f"Body of story {n}. " * 30))
        for n in (1, 2, 3)
    ]


@pytest.mark.parametrize("compressed", [False, True])
def test_response_records_become_pages(tmp_path: Path, kit: SimpleNamespace, compressed: bool) -> None:
    path = kit.write_warc(
        tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc"),
        kit.news_records(),
        gzip=compressed,
    )
    offsets = kit.record_offsets(path)
    items = run(path)
    assert not failures(items)
    got = pages(items)
    # warcinfo (0), request (1), PNG (5), 404 (6) and metadata (8) are skipped
    assert [p.url for p in got] == [
        "http://example.org/a",
        "http://example.org/ar",
        "http://example.org/fr",
        "http://example.org/notes.txt",
    ]
    assert [p.locator for p in got] == [f"offset:{offsets[i]}" for i in (2, 3, 4, 7)]
    assert [p.format for p in got] == ["html", "html", "html", "text"]
    assert {p.container for p in got} == {"warc"}
    assert {p.fetched for p in got} == {"2024-03-01T12:00:00Z"}
    assert {p.input for p in got} == {str(path)}
    assert [p.encoding for p in got] == ["utf-8", "windows-1256", None, None]
    assert all(isinstance(p.content, bytes) and not p.content.startswith(b"HTTP/") for p in got)

    arabic = got[1]
    assert isinstance(arabic.content, bytes)
    text, encoding, lossy = decode_bytes(arabic.content, arabic.encoding)
    assert kit.arabic in text and encoding == "cp1256" and not lossy

    french = got[2]
    assert isinstance(french.content, bytes)
    text, encoding, lossy = decode_bytes(french.content, french.encoding)
    assert kit.french in text and encoding == "cp1252" and not lossy


def test_chunked_and_gzip_encoded_payload_is_decoded(tmp_path: Path, kit: SimpleNamespace) -> None:
    page = kit.html("Chunked", "Sent in chunks, gzip-encoded. " * 20)
    packed = gzip.compress(page)
    chunked = (
        b"".join(
            b"%x\r\n%s\r\n" % (len(packed[i : i + 100]), packed[i : i + 100])
            for i in range(0, len(packed), 100)
        )
        + b"0\r\n\r\n"
    )
    rec = kit.Rec(
        "http://example.org/c",
        chunked,
        extra_http=[("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")],
    )
    (got,) = run(kit.write_warc(tmp_path / "c.warc", [rec]))
    assert isinstance(got, Page)
    assert got.content == page


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/plain", b"<html><body><p>HTML served as text</p></body></html>", "html"),
        (None, b"<!doctype html><html><body>no type</body></html>", "html"),
        ("application/octet-stream", b"A plain story with no markup.", "text"),
        ("application/octet-stream", b"\x89PNG\r\n\x1a\n\x00\x00", None),
        ("image/jpeg", b"\xff\xd8\xff\xe0", None),
        ("application/javascript", b"var x = '<p>';", None),
        ("text/css", b"p { color: red }", None),
        ("text/html", b"", None),
    ],
)
def test_content_type_and_sniffing(
    tmp_path: Path,
    kit: SimpleNamespace,
    content_type: str | None,
    body: bytes,
    expected: str | None,
) -> None:
    rec = kit.Rec("http://example.org/x", body, content_type=content_type)
    items = run(kit.write_warc(tmp_path / "t.warc", [rec]))
    assert not failures(items)
    assert [p.format for p in pages(items)] == ([expected] if expected else [])


@pytest.mark.parametrize("compressed", [False, True])
def test_wet_conversion_records(tmp_path: Path, kit: SimpleNamespace, compressed: bool) -> None:
    records = [
        kit.Rec(
            "http://example.org/1",
            kit.arabic.encode(),
            rec_type="conversion",
            content_type="text/plain",
            date="2024-05-06T07:08:09Z",
        ),
        kit.Rec(
            "http://example.org/2",
            b"Second page text.",
            rec_type="conversion",
            content_type="text/plain",
        ),
        kit.Rec("http://example.org/3", b"   ", rec_type="conversion", content_type="text/plain"),
    ]
    path = kit.write_warc(tmp_path / ("c.warc.wet.gz" if compressed else "c.wet"), records, gzip=compressed)
    offsets = kit.record_offsets(path)
    items = run(path)
    assert not failures(items)
    got = pages(items)
    assert [(p.format, p.container, p.content, p.url) for p in got] == [
        ("text", "wet", kit.arabic, "http://example.org/1"),
        ("text", "wet", "Second page text.", "http://example.org/2"),
    ]
    assert got[0].fetched == "2024-05-06T07:08:09Z"
    assert [p.locator for p in got] == [f"offset:{offsets[1]}", f"offset:{offsets[2]}"]


def test_wet_with_invalid_utf8_warns(tmp_path: Path, kit: SimpleNamespace) -> None:
    rec = kit.Rec(
        "http://example.org/1",
        bytes(range(128, 256)) * 4,
        rec_type="conversion",
        content_type="text/plain",
    )
    items = run(kit.write_warc(tmp_path / "bad.wet", [rec]))
    assert len(pages(items)) == 1
    (warning,) = failures(items)
    assert warning.severity == "warning"
    assert "not valid UTF-8" in warning.reason


@pytest.mark.parametrize("compressed", [False, True])
def test_corrupt_record_in_the_middle(tmp_path: Path, kit: SimpleNamespace, compressed: bool) -> None:
    path = kit.write_warc(tmp_path / ("x.warc.gz" if compressed else "x.warc"), three(kit), gzip=compressed)
    offsets = kit.record_offsets(path)  # warcinfo, 1, 2, 3
    data = bytearray(path.read_bytes())
    mid, last = offsets[2], offsets[3]
    if compressed:
        for k in range(mid + 30, mid + 90):  # inside the deflate data of record 2
            data[k] ^= 0x5A
    else:
        data[mid : mid + 8] = b"XXXXXXXX"  # record 2's "WARC/1.0" line
        data[mid + 40 : mid + 60] = b"\x00garbage\x00" * 2 + b"\xff\xfe"
    path.write_bytes(bytes(data))

    items = run(path)
    assert [p.url for p in pages(items)] == ["http://example.org/1", "http://example.org/3"]
    assert [p.locator for p in pages(items)] == [f"offset:{offsets[1]}", f"offset:{last}"]
    (failure,) = failures(items)
    assert failure.locator == f"offset:{mid}"
    assert failure.reason.startswith(f"corrupt WARC record at offset {mid}: ")
    assert failure.reason.endswith(f"bytes, reading resumed at offset {last}")
    assert "\n" not in failure.reason and len(failure.reason) < 300
    # the failure comes where the damage is
    assert [type(x).__name__ for x in items] == ["Page", "Failure", "Page"]


def test_corrupt_last_record(tmp_path: Path, kit: SimpleNamespace) -> None:
    path = kit.write_warc(tmp_path / "x.warc", three(kit))
    offsets = kit.record_offsets(path)
    data = bytearray(path.read_bytes())
    data[offsets[3] : offsets[3] + 4] = b"JUNK"
    path.write_bytes(bytes(data))
    items = run(path)
    assert len(pages(items)) == 2
    (failure,) = failures(items)
    assert failure.reason.endswith("no readable record after it")


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.66, 0.9])
def test_truncated_archive(tmp_path: Path, kit: SimpleNamespace, compressed: bool, fraction: float) -> None:
    path = kit.write_warc(tmp_path / ("t.warc.gz" if compressed else "t.warc"), three(kit), gzip=compressed)
    offsets = kit.record_offsets(path)
    size = path.stat().st_size
    cut = offsets[3] + int((size - offsets[3]) * fraction)  # inside record 3
    path.write_bytes(path.read_bytes()[:cut])
    items = run(path)
    got = pages(items)
    assert [p.url for p in got][:2] == ["http://example.org/1", "http://example.org/2"]
    (failure,) = failures(items)  # never silent
    assert failure.locator == f"offset:{offsets[3]}"
    assert "\n" not in failure.reason
    if len(got) == 3:  # what could be read of record 3, with a warning
        assert failure.severity == "warning"
        assert failure.reason.startswith("record is truncated")
    else:
        assert failure.severity == "error"
        assert failure.reason.startswith(
            (
                f"truncated WARC record at offset {offsets[3]}",
                f"corrupt WARC record at offset {offsets[3]}",
                f"incomplete WARC record at offset {offsets[3]}",
            )
        )


def test_record_above_max_bytes_is_skipped_and_the_archive_goes_on(
    tmp_path: Path, kit: SimpleNamespace
) -> None:
    records = [
        kit.Rec("http://example.org/small1", kit.html("S1", "short")),
        kit.Rec("http://example.org/big", kit.html("Big", "long text " * 500)),
        kit.Rec("http://example.org/small2", kit.html("S2", "short")),
    ]
    path = kit.write_warc(tmp_path / "big.warc.gz", records, gzip=True)
    offsets = kit.record_offsets(path)
    max_bytes = 1_000
    assert path.stat().st_size > max_bytes  # the archive itself may exceed the limit
    items = run(path, max_bytes=max_bytes)
    assert [p.url for p in pages(items)] == [
        "http://example.org/small1",
        "http://example.org/small2",
    ]
    (failure,) = failures(items)
    assert failure.locator == f"offset:{offsets[2]}"
    assert "above the --max-bytes limit of 1,000 bytes" in failure.reason
    assert failure.severity == "error"


def test_whole_file_gzip_warc(tmp_path: Path, kit: SimpleNamespace) -> None:
    plain = kit.write_warc(tmp_path / "plain.warc", kit.news_records())
    offsets = kit.record_offsets(plain)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    items = run(whole)
    assert not failures(items)
    got = pages(items)
    assert len(got) == 4
    # offsets are positions in the uncompressed archive for whole-file gzip
    assert [p.locator for p in got] == [f"offset:{offsets[i]}" for i in (2, 3, 4, 7)]


def test_warc_from_stdin_resyncs_after_damage(tmp_path: Path, kit: SimpleNamespace) -> None:
    path = kit.write_warc(tmp_path / "x.warc.gz", three(kit), gzip=True)
    offsets = kit.record_offsets(path)
    data = bytearray(path.read_bytes())
    data[offsets[2] : offsets[2] + 2] = b"zz"
    items = list(iter_pages(["-"], stdin=io.BytesIO(bytes(data))))
    assert [p.url for p in pages(items)] == ["http://example.org/1", "http://example.org/3"]
    assert {p.input for p in pages(items)} == {"-"}
    assert {p.container for p in pages(items)} == {"warc"}
    assert len(failures(items)) == 1


@pytest.mark.parametrize("delta", [-30, 30])
def test_wrong_content_length_warns_and_goes_on(tmp_path: Path, kit: SimpleNamespace, delta: int) -> None:
    path = kit.write_warc(tmp_path / "x.warc", three(kit))
    offsets = kit.record_offsets(path)
    data = path.read_bytes()
    head_end = data.index(b"\r\n\r\n", offsets[2])
    header = data[offsets[2] : head_end]
    old = header.split(b"Content-Length: ")[1].split(b"\r\n")[0]
    new = str(int(old) + delta).encode()
    assert len(new) == len(old)  # offsets of record 3 stay put
    path.write_bytes(data[: offsets[2]] + header.replace(old, new) + data[head_end:])
    items = run(path)
    assert [(p.url, p.locator) for p in pages(items)] == [
        ("http://example.org/1", f"offset:{offsets[1]}"),
        ("http://example.org/2", f"offset:{offsets[2]}"),
        ("http://example.org/3", f"offset:{offsets[3]}"),
    ]
    warning = failures(items)[0]
    assert warning.severity == "warning"
    assert "Content-Length" in warning.reason
    if delta > 0:  # record 2 ate the start of record 3; reading resumes at record 3
        (error,) = failures(items)[1:]
        assert error.reason.endswith(f"reading resumed at offset {offsets[3]}")
    else:
        assert len(failures(items)) == 1


def test_empty_and_binary_named_like_archives(tmp_path: Path) -> None:
    (tmp_path / "empty.warc.gz").write_bytes(b"")
    (tmp_path / "pic.warc").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    items = run(tmp_path)
    assert [(Path(f.input).name, f.reason) for f in failures(items)] == [
        ("empty.warc.gz", "empty file"),
        ("pic.warc", "binary file (PNG image), not a web page"),
    ]


def _noise(n: int, seed: int) -> str:
    """Hardly compressible words, so a record spans several gzip blocks."""
    rnd = random.Random(seed)
    return " ".join(f"{rnd.random():.12f}" for _ in range(n))


def test_damage_late_in_a_large_gzip_member(
    tmp_path: Path, kit: SimpleNamespace, capfd: pytest.CaptureFixture[str]
) -> None:
    records = [kit.Rec(f"http://example.org/{n}", kit.html(f"Big {n}", _noise(6000, n))) for n in (1, 2, 3)]
    path = kit.write_warc(tmp_path / "big.warc.gz", records, gzip=True)
    offsets = kit.record_offsets(path)
    assert offsets[3] - offsets[2] > 40_000  # several of warcio's 16 KiB blocks
    data = bytearray(path.read_bytes())
    at = offsets[2] + (offsets[3] - offsets[2]) * 3 // 4
    for k in range(at, at + 8):
        data[k] ^= 0xA5
    path.write_bytes(bytes(data))
    items = run(path)
    assert [p.url for p in pages(items)] == ["http://example.org/1", "http://example.org/3"]
    (failure,) = failures(items)
    assert failure.locator == f"offset:{offsets[2]}"
    assert "gzip data error" in failure.reason
    assert capfd.readouterr().err == ""  # warcio's stderr notes are turned into failures


def test_bad_content_encoding_fails_that_record_only(
    tmp_path: Path, kit: SimpleNamespace, capfd: pytest.CaptureFixture[str]
) -> None:
    packed = bytearray(gzip.compress(kit.html("Encoded", _noise(8000, 7))))
    assert len(packed) > 40_000
    for k in range(30_000, 30_010):
        packed[k] ^= 0xA5
    records = [
        kit.Rec("http://example.org/1", kit.html("One", "first")),
        kit.Rec("http://example.org/2", bytes(packed), extra_http=[("Content-Encoding", "gzip")]),
        kit.Rec("http://example.org/3", kit.html("Three", "third")),
    ]
    path = kit.write_warc(tmp_path / "enc.warc", records)
    offsets = kit.record_offsets(path)
    items = run(path)
    assert [p.url for p in pages(items)] == ["http://example.org/1", "http://example.org/3"]
    (failure,) = failures(items)
    assert failure.locator == f"offset:{offsets[2]}"
    assert failure.reason.startswith("payload cannot be decoded: gzip data error")
    assert capfd.readouterr().err == ""
