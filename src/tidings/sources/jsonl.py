"""JSON lines: one page per line with an ``html`` or ``text`` field.

A JSON-lines file is a container: it is streamed line by line, and
``max_bytes`` applies to each line. A bad line (invalid JSON, not an object,
no usable field, too long) is a :class:`Failure` with locator ``line:N`` and
the other lines go on. A gzip stream that ends early stops the file with one
failure naming the last line read.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO

from tidings.encoding import decode_bytes
from tidings.records import Failure, Page
from tidings.sources.damage import one_line

STAGE = "read"
#: Errors a gzip stream raises when it is truncated or corrupt.
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)
_CHUNK = 1 << 20


def _fail(input: str, reason: str, locator: str = "", severity: str = "error") -> Failure:
    return Failure(input, STAGE, reason, locator, severity=severity)


def gzip_problem(error: BaseException) -> str:
    """Name a gzip failure: ``truncated gzip stream`` or ``corrupt gzip stream (...)``."""
    if isinstance(error, EOFError):
        return "truncated gzip stream"
    return f"corrupt gzip stream ({one_line(str(error), 80)})"


def iter_jsonl(fh: IO[bytes] | gzip.GzipFile, input: str, *, max_bytes: int) -> Iterator[Page | Failure]:
    """Yield one page per JSON-lines record with an ``html`` or ``text`` field.

    Line numbers are physical and 1-based; blank lines are skipped. Fields
    ``url``, ``title``, ``published`` and ``source`` become page metadata.
    """
    n = 0
    try:
        while True:
            line = fh.readline(max_bytes + 1)
            if not line:
                return
            n += 1
            if len(line) > max_bytes and not line.endswith(b"\n"):
                while True:
                    rest = fh.readline(_CHUNK)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield _fail(
                    input,
                    f"line is larger than the --max-bytes limit of {max_bytes:,} bytes; "
                    "raise --max-bytes to read it",
                    f"line:{n}",
                )
                continue
            yield from _jsonl_line(line, n, input)
    except GZIP_ERRORS as exc:
        yield _fail(input, f"{gzip_problem(exc)} after line {n}; the rest is lost")


_JSON_TYPES = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
}


def _jsonl_line(line: bytes, n: int, input: str) -> Iterator[Page | Failure]:
    locator = f"line:{n}"
    if n == 1:
        line = line.removeprefix(codecs.BOM_UTF8)
    if not line.strip():
        return
    encoding = "utf-8"
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        text, encoding, _ = decode_bytes(line, where=f"{input}#{locator}")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        yield _fail(input, f"invalid JSON: {exc.msg} (column {exc.colno})", locator)
        return
    if not isinstance(obj, dict):
        yield _fail(input, f"not a JSON object but {_JSON_TYPES.get(type(obj), 'null')}", locator)
        return
    html, body = obj.get("html"), obj.get("text")
    if isinstance(html, str) and html.strip():
        fmt, content = "html", html
    elif isinstance(body, str) and body.strip():
        fmt, content = "text", body
    elif "html" in obj or "text" in obj:
        yield _fail(input, "html and text fields are empty or not strings", locator)
        return
    else:
        yield _fail(input, "neither html nor text field", locator)
        return
    yield Page(
        input=input,
        locator=locator,
        format=fmt,
        content=content,
        url=_meta(obj, "url"),
        title=_meta(obj, "title"),
        published=_meta(obj, "published"),
        source=_meta(obj, "source"),
        container="jsonl",
    )
    if encoding != "utf-8":
        yield _fail(input, f"line is not valid UTF-8; decoded as {encoding}", locator, severity="warning")


def _meta(obj: dict[str, object], key: str) -> str | None:
    value = obj.get(key)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None
