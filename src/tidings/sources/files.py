"""Paths to inputs, and plain inputs to pages: HTML, text, gzip, JSON lines.

:func:`expand_paths` turns what a user typed into file paths, strictly: a
path that matches nothing is a caller's mistake (:class:`ConfigError`).
:func:`iter_file` and :func:`iter_stdin` turn one input into pages, leniently:
whatever is wrong with a file becomes a :class:`Failure` and the stream goes
on. What an input is comes from its content (:mod:`tidings.sources.detect`);
archives go to :mod:`tidings.sources.warc`, JSON lines to
:mod:`tidings.sources.jsonl`.

Limits: ``max_bytes`` bounds one page. A whole HTML or text file (or its
decompressed content) above it is refused; WARC and JSON-lines inputs are
containers, streamed, and the limit applies to each record or line.
"""

from __future__ import annotations

import glob
import gzip
import os
import stat
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO, BinaryIO, cast

from tidings.errors import ConfigError
from tidings.records import Failure, Page
from tidings.sources.damage import one_line
from tidings.sources.detect import HEAD_BYTES, sniff
from tidings.sources.jsonl import GZIP_ERRORS, gzip_problem, iter_jsonl
from tidings.sources.warc import iter_warc

STAGE = "read"
_GLOB_CHARS = frozenset("*?[")
_CHUNK = 1 << 20
#: Unseekable inputs (stdin, pipes) are spooled to memory up to this size,
#: then to a temporary file, so archives in them can be re-read after damage.
_SPOOL_MEMORY = 8 << 20
#: What a truncated gzip must yield to be worth a (warned) page: a few bytes
#: of markup are not a page.
_MIN_USEFUL = 32


def expand_paths(paths: Sequence[str]) -> Iterator[str]:
    """Expand files, directories (recursively, sorted), glob patterns and ``-``.

    Every path is checked before anything is yielded, so a typo fails at once
    rather than after an hour of work. Directories are walked lazily, depth
    first: a directory's files in sorted order, then its subdirectories in
    sorted order, skipping hidden files and directories (names starting with
    ``.``) and not following symbolic links to directories inside them. A glob is
    expanded with ``glob.glob(pattern, recursive=True)`` when the path
    contains ``*?[`` and does not exist literally. A subdirectory that cannot
    be listed is yielded itself, so that reading it reports why.

    Raises:
        ConfigError: ``paths`` is a single string, or a path matches nothing.

    Example:
        >>> list(expand_paths(["-"]))
        ['-']
    """
    if isinstance(paths, (str, bytes)):
        raise ConfigError("paths must be a list of paths, not a single string: wrap it in a list")
    resolved: list[tuple[str, list[str] | None]] = []
    for given in paths:
        path = os.fspath(given)  # accept pathlib.Path too
        if path == "-" or os.path.lexists(path):
            resolved.append((path, None))
        elif _GLOB_CHARS & set(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                raise ConfigError(f"glob pattern {path!r} matches no file; check the pattern")
            resolved.append((path, matches))
        else:
            raise ConfigError(f"no such file or directory: {path!r}; check the path")
    return _expand(resolved)


def _expand(resolved: list[tuple[str, list[str] | None]]) -> Iterator[str]:
    for path, matches in resolved:
        for item in matches if matches is not None else [path]:
            if item != "-" and os.path.isdir(item):
                yield from _walk(item)
            else:
                yield item


def _walk(root: str) -> Iterator[str]:
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):
        while errors:
            yield str(errors.pop(0).filename)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield os.path.join(dirpath, name)
    while errors:
        yield str(errors.pop(0).filename)


def human_size(n: int) -> str:
    """``63,200,000`` -> ``"63.2 MB (63,200,000 bytes)"``."""
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit} ({n:,} bytes)"
    return f"{n:,} bytes"


def _fail(input: str, reason: str, locator: str = "", severity: str = "error") -> Failure:
    return Failure(input, STAGE, reason, locator, severity=severity)


def _os_reason(exc: OSError, path: str) -> str:
    if isinstance(exc, FileNotFoundError):
        return "broken symbolic link" if os.path.islink(path) else "file not found (removed while reading?)"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {one_line(exc.strerror or str(exc))}"


def iter_file(path: str, *, max_bytes: int) -> Iterator[Page | Failure]:
    """Yield the pages of one file (never raises for a bad file)."""
    if os.path.isdir(path):
        try:
            os.listdir(path)
        except OSError as exc:
            yield _fail(path, f"cannot list directory: {_os_reason(exc, path)}")
        else:
            yield _fail(path, "is a directory")
        return
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; the generator owns it
    except OSError as exc:
        yield _fail(path, _os_reason(exc, path))
        return
    with fh:
        try:
            info = os.fstat(fh.fileno())
            regular = stat.S_ISREG(info.st_mode)
            if not regular or not fh.seekable():
                yield from _iter_unseekable(fh, path, max_bytes=max_bytes, plain="file")
            else:
                yield from _iter_stream(fh, path, size=info.st_size, max_bytes=max_bytes, plain="file")
        except OSError as exc:
            yield _fail(path, _os_reason(exc, path))


def iter_stdin(stream: IO[bytes], *, max_bytes: int) -> Iterator[Page | Failure]:
    """Yield the pages read from standard input (``input`` is ``-``)."""
    try:
        yield from _iter_unseekable(stream, "-", max_bytes=max_bytes, plain="stdin")
    except OSError as exc:
        yield _fail("-", _os_reason(exc, "-"))


