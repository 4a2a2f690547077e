"""Sources: turn paths into a lazy stream of :class:`~tidings.records.Page` records.

One page per HTML file, text file, JSON-lines line, WARC response record or
WET conversion record, in a stable order: paths in the order given,
directories walked in sorted order, records in archive order. What an input
is comes from its content (gzip, WARC, JSON lines, HTML, text), not its name.

Lenient with data, strict with callers: a bad input (binary, empty, too
large, truncated, corrupt, unreadable) yields a :class:`~tidings.records.Failure`
and the stream goes on; a path that matches nothing or a wrong argument
raises :class:`~tidings.errors.ConfigError` at call time, before any page.

Example:
    >>> import io
    >>> [p.format for p in iter_pages(["-"], stdin=io.BytesIO(b"<p>Hello</p>"))]
    ['html']
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from tidings.encoding import decode_bytes
from tidings.errors import ConfigError
from tidings.records import Failure, Page
from tidings.sources.files import expand_paths, iter_file, iter_stdin

__all__ = ["decode_bytes", "expand_paths", "iter_pages"]

logger = logging.getLogger(__name__)


def iter_pages(
    paths: Sequence[str], *, max_bytes: int = 50_000_000, stdin: BinaryIO | None = None
) -> Iterator[Page | Failure]:
    """Expand ``paths`` and yield their pages lazily; bad inputs yield failures.

    Args:
        paths: files; directories (walked recursively in sorted order, hidden
            entries skipped); glob patterns; ``"-"`` for standard input.
        max_bytes: the largest page read, in bytes. A larger HTML/text file
            or WARC record payload or JSON line yields a Failure; archives and
            JSON-lines files themselves may be larger (they are streamed).
        stdin: the stream read for ``"-"`` (default ``sys.stdin.buffer``).

    Returns:
        An iterator of :class:`Page` and :class:`Failure` records. Nothing is
        read until it is iterated; it never raises for a bad input.

    Raises:
        ConfigError: at call time, for a path or glob that matches nothing,
            a single string instead of a list, ``max_bytes`` below 1, or a
            text stream as ``stdin``.
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        raise ConfigError(f"max_bytes must be a positive number of bytes, not {max_bytes!r}")
    if isinstance(stdin, io.TextIOBase):
        raise ConfigError("stdin must be a binary stream (e.g. sys.stdin.buffer), not a text one")
    expanded = expand_paths(paths)
    return _iter_pages(expanded, max_bytes, stdin)


def _iter_pages(paths: Iterator[str], max_bytes: int, stdin: BinaryIO | None) -> Iterator[Page | Failure]:
    for path in paths:
        try:
            if path == "-":
                yield from iter_stdin(stdin if stdin is not None else sys.stdin.buffer, max_bytes=max_bytes)
            else:
                yield from iter_file(path, max_bytes=max_bytes)
        except Exception as exc:  # a bug here must not end a long run: log it, go on
            logger.exception("unexpected error reading %s", path)
            reason = f"unexpected error while reading ({type(exc).__name__}); see the log"
            yield Failure(path, "read", reason)
