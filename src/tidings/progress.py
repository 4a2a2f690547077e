"""Progress reporting, passed in as an object (null by default).

stdout carries data only; every progress implementation writes to stderr.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol, TextIO


class Progress(Protocol):
    def update(self, ok: int = 0, failed: int = 0, skipped: int = 0) -> None: ...

    def message(self, text: str) -> None: ...

    def close(self) -> None: ...


class NullProgress:
    def update(self, ok: int = 0, failed: int = 0, skipped: int = 0) -> None:
        return None

    def message(self, text: str) -> None:
        return None

    def close(self) -> None:
        return None


class LogProgress:
    """Plain log lines: a line per message and a count every ``every`` seconds."""

    def __init__(self, stream: TextIO | None = None, every: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.counts = {"ok": 0, "failed": 0, "skipped": 0}
        self.start = self.last = time.monotonic()

    def update(self, ok: int = 0, failed: int = 0, skipped: int = 0) -> None:
        self.counts["ok"] += ok
        self.counts["failed"] += failed
        self.counts["skipped"] += skipped
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._line()

    def _line(self) -> None:
        c = self.counts
        rate = sum(c.values()) / max(time.monotonic() - self.start, 1e-9)
        print(
            f"tidings: {c['ok']} stored, {c['skipped']} already stored, {c['failed']} failed "
            f"({rate:.1f} pages/s)",
            file=self.stream,
            flush=True,
        )

    def message(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def close(self) -> None:
        if sum(self.counts.values()) and time.monotonic() - self.start >= self.every:
            self._line()


class BarProgress:
    """A tqdm progress bar on a terminal."""

    def __init__(self, stream: TextIO | None = None) -> None:
        from tqdm import tqdm

        self.bar: Any = tqdm(unit="page", file=stream or sys.stderr, dynamic_ncols=True)
        self.failed = 0

    def update(self, ok: int = 0, failed: int = 0, skipped: int = 0) -> None:
        self.failed += failed
        self.bar.update(ok + failed + skipped)
        if failed:
            self.bar.set_postfix(failed=self.failed)

    def message(self, text: str) -> None:
        self.bar.write(text, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()


class RecordingProgress:
    """Keeps everything in memory (tests)."""

    def __init__(self) -> None:
        self.counts = {"ok": 0, "failed": 0, "skipped": 0}
        self.messages: list[str] = []
        self.closed = False

    def update(self, ok: int = 0, failed: int = 0, skipped: int = 0) -> None:
        self.counts["ok"] += ok
        self.counts["failed"] += failed
        self.counts["skipped"] += skipped

    def message(self, text: str) -> None:
        self.messages.append(text)

    def close(self) -> None:
        self.closed = True


def for_terminal(stream: TextIO | None = None) -> Progress:
    """A bar when ``stream`` (stderr by default) is a terminal, log lines otherwise."""
    stream = stream or sys.stderr
    return BarProgress(stream) if stream.isatty() else LogProgress(stream)
