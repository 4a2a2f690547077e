"""WARC and WET archives: one page per HTML/text response or WET conversion.

Archives are streamed record by record with :class:`warcio.ArchiveIterator`,
so an archive may be far larger than ``max_bytes``; the limit applies to each
record's payload. What yields what:

- ``response`` records whose HTTP status is 2xx and whose Content-Type is
  HTML (``text/html``, ``application/xhtml+xml``) or plain text yield a page
  with the payload as bytes (HTTP headers removed, chunked transfer and
  Content-Encoding undone); a missing or generic type
  (``application/octet-stream``) is decided by sniffing the payload.
- ``conversion`` records (WET) with a text type yield a text page (``str``).
- Everything else is skipped with a debug-level log line only: request,
  metadata, warcinfo, revisit and resource records, non-2xx responses,
  images, scripts, stylesheets and other non-page payloads, empty payloads.

Damage is reported as :class:`~tidings.records.Failure` and the archive goes
on, in archive order:

- a payload above ``max_bytes``: an error for that record, then the next;
- a Content-Encoding that cannot be undone: an error for that record only;
- a wrong Content-Length (warcio finds no blank line after the record): a
  warning; the record is yielded as warcio read it;
- a record cut short by the end of the archive: what was read is yielded
  with a warning, or an error if nothing usable was read;
- a corrupt record (unparsable headers, bad gzip data): one error naming its
  offset; reading resumes at the next record that parses, found by scanning
  from just after the last good record for the next gzip member or
  ``WARC/1.`` line, so the records after the damage are not lost. Resuming
  needs a seekable input; ``files.py`` spools unseekable ones (stdin, pipes)
  to a temporary file.

A WARC gzipped as one stream instead of one gzip member per record (what
``warcio recompress`` fixes) is read through :mod:`gzip`; its locators are
then offsets in the uncompressed archive.
"""

from __future__ import annotations

import gzip
import logging
import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from tidings.encoding import charset_from_content_type, decode_bytes
from tidings.records import Failure, Page
from tidings.sources.damage import (
    ArchiveDamage,
    PayloadDamage,
    QuietIterator,
    content_stream,
    one_line,
)
from tidings.sources.detect import payload_format

logger = logging.getLogger(__name__)

STAGE = "read"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
#: Types that say nothing about the payload: decided by sniffing it.
_SNIFF_TYPES = frozenset(
    {"", "application/octet-stream", "unk", "application/unknown", "binary/octet-stream"}
)
_CHUNK = 1 << 20
#: Bytes scanned per step when looking for the next record after damage.
_SCAN_CHUNK = 1 << 20
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_LINE = b"\nWARC/1."


def iter_warc(
    fh: IO[bytes], input: str, *, max_bytes: int, gzipped: bool = False
) -> Iterator[Page | Failure]:
    """Yield pages and failures from a WARC or WET archive.

    Args:
        fh: the archive, positioned at its start; seekable to resume after
            damage (otherwise reading stops at the first corrupt record).
        input: the path as given, for the records' ``input``.
        max_bytes: the largest record payload read; larger ones are skipped.
        gzipped: the file is gzip-compressed (decides how to find the next
            record after damage).
    """
    stream: IO[bytes] | gzip.GzipFile = fh
    marker = _GZIP_MEMBER if gzipped else _WARC_LINE
    seen = 0  # records iterated, to skip them after a switch to whole-file gzip
    skip = 0
    while True:
        it = QuietIterator(stream)
        last_start: int | None = None  # start of the last record warcio parsed
        try:
            for record in it:
                offset = last_start = it.offset
                yield from _notes(it, input)
                seen += 1
                if skip:
                    skip -= 1
                    continue
                yield from _checked(record, offset, input, max_bytes)
            yield from _notes(it, input)
            end = _size(stream)
            if end is not None and it.offset < end:
                # warcio stops silently when a record's headers end early
                yield Failure(
                    input,
                    STAGE,
                    f"truncated WARC record at offset {it.offset}: the archive ends inside it "
                    f"({end - it.offset:,} bytes unread)",
                    f"offset:{it.offset}",
                )
            return
        except ArchiveLoadFailed as exc:
            if "non-chunked gzip" not in str(exc) or stream is not fh:
                bad, error = it.offset, _describe(exc)
            else:
                logger.debug("%s: gzip is not per record; reading it as one gzip stream", input)
                fh.seek(0)
                stream = gzip.GzipFile(fileobj=fh, mode="rb")
                marker, skip, seen = _WARC_LINE, seen, 0
                continue
        except Exception as exc:  # the stream must go on whatever warcio raises
            bad, error = it.offset, _describe(exc)
        yield from _notes(it, input)
        # Scan from just after the last record that parsed, not from the damage:
        # a wrong Content-Length makes warcio notice the damage inside the next
        # record, whose own start is still good. Records that were yielded
        # start at or before last_start, so none is yielded twice.
        scan_from = (bad if last_start is None else last_start) + 1
        resume = _find_next(stream, scan_from, marker) if stream.seekable() else None
        if resume == bad:
            # The damaged record's own start looks intact (a gzip member whose
            # deflate data is corrupt): reading it again fails again.
            resume = _find_next(stream, bad + 1, marker)
        if resume is None:
            tail = "no readable record after it" if stream.seekable() else "input is not seekable"
            yield Failure(
                input,
                STAGE,
                f"corrupt WARC record at offset {bad}: {error}; {tail}",
                f"offset:{bad}",
            )
            return
        yield Failure(
            input,
            STAGE,
            f"corrupt WARC record at offset {bad}: {error}; "
            + (f"skipped {resume - bad:,} bytes, " if resume > bad else "")
            + f"reading resumed at offset {resume}",
            f"offset:{bad}",
        )
        stream.seek(resume)
        seen, skip = 0, 0


