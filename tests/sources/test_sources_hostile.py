"""Hostile input: whatever the bytes, the stream yields records and never raises."""

from __future__ import annotations

import gzip
import os
import tempfile
import threading
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.records import Failure, Page
from tidings.sources import iter_pages


def _read_bytes(data: bytes, name: str) -> list[Page | Failure]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        items = list(iter_pages([str(path)], max_bytes=100_000))
    for item in items:
        assert isinstance(item, (Page, Failure))
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason
    return items


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2_000), st.sampled_from(["x.html", "x.jsonl", "x.warc", "x.gz"]))
def test_arbitrary_bytes_never_raise(data: bytes, name: str) -> None:
    items = _read_bytes(data, name)
    assert items  # an input always yields something: a page or a reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    compressed=st.booleans(),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)), max_size=4),
    cut=st.one_of(st.none(), st.integers(min_value=1)),
)
def test_damaged_warc_never_raises(
    tmp_path: Path,
    kit: SimpleNamespace,
    compressed: bool,
    edits: list[tuple[int, bytes]],
    cut: int | None,
) -> None:
    path = kit.write_warc(tmp_path / "h.warc", kit.news_records(), gzip=compressed)
    data = bytearray(path.read_bytes())
    for position, junk in edits:
        at = position % len(data)
        data[at : at + len(junk)] = junk
    if cut is not None:
        data = data[: cut % len(data) + 1]
    _read_bytes(bytes(data), "h.warc.gz" if compressed else "h.warc")


def test_named_pipe_is_read_like_stdin(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html.gz"
    os.mkfifo(fifo)
    page = b"<html><body><p>Through a pipe.</p></body></html>"

    def writer() -> None:
        with fifo.open("wb") as fh:
            fh.write(gzip.compress(page))

    thread = threading.Thread(target=writer)
    thread.start()
    items = list(iter_pages([str(fifo)]))
    thread.join(timeout=10)
    assert len(items) == 1
    assert isinstance(items[0], Page)
    assert (items[0].input, items[0].content, items[0].container) == (str(fifo), page, "gzip")
