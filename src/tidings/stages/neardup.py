"""Near-duplicate texts: MinHash signatures over word shingles and an LSH index.

Syndicated copies and light edits of one text (a wire story on several sites,
a page re-published with a new headline or a trimmed last paragraph) share
most of their word 5-grams. Each text gets a MinHash signature of those
shingles; the LSH index finds, without comparing all pairs, the earlier texts
whose estimated Jaccard similarity reaches ``THRESHOLD``. Copies are linked
to the text they copy (a source chain), never deleted.

Pure: signatures are plain numbers, the index lives in memory;
:mod:`tidings.linking` stores signatures and rebuilds the index.
"""

from __future__ import annotations

import re
from collections import deque
from functools import cache
from typing import Any

import numpy as np

VERSION = "neardup/1"
NUM_PERM = 128
SHINGLE = 5
#: Least estimated Jaccard similarity of shingle sets for a copy. One changed
#: word changes five shingles, so a 100-word text with a new headline and two
#: edited words keeps about 0.75; unrelated texts on one topic share < 0.1.
THRESHOLD = 0.6
#: The LSH index looks a little below the threshold (its banding misses
#: some pairs near it); each candidate is then checked against THRESHOLD.
LSH_THRESHOLD = 0.5
SEED = 1

_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _minhash_kit() -> tuple[Any, Any, Any, Any]:
    """datasketch's MinHash and MinHashLSH with the permutations and scheme
    of our seed, computed once. datasketch is imported here, not with the
    module: it imports scipy (half a second), which the commands that make
    signatures or link stories need, not every command that imports tidings."""
    from datasketch import MinHash, MinHashLSH

    ref = MinHash(num_perm=NUM_PERM, seed=SEED)
    return MinHash, MinHashLSH, ref.permutations, ref.scheme


def _minhash(**kw: Any) -> Any:
    minhash, _, permutations, scheme = _minhash_kit()
    return minhash(num_perm=NUM_PERM, seed=SEED, permutations=permutations, scheme=scheme, **kw)


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    """The word ``size``-grams of ``text`` (lower-cased), as bytes; a text
    shorter than ``size`` words is one shingle."""
    toks = [m.group(0).lower() for m in _WORD.finditer(text)]
    if len(toks) <= size:
        return {" ".join(toks).encode("utf-8")} if toks else set()
    return {" ".join(toks[i : i + size]).encode("utf-8") for i in range(len(toks) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` unsigned 64-bit values) of ``text``."""
    mh = _minhash()
    grams = shingles(text)
    if grams:
        mh.update_batch(list(grams))
    return mh.hashvalues.astype(np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


class CopyIndex:
    """Signatures seen so far, in order; ``copy_of`` finds the earliest text
    a new one copies.

    Copies are published close together, so a signature leaves the index
    once it is older than ``window_days`` than the newest dated text, or (for
    undated texts) ``window_docs`` texts ago: memory stays flat however long
    the stream.
    """

    def __init__(self, threshold: float = THRESHOLD, window_days: int = 14, window_docs: int = 20000) -> None:
        self.threshold = threshold
        self.window_days, self.window_docs = window_days, window_docs
        self.lsh = _minhash_kit()[1](threshold=min(threshold, LSH_THRESHOLD), num_perm=NUM_PERM)
        self.sigs: dict[str, np.ndarray] = {}
        self.order: dict[str, int] = {}
        self.queue: deque[tuple[str, int | None]] = deque()
        self.added = 0
        self.latest_day: int | None = None

    def _minhash(self, sig: np.ndarray) -> Any:
        return _minhash(hashvalues=sig)

    def copy_of(self, sig: np.ndarray) -> tuple[str, float] | None:
        """The earliest stored text whose estimated similarity to ``sig``
        reaches the threshold, with that similarity; None if there is none."""
        best: tuple[int, str, float] | None = None
        for key in self.lsh.query(self._minhash(sig)):
            sim = similarity(sig, self.sigs[key])
            if sim >= self.threshold and (best is None or self.order[key] < best[0]):
                best = (self.order[key], key, sim)
        return (best[1], round(best[2], 4)) if best else None

    def add(self, key: str, sig: np.ndarray, day: int | None = None) -> None:
        """Index ``sig`` under ``key`` (published on ``day``, if known)."""
        if key in self.sigs:
            return
        self.added += 1
        self.sigs[key] = sig
        self.order[key] = self.added
        self.lsh.insert(key, self._minhash(sig))
        self.queue.append((key, day))
        if day is not None and (self.latest_day is None or day > self.latest_day):
            self.latest_day = day
        self._expire()

    def _expire(self) -> None:
        while self.queue:
            key, day = self.queue[0]
            if day is not None and self.latest_day is not None:
                if self.latest_day - day <= self.window_days:
                    break
            elif self.added - self.order[key] < self.window_docs:
                break
            self.queue.popleft()
            self.lsh.remove(key)
            del self.sigs[key], self.order[key]

    def __len__(self) -> int:
        return len(self.sigs)
