"""Paths and plain inputs: expansion, HTML/text/JSONL/gzip files, stdin, bad files."""

from __future__ import annotations

import gzip
import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest

import tidings.sources.files as files_module
from tidings.errors import ConfigError
from tidings.records import Failure, Page
from tidings.sources import expand_paths, iter_pages

HTML = b"<!DOCTYPE html><html><head><title>Truce</title></head><body><p>Signed.</p></body></html>"


def pages(items: list[Page | Failure]) -> list[Page]:
    return [x for x in items if isinstance(x, Page)]


def failures(items: list[Page | Failure]) -> list[Failure]:
    return [x for x in items if isinstance(x, Failure)]


def read(paths: list[str | Path], **kwargs: object) -> list[Page | Failure]:
    return list(iter_pages([str(p) for p in paths], **kwargs))  # type: ignore[arg-type]


def only_failure(path: Path, **kwargs: object) -> Failure:
    items = read([path], **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], Failure), items
    assert items[0].stage == "read"
    assert "\n" not in items[0].reason
    return items[0]


# -- expand_paths ---------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    for rel in ["b.html", "a.txt", "sub/z.html", "sub/deeper/y.html", "A/c.html"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(HTML)
    (root / ".hidden.html").write_bytes(HTML)
    (root / ".git").mkdir()
    (root / ".git" / "x.html").write_bytes(HTML)
    return root


def test_directories_are_walked_recursively_in_sorted_order_without_hidden(tree: Path) -> None:
    got = [os.path.relpath(p, tree) for p in expand_paths([str(tree)])]
    # a directory's files first (sorted), then its subdirectories (sorted), depth first
    assert got == ["a.txt", "b.html", "A/c.html", "sub/z.html", "sub/deeper/y.html"]
    assert not any(".git" in p or ".hidden" in p for p in got)


def test_paths_keep_their_given_order_and_a_hidden_file_named_explicitly_is_read(
    tree: Path,
) -> None:
    got = list(expand_paths([str(tree / "b.html"), "-", str(tree / ".hidden.html")]))
    assert got == [str(tree / "b.html"), "-", str(tree / ".hidden.html")]


def test_glob_recursive(tree: Path) -> None:
    got = list(expand_paths([str(tree / "**" / "*.html")]))
    assert got == sorted(got)
    assert {os.path.basename(p) for p in got} == {"b.html", "c.html", "z.html", "y.html"}


def test_glob_matching_a_directory_walks_it(tree: Path) -> None:
    got = [os.path.relpath(p, tree) for p in expand_paths([str(tree / "su?")])]
    assert got == ["sub/z.html", "sub/deeper/y.html"]


def test_a_literal_name_with_glob_characters_is_not_a_pattern(tmp_path: Path) -> None:
    odd = tmp_path / "report[1].html"
    odd.write_bytes(HTML)
    assert list(expand_paths([str(odd)])) == [str(odd)]


def test_missing_path_raises_before_anything_is_yielded(tree: Path) -> None:
    with pytest.raises(ConfigError, match="no such file or directory"):
        expand_paths([str(tree), str(tree / "nope.html")])
    with pytest.raises(ConfigError, match="matches no file"):
        iter_pages([str(tree / "*.pdf")])


def test_a_single_string_is_refused() -> None:
    with pytest.raises(ConfigError, match="not a single string"):
        iter_pages("page.html")


def test_path_objects_are_accepted_and_text_stdin_is_refused(tree: Path) -> None:
    assert list(expand_paths([tree / "b.html"])) == [str(tree / "b.html")]  # type: ignore[list-item]
    with pytest.raises(ConfigError, match="binary stream"):
        iter_pages(["-"], stdin=io.StringIO("<p>x</p>"))  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -1, True, 1.5])
def test_max_bytes_must_be_positive(tree: Path, bad: object) -> None:
    with pytest.raises(ConfigError, match="max_bytes"):
        iter_pages([str(tree)], max_bytes=bad)  # type: ignore[arg-type]


def test_iter_pages_is_lazy(tree: Path) -> None:
    stream = iter_pages([str(tree)])
    (tree / "b.html").unlink()  # nothing was read yet
    names = [os.path.basename(x.input) for x in stream if isinstance(x, Page)]
    assert "b.html" not in names
    assert "a.txt" in names


