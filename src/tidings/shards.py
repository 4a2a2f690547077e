"""Shards: the units of work a checkpoint records as finished.

A shard is one archive or JSON-lines file (a WARC, WET or JSONL file, plain
or gzipped: what it is comes from its content, as everywhere in
``sources/``), or a slice of ``files_per_shard`` consecutive single-page
files (HTML, text) in the order ``sources`` reads them. Its id is a hash of
its files' absolute paths, sizes and modification times, so it is the same
on every run over unchanged inputs; a changed file makes a new shard (whose
pages already stored are still skipped one by one). Standard input is a
shard with no id: it is never recorded as finished.

A shard counts as finished for a *recipe*: the stage versions and the
settings that decide which pages are read and what is kept (see
:func:`recipe`). A run with other stage versions or a larger ``max_bytes``
redoes it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from tidings.settings import Settings
from tidings.sources.detect import HEAD_BYTES, sniff
from tidings.sources.files import expand_paths

_CONTAINERS = frozenset({"warc", "jsonl"})


@dataclass(frozen=True, slots=True)
class Shard:
    """Files read as one unit of work; ``id`` is empty for standard input.
    ``seq`` is its place in the run's reading order (-1 when not known)."""

    id: str
    paths: tuple[str, ...]
    seq: int = -1


def iter_shards(paths: Sequence[str], files_per_shard: int) -> Iterator[Shard]:
    """Group the files named by ``paths`` into shards, lazily, in reading order.

    Raises:
        ConfigError: at call time, for a path or glob that matches nothing
            (as :func:`tidings.sources.iter_pages`).
    """
    return _iter_shards(expand_paths(paths), files_per_shard)


def _iter_shards(expanded: Iterator[str], files_per_shard: int) -> Iterator[Shard]:
    group: list[str] = []
    for path in expanded:
        if path == "-" or _is_container(path):
            if group:
                yield make_shard(group)
                group = []
            yield Shard("", ("-",)) if path == "-" else make_shard([path])
            continue
        group.append(path)
        if len(group) >= files_per_shard:
            yield make_shard(group)
            group = []
    if group:
        yield make_shard(group)


def make_shard(paths: Sequence[str]) -> Shard:
    """The shard of ``paths`` (files, read in this order)."""
    digest = hashlib.sha256(json.dumps([_identity(p) for p in paths]).encode()).hexdigest()
    return Shard(digest[:24], tuple(paths))


def _identity(path: str) -> list[object]:
    try:
        st = os.stat(path)
    except OSError:
        return [os.path.abspath(path), None, None]
    return [os.path.abspath(path), st.st_size, st.st_mtime_ns]


def _is_container(path: str) -> bool:
    """True for a file holding many pages (WARC, WET, JSON lines; maybe gzipped)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
        if head.startswith(b"\x1f\x8b"):
            with gzip.open(path, "rb") as gz:
                head = gz.read(HEAD_BYTES)
    except (OSError, EOFError, zlib.error):
        return False  # unreadable: reading it reports why, as a single file
    return sniff(head, os.path.basename(path)).kind in _CONTAINERS


def recipe(versions: Mapping[str, str], settings: Settings) -> str:
    """A key for what makes a shard's output: the stage versions and the
    settings that decide which pages are read, kept or parsed how."""
    data = {
        "versions": dict(versions),
        "max_bytes": settings.max_bytes,
        "keep_raw_bytes": settings.keep_raw_bytes,
        "min_text_chars": settings.min_text_chars,
        "spacy_model": settings.spacy_model,
        "actor_dictionaries": list(settings.actor_dictionaries),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