def _iter_unseekable(
    stream: IO[bytes], input: str, *, max_bytes: int, plain: str
) -> Iterator[Page | Failure]:
    """Spool an unseekable input, then read it like a file.

    Archives and JSON lines are spooled whole (they are streamed later and may
    exceed ``max_bytes``); anything else only up to ``max_bytes + 1`` bytes.
    """
    head = _read_upto(stream, HEAD_BYTES)
    kind = sniff(head, input).kind
    limit = None if kind in ("gzip", "warc", "jsonl") else max_bytes + 1
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_MEMORY) as spool:
        spool.write(head)
        copied = len(head)
        while limit is None or copied < limit:
            chunk = stream.read(_CHUNK if limit is None else min(_CHUNK, limit - copied))
            if not chunk:
                break
            spool.write(chunk)
            copied += len(chunk)
        spool.seek(0)
        seekable = cast(BinaryIO, spool)
        yield from _iter_stream(seekable, input, size=None, max_bytes=max_bytes, plain=plain)


def _read_upto(stream: IO[bytes], n: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    while total < n:
        chunk = stream.read(n - total)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _iter_stream(
    fh: BinaryIO, input: str, *, size: int | None, max_bytes: int, plain: str
) -> Iterator[Page | Failure]:
    """Read one seekable input positioned at 0; ``size`` is None when unknown."""
    head = _read_upto(fh, HEAD_BYTES)
    sniffed = sniff(head, input)
    kind = sniffed.kind
    if kind == "empty":
        yield _fail(input, "empty file" if not head else "empty file (whitespace only)")
    elif kind == "binary":
        yield _fail(input, f"binary file ({sniffed.label}), not a web page")
    elif kind == "warc":
        fh.seek(0)
        yield from iter_warc(fh, input, max_bytes=max_bytes)
    elif kind == "jsonl":
        fh.seek(0)
        yield from iter_jsonl(fh, input, max_bytes=max_bytes)
    elif kind == "gzip":
        yield from _iter_gzip(fh, input, max_bytes=max_bytes)
    elif size is not None and size > max_bytes:
        yield _fail(
            input,
            f"file is {human_size(size)}, above the --max-bytes limit of {max_bytes:,} bytes; "
            "raise --max-bytes to read it",
        )
    else:
        data = head + _read_upto(fh, max_bytes + 1 - len(head)) if len(head) <= max_bytes else head
        if len(data) > max_bytes:
            yield _fail(
                input,
                f"input is larger than the --max-bytes limit of {max_bytes:,} bytes; "
                "raise --max-bytes to read it",
            )
            return
        yield Page(input=input, locator="", format=kind, content=data, container=plain)


def _iter_gzip(fh: BinaryIO, input: str, *, max_bytes: int) -> Iterator[Page | Failure]:
    """Look inside a gzip file and read what it holds."""
    fh.seek(0)
    gz = gzip.GzipFile(fileobj=fh, mode="rb")
    head, error = _gunzip_upto(gz, HEAD_BYTES)
    inner_name = input[:-3] if input.lower().endswith(".gz") else input
    sniffed = sniff(head, inner_name)
    if not head and error is not None:
        yield _fail(input, _gzip_reason(error, 0))
        return
    if sniffed.kind == "empty":
        yield _fail(input, "empty file (gzip stream with no content)")
    elif sniffed.kind in ("binary", "gzip"):
        label = sniffed.label or "gzip data"
        yield _fail(input, f"binary file (gzip-compressed {label}), not a web page")
    elif sniffed.kind == "warc":
        fh.seek(0)
        yield from iter_warc(fh, input, max_bytes=max_bytes, gzipped=True)
    elif sniffed.kind == "jsonl":
        fh.seek(0)
        yield from iter_jsonl(gzip.GzipFile(fileobj=fh, mode="rb"), input, max_bytes=max_bytes)
    else:
        rest, error = (b"", error) if error is not None else _gunzip_upto(gz, max_bytes + 1 - len(head))
        data = head + rest
        if len(data) > max_bytes:
            yield _fail(
                input,
                f"decompressed content is larger than the --max-bytes limit of {max_bytes:,} "
                "bytes; raise --max-bytes to read it",
            )
            return
        if error is not None and len(data.strip()) < _MIN_USEFUL:
            yield _fail(input, _gzip_reason(error, len(data)))
            return
        yield Page(input=input, locator="", format=sniffed.kind, content=data, container="gzip")
        if error is not None:
            yield _fail(
                input,
                _gzip_reason(error, len(data)) + "; page may be incomplete",
                severity="warning",
            )


def _gunzip_upto(gz: gzip.GzipFile, n: int) -> tuple[bytes, Exception | None]:
    """Decompress up to ``n`` bytes; keep what was read before an error."""
    parts: list[bytes] = []
    total = 0
    try:
        while total < n:
            chunk = gz.read1(min(_CHUNK, n - total))  # read1: keep data before an error
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    except GZIP_ERRORS as exc:
        return b"".join(parts), exc
    return b"".join(parts), None


def _gzip_reason(error: BaseException, got: int) -> str:
    what = gzip_problem(error)
    if not got:
        return f"{what}: nothing could be decompressed"
    if got < _MIN_USEFUL:
        return f"{what}: only {got:,} bytes could be decompressed, too few for a page"
    return f"{what}: cut after {got:,} decompressed bytes"
