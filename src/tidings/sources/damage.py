"""Library errors as one-line reasons; warcio readers that raise instead of print.

warcio reports some damage by writing to stderr and carrying on, which loses
records silently and writes to a stream that belongs to the CLI. The classes
here override private methods of warcio 1.x (the dependency is pinned
``<2``) so that damage becomes an exception or a note that
:mod:`tidings.sources.warc` turns into a :class:`~tidings.records.Failure`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader, DecompressingBufferedReader


def one_line(text: str, limit: int = 120) -> str:
    """Squeeze an error message into one printable line of at most ``limit`` chars.

    Example:
        >>> one_line("Invalid WARC record, first line: \\x00\\nXX")
        'Invalid WARC record, first line: XX'
    """
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ArchiveDamage(Exception):
    """The archive's own gzip data is corrupt (raised instead of warcio's stderr note)."""


class PayloadDamage(Exception):
    """A payload's Content-Encoding cannot be undone; the archive itself is fine."""


class _Strict:
    """Mixin for warcio readers: raise on a decompression error after the first block.

    warcio's readers treat an error in the first block as "not compressed"
    (kept here) but answer a later one by writing to stderr and returning no
    data, which silently loses the rest of the record and the records after
    it. This overrides a private method of warcio 1.x (pinned ``<2``).
    """

    damage: type[Exception] = ArchiveDamage
    decompressor: Any
    decomp_type: str | None
    num_block_read: int

    if TYPE_CHECKING:

        def _init_decomp(self, decomp_type: str | None) -> None: ...

    def _decompress(self, data: bytes) -> bytes:
        if not (self.decompressor and data):
            return data
        try:
            return bytes(self.decompressor.decompress(data))
        except Exception as exc:
            if self.num_block_read:
                raise self.damage(f"gzip data error ({one_line(str(exc), 80)})") from exc
            if self.decomp_type == "deflate":
                self._init_decomp("deflate_alt")
                return self._decompress(data)
            self.decompressor = None
            return data


class _StrictArchiveReader(_Strict, DecompressingBufferedReader):
    pass


class _StrictPayloadReader(_Strict, BufferedReader):
    damage = PayloadDamage


class _StrictChunkedReader(_Strict, ChunkedDataReader):
    damage = PayloadDamage


class QuietIterator(ArchiveIterator):
    """ArchiveIterator that reports damage instead of printing to stderr.

    warcio writes "Record not followed by newline" and gzip errors straight to
    stderr; stdout and stderr belong to the CLI, so the first becomes a
    warning Failure and the second an exception (see :class:`_Strict`). This
    overrides a private method of warcio 1.x (pinned ``<2``).
    """

    def __init__(self, fileobj: Any) -> None:
        self.notes: list[int] = []
        super().__init__(fileobj)
        self.reader = _StrictArchiveReader(self.fh)

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        empty_size = 0
        first_line = True
        while True:
            line = self.reader.readline()
            if len(line) == 0:
                return None, empty_size
            if len(line.rstrip()) == 0 or first_line:
                empty_size += len(line)
                if len(line.rstrip()) != 0:
                    self.notes.append(self.fh.tell() - self.reader.rem_length() - empty_size)
                    self.err_count += 1
                first_line = False
                continue
            return line, empty_size


def content_stream(record: Any) -> Any:
    """``record.content_stream()`` with strict readers (see :class:`_Strict`)."""
    http = record.http_headers
    if not http:
        return record.raw_stream
    encoding = (http.get_header("Content-Encoding") or "").strip().lower() or None
    if encoding not in BufferedReader.get_supported_decompressors():
        encoding = None
    if (http.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        return _StrictChunkedReader(record.raw_stream, decomp_type=encoding)
    if encoding:
        return _StrictPayloadReader(record.raw_stream, decomp_type=encoding)
    return record.raw_stream