def _describe(exc: BaseException) -> str:
    """Say what went wrong in a few words (warcio's own messages where it has them)."""
    text = one_line(str(exc), 100)
    if "first line:" in text:  # warcio quotes the bytes it found: noise, often binary
        text = text.split("first line:")[0].rstrip(" ,:") + " (no WARC header where a record should start)"
    if "non-chunked gzip" in text:
        return "gzip stream continues beyond a single record"
    if isinstance(exc, ArchiveLoadFailed):
        return text
    if isinstance(exc, ArchiveDamage):
        return text
    if isinstance(exc, zlib.error):
        return f"gzip data error ({text})"
    if isinstance(exc, EOFError):
        return "unexpected end of data"
    if isinstance(exc, (AttributeError, TypeError, KeyError, IndexError, ValueError)):
        # warcio trips over a missing or mangled header rather than reporting it
        return "malformed record headers"
    return f"unreadable record ({type(exc).__name__}: {text})" if text else type(exc).__name__


def _size(stream: IO[bytes] | gzip.GzipFile) -> int | None:
    """Size of a seekable plain stream (None for gzip streams and pipes)."""
    if isinstance(stream, gzip.GzipFile) or not stream.seekable():
        return None
    try:
        pos = stream.tell()
        end = stream.seek(0, 2)
        stream.seek(pos)
    except (OSError, ValueError):
        return None
    return end


def _notes(it: QuietIterator, input: str) -> Iterator[Failure]:
    while it.notes:
        at = it.notes.pop(0)
        yield Failure(
            input,
            STAGE,
            "record not followed by a blank line: its Content-Length is probably wrong",
            f"offset:{at}",
            severity="warning",
        )


def _find_next(stream: IO[bytes] | gzip.GzipFile, start: int, marker: bytes) -> int | None:
    """Return the offset of the next record that parses at or after ``start``."""
    pos = start
    while True:
        try:
            stream.seek(pos)
            buf = b""
            while True:
                chunk = stream.read(_SCAN_CHUNK)
                if not chunk:
                    return None
                buf = buf[-(len(marker) - 1) :] + chunk if buf else chunk
                base = stream.tell() - len(buf)
                hit = buf.find(marker)
                if hit >= 0:
                    candidate = base + hit + (1 if marker == _WARC_LINE else 0)
                    break
        except (OSError, EOFError, ValueError):
            return None
        if _parses_at(stream, candidate):
            return candidate
        pos = candidate + 1


def _parses_at(stream: IO[bytes] | gzip.GzipFile, offset: int) -> bool:
    try:
        stream.seek(offset)
        next(iter(ArchiveIterator(stream)))
    except Exception:
        return False
    return True