# -- plain files --------------------------------------------------------------


def test_html_and_text_files(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(HTML)  # HTML by content, whatever the name
    (tmp_path / "notes.html").write_bytes(b"Talks resumed on Monday in Doha.\n")
    items = read([tmp_path / "page.txt", tmp_path / "notes.html"])
    assert [(p.format, p.container, p.locator) for p in pages(items)] == [
        ("html", "file", ""),
        ("text", "file", ""),
    ]
    first = pages(items)[0]
    assert first.content == HTML
    assert first.input == str(tmp_path / "page.txt")
    assert first.url is None and first.encoding is None and first.fetched is None


def test_invalid_utf8_file_is_kept_as_raw_bytes(tmp_path: Path) -> None:
    raw = b"<p>caf\xe9 cr\xe8me \xff\xfe\xfd</p>"
    (tmp_path / "latin.html").write_bytes(raw)
    (page,) = read([tmp_path / "latin.html"])
    assert isinstance(page, Page)
    assert page.content == raw
    assert page.format == "html"


def test_empty_and_whitespace_files(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t ")
    assert only_failure(tmp_path / "empty.html").reason == "empty file"
    assert only_failure(tmp_path / "blank.txt").reason == "empty file (whitespace only)"


def _zip_bytes(**members: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name.replace("__", "/"), data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "label"),
    [
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "PNG image"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40, "JPEG image"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00", "GIF image"),
        ("report.html", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF document"),
        ("bundle.zip", _zip_bytes(index__html=HTML), "ZIP archive"),
        (
            "memo.docx",
            _zip_bytes(**{"[Content_Types].xml": b"<Types/>", "word__document.xml": b"<w/>"}),
            "Word document (docx, a ZIP archive)",
        ),
        ("data.bin", b"abc\x00\x00\x00def" * 10, "contains NUL bytes"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, name: str, data: bytes, label: str) -> None:
    (tmp_path / name).write_bytes(data)
    failure = only_failure(tmp_path / name)
    assert failure.reason == f"binary file ({label}), not a web page"
    assert failure.severity == "error"


def test_oversize_file(tmp_path: Path) -> None:
    (tmp_path / "big.html").write_bytes(b"<p>" + b"x" * 2_000 + b"</p>")
    reason = only_failure(tmp_path / "big.html", max_bytes=1_000).reason
    assert "2.0 kB (2,007 bytes)" in reason
    assert "1,000" in reason
    assert "--max-bytes" in reason
    # exactly at the limit is fine
    assert pages(read([tmp_path / "big.html"], max_bytes=2_007))


def test_unreadable_path_gives_a_failure_and_the_rest_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.html").write_bytes(HTML)
    (tmp_path / "secret.html").write_bytes(HTML)
    (tmp_path / "z.html").write_bytes(HTML)
    real_open = open

    def fake_open(path: str, *args: object, **kwargs: object) -> object:
        if str(path).endswith("secret.html"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(files_module, "open", fake_open, raising=False)
    items = read([tmp_path])
    assert [os.path.basename(p.input) for p in pages(items)] == ["a.html", "z.html"]
    (failure,) = failures(items)
    assert (os.path.basename(failure.input), failure.reason) == ("secret.html", "permission denied")


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "dangling.html").symlink_to(tmp_path / "gone.html")
    assert only_failure(tmp_path / "dangling.html").reason == "broken symbolic link"


# -- gzip ---------------------------------------------------------------------


def test_gzipped_html(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(HTML))
    (tmp_path / "misnamed.dat").write_bytes(gzip.compress(b"just text"))
    items = read([tmp_path / "page.html.gz", tmp_path / "misnamed.dat"])
    assert [(p.format, p.container, p.content) for p in pages(items)] == [
        ("html", "gzip", HTML),
        ("text", "gzip", b"just text"),
    ]
    assert not failures(items)


def test_truncated_gzip_keeps_what_could_be_read(tmp_path: Path) -> None:
    body = b"<html><body>" + b"".join(b"<p>Paragraph %d.</p>" % i for i in range(5000)) + b"</body>"
    packed = gzip.compress(body)
    (tmp_path / "cut.html.gz").write_bytes(packed[: len(packed) // 2])
    items = read([tmp_path / "cut.html.gz"])
    (page,) = pages(items)
    assert isinstance(page.content, bytes)
    assert body.startswith(page.content)
    assert 0 < len(page.content) < len(body)
    (warning,) = failures(items)
    assert warning.severity == "warning"
    assert warning.reason.startswith("truncated gzip stream: cut after ")


def test_truncated_gzip_with_nothing_useful(tmp_path: Path) -> None:
    (tmp_path / "stub.gz").write_bytes(gzip.compress(HTML)[:12])
    failure = only_failure(tmp_path / "stub.gz")
    assert failure.reason.startswith("truncated gzip stream: only 1 bytes could be decompressed")
    (tmp_path / "header.gz").write_bytes(gzip.compress(HTML)[:10])
    assert only_failure(tmp_path / "header.gz").reason == (
        "truncated gzip stream: nothing could be decompressed"
    )


def test_gzip_of_binary_and_of_nothing(tmp_path: Path) -> None:
    (tmp_path / "img.gz").write_bytes(gzip.compress(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50))
    (tmp_path / "void.gz").write_bytes(gzip.compress(b""))
    assert (
        only_failure(tmp_path / "img.gz").reason == "binary file (gzip-compressed PNG image), not a web page"
    )
    assert only_failure(tmp_path / "void.gz").reason == "empty file (gzip stream with no content)"


def test_gzip_bomb_is_stopped_by_max_bytes(tmp_path: Path) -> None:
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 3_000_000))
    reason = only_failure(tmp_path / "bomb.txt.gz", max_bytes=100_000).reason
    assert reason.startswith("decompressed content is larger than the --max-bytes limit of 100,000")


# -- JSON lines ---------------------------------------------------------------


def _jsonl(*objs: object) -> bytes:
    return b"".join(
        (o if isinstance(o, bytes) else json.dumps(o, ensure_ascii=False).encode()) + b"\n" for o in objs
    )


def test_jsonl_with_broken_lines(tmp_path: Path) -> None:
    data = _jsonl(
        {"url": "http://x/1", "html": "<p>one</p>", "title": "One", "published": "2024-01-02"},
        b'{"html": "<p>two</p>", ',  # line 2: broken
        {"text": "three", "source": "Agency", "published": 1704153600},
        b"",  # line 4: blank, skipped silently
        {"id": 5},  # line 5: neither field
        [1, 2],  # line 6: not an object
        {"html": "", "text": "  "},  # line 7: empty fields
        {"text": "اتفاق", "url": "http://x/8"},
    )
    (tmp_path / "feed.jsonl").write_bytes(data)
    items = read([tmp_path / "feed.jsonl"])
    got = [(p.locator, p.format, p.content) for p in pages(items)]
    assert got == [
        ("line:1", "html", "<p>one</p>"),
        ("line:3", "text", "three"),
        ("line:8", "text", "اتفاق"),
    ]
    first, third = pages(items)[0], pages(items)[1]
    assert (first.url, first.title, first.published, first.container) == (
        "http://x/1",
        "One",
        "2024-01-02",
        "jsonl",
    )
    assert (third.source, third.published, third.url) == ("Agency", "1704153600", None)
    reasons = {f.locator: f.reason for f in failures(items)}
    assert set(reasons) == {"line:2", "line:5", "line:6", "line:7"}
    assert reasons["line:2"].startswith("invalid JSON: ")
    assert reasons["line:5"] == "neither html nor text field"
    assert reasons["line:6"] == "not a JSON object but an array"
    assert reasons["line:7"] == "html and text fields are empty or not strings"
    # the stream order is the file order
    assert [x.locator for x in items] == [f"line:{n}" for n in (1, 2, 3, 5, 6, 7, 8)]


def test_jsonl_broken_first_line_is_still_jsonl_by_name(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_bytes(_jsonl(b'{"html": nope', {"html": "<p>ok</p>"}))
    items = read([tmp_path / "feed.jsonl"])
    assert [p.locator for p in pages(items)] == ["line:2"]
    assert failures(items)[0].locator == "line:1"


def test_jsonl_line_above_max_bytes_is_skipped(tmp_path: Path) -> None:
    data = _jsonl({"text": "short"}, {"text": "y" * 5_000}, {"text": "after"})
    (tmp_path / "feed.jsonl").write_bytes(data)
    items = read([tmp_path / "feed.jsonl"], max_bytes=1_000)
    assert [p.content for p in pages(items)] == ["short", "after"]
    assert [p.locator for p in pages(items)] == ["line:1", "line:3"]
    (failure,) = failures(items)
    assert failure.locator == "line:2"
    assert "--max-bytes" in failure.reason


def test_jsonl_invalid_utf8_line_is_decoded_with_a_warning(tmp_path: Path) -> None:
    line = '{"text": "Le président a déclaré que l\'économie va bien"}'.encode("cp1252")
    (tmp_path / "feed.jsonl").write_bytes(_jsonl({"text": "ok"}, line))
    items = read([tmp_path / "feed.jsonl"])
    assert pages(items)[1].content == "Le président a déclaré que l'économie va bien"
    (warning,) = failures(items)
    assert (warning.locator, warning.severity) == ("line:2", "warning")
    assert warning.reason.startswith("line is not valid UTF-8; decoded as ")


def test_gzipped_jsonl_truncated(tmp_path: Path) -> None:
    objs = [{"text": f"story {i} " + "words " * 50} for i in range(400)]
    packed = gzip.compress(_jsonl(*objs))
    (tmp_path / "feed.jsonl.gz").write_bytes(packed[: len(packed) * 2 // 3])
    items = read([tmp_path / "feed.jsonl.gz"])
    got = pages(items)
    assert got and all(p.container == "jsonl" for p in got)
    assert got[0].content == objs[0]["text"]
    assert 0 < len(got) < 400
    assert failures(items)[-1].reason.startswith("truncated gzip stream after line ")


# -- stdin --------------------------------------------------------------------


def test_stdin_html(tmp_path: Path) -> None:
    (page,) = list(iter_pages(["-"], stdin=io.BytesIO(HTML)))
    assert isinstance(page, Page)
    assert (page.input, page.locator, page.format, page.container, page.content) == (
        "-",
        "",
        "html",
        "stdin",
        HTML,
    )


def test_stdin_jsonl_gzip_and_errors() -> None:
    (page,) = pages(list(iter_pages(["-"], stdin=io.BytesIO(_jsonl({"text": "hi"})))))
    assert (page.locator, page.container) == ("line:1", "jsonl")
    (page,) = pages(list(iter_pages(["-"], stdin=io.BytesIO(gzip.compress(HTML)))))
    assert (page.container, page.content) == ("gzip", HTML)
    (failure,) = list(iter_pages(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(failure, Failure) and failure.reason == "empty file"
    (failure,) = list(iter_pages(["-"], stdin=io.BytesIO(b"<p>" + b"x" * 5000), max_bytes=100))
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("input is larger than the --max-bytes limit of 100 bytes")


# -- many files ---------------------------------------------------------------


def test_ten_thousand_small_files(tmp_path: Path) -> None:
    root = tmp_path / "many"
    for d in range(10):
        sub = root / f"d{d}"
        sub.mkdir(parents=True)
        for i in range(1000):
            (sub / f"{i:04d}.html").write_bytes(b"<p>story %d/%d</p>" % (d, i))
    start = time.perf_counter()
    count = 0
    last = ""
    for item in iter_pages([str(root)]):
        assert isinstance(item, Page)
        assert item.input > last  # sorted, stable order
        last = item.input
        count += 1
    elapsed = time.perf_counter() - start
    assert count == 10_000
    assert elapsed < 30, f"10,000 small files took {elapsed:.1f}s"


def test_an_unexpected_error_becomes_a_failure_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.html").write_bytes(HTML)
    (tmp_path / "b.html").write_bytes(HTML)
    real = files_module.iter_file

    def flaky(path: str, *, max_bytes: int):  # type: ignore[no-untyped-def]
        if path.endswith("a.html"):
            raise RuntimeError("boom")
        return real(path, max_bytes=max_bytes)

    monkeypatch.setattr("tidings.sources.iter_file", flaky)
    items = read([tmp_path])
    assert [type(x).__name__ for x in items] == ["Failure", "Page"]
    assert items[0].reason == "unexpected error while reading (RuntimeError); see the log"  # type: ignore[union-attr]