def _mime(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _checked(record: Any, offset: int, input: str, max_bytes: int) -> Iterator[Page | Failure]:
    """Yield a record's page (if any), then say whether the record was whole."""
    locator = f"offset:{offset}"
    if record.rec_type is None or record.rec_headers.get_header("Content-Length") is None:
        yield Failure(
            input,
            STAGE,
            f"incomplete WARC record at offset {offset}: no WARC-Type or Content-Length header "
            "(archive truncated?)",
            locator,
        )
        return
    produced = False
    for item in _record(record, offset, input, max_bytes):
        produced = produced or isinstance(item, Page)
        yield item
    if not _drain_truncated(record):
        return
    if produced:
        reason = "record is truncated (the archive ends inside it); page may be incomplete"
        yield Failure(input, STAGE, reason, locator, severity="warning")
    else:
        reason = f"truncated WARC record at offset {offset}: the archive ends inside it"
        yield Failure(input, STAGE, reason, locator)


def _drain_truncated(record: Any) -> bool:
    """Read the rest of a record; True if the archive ended before its Content-Length."""
    raw = record.raw_stream
    if not isinstance(raw, LimitReader):
        return False
    while raw.read(_CHUNK):
        pass
    return raw.limit > 0


def _record(record: Any, offset: int, input: str, max_bytes: int) -> Iterator[Page | Failure]:
    rec_type = record.rec_type
    locator = f"offset:{offset}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    fetched = record.rec_headers.get_header("WARC-Date")
    if rec_type == "response":
        http = record.http_headers
        if http is None:
            logger.debug("%s#%s: response without HTTP headers skipped", input, locator)
            return
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            logger.debug("%s#%s: HTTP status %s skipped", input, locator, status)
            return
        content_type = http.get_header("Content-Type")
        mime = _mime(content_type)
        if mime not in _HTML_TYPES | _TEXT_TYPES | _SNIFF_TYPES:
            logger.debug("%s#%s: %s response skipped", input, locator, mime)
            return
        try:
            data, over = _read_payload(record, max_bytes)
        except PayloadDamage as exc:
            yield Failure(input, STAGE, f"payload cannot be decoded: {exc}", locator)
            return
        if over:
            yield _too_big(input, locator, record, max_bytes)
            return
        fmt = "html" if mime in _HTML_TYPES else payload_format(data)
        if not data.strip() or fmt is None:
            logger.debug("%s#%s: empty or binary payload skipped", input, locator)
            return
        yield Page(
            input=input,
            locator=locator,
            format=fmt,
            content=data,
            url=url,
            fetched=fetched,
            encoding=charset_from_content_type(content_type),
            container="warc",
        )
    elif rec_type == "conversion":
        content_type = record.content_type
        mime = _mime(content_type)
        if mime and not mime.startswith("text/"):
            logger.debug("%s#%s: %s conversion skipped", input, locator, mime)
            return
        data, over = _read_payload(record, max_bytes)
        if over:
            yield _too_big(input, locator, record, max_bytes)
            return
        text, _, lossy = decode_bytes(data, charset_from_content_type(content_type) or "utf-8", where=input)
        if not text.strip():
            logger.debug("%s#%s: empty conversion skipped", input, locator)
            return
        fmt = "html" if mime in _HTML_TYPES else "text"
        yield Page(
            input=input,
            locator=locator,
            format=fmt,
            content=text,
            url=url,
            fetched=fetched,
            container="wet",
        )
        if lossy:
            yield Failure(
                input,
                STAGE,
                "text is not valid UTF-8; bad bytes replaced",
                locator,
                severity="warning",
            )
    else:
        logger.debug("%s#%s: %s record skipped", input, locator, rec_type)
        return


def _read_payload(record: Any, max_bytes: int) -> tuple[bytes, bool]:
    """Return ``(payload, over_limit)``; reads at most max_bytes + 1 bytes."""
    stream = content_stream(record)
    parts: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        return b"", True
    return b"".join(parts), False


def _too_big(input: str, locator: str, record: Any, max_bytes: int) -> Failure:
    size = record.payload_length if record.payload_length and record.payload_length > 0 else None
    known = f" ({size:,} bytes)" if size else ""
    return Failure(
        input,
        STAGE,
        f"record payload{known} is above the --max-bytes limit of {max_bytes:,} bytes; "
        "skipped (raise --max-bytes to read it)",
        locator,
    )
