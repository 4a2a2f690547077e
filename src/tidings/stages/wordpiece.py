"""BERT's uncased WordPiece tokenizer, as the ``tokenizer.json`` of
``all-MiniLM-L6-v2`` defines it, in plain Python (no ``tokenizers``).

Steps, in the reference's order: the special tokens (``[CLS]``, ``[SEP]`` ...)
written in the raw text are kept whole; the rest is normalized (control
characters, NUL and U+FFFD dropped, whitespace made a space, spaces put around
CJK ideographs, accents stripped by NFD minus nonspacing marks, lower-cased
character by character), split on spaces and around every punctuation
character, and each word cut greedily into the longest vocabulary pieces
(``##`` marks a piece inside a word; a word that cannot be cut, or is longer
than 100 characters, is ``[UNK]``).

Every step but the last works one character at a time, so the normalized form
of each character is computed once and kept in a table that ``str.translate``
applies; word pieces are cached per word.

Pure: the vocabulary is given as a list of tokens (one line of ``vocab.txt``
each); :mod:`tidings.stages.minilm` reads the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from tidings.errors import ConfigError

VERSION = "wordpiece/1"
SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
PREFIX = "##"
#: Longer words are ``[UNK]`` (``max_input_chars_per_word`` of the reference).
MAX_WORD_CHARS = 100
_CHUNK = 2000
_SPECIAL = re.compile("(" + "|".join(re.escape(s) for s in SPECIALS) + ")")
#: CJK ideograph blocks that BERT treats as one word each.
_CJK = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)

#: The reference classifies characters with Unicode 8.0 tables; Python 3.11's
#: are Unicode 14.0 (later Pythons': newer still). These marks, format characters and punctuation, assigned
#: or re-classified since 8.0, are plain letters to the reference (found by
#: comparing every code point with ``tokenizers`` 0.23). Lower-casing follows
#: a newer Unicode in the reference: letters newer than Python's tables differ.
_SPANS_IN_8 = (
    "61d 7fd 890-891 898-89f 8ca-8e2 9fd-9fe a76 afa-aff b55 c04 c3c c77 c84 d00 d3b-d3c d81 eba 180f "
    "1885-1886 1abf-1ace 1b7d-1b7e 1df6-1dfb 2e43-2e4f 2e52-2e5d a82c a8c5 a8ff a9bd 10d24-10d27 "
    "10eab-10ead 10f46-10f50 10f55-10f59 10f82-10f89 11070 11073-11074 110c2 110cd 111cf 1123e 1133b "
    "11438-1143f 11442-11444 11446 1144b-1144f 1145a-1145b 1145d-1145e 11660-1166c 116b9 1182f-11837 "
    "11839-1183b 11938 1193b-1193c 1193e 11943-11946 119d4-119d7 119da-119db 119e0 119e2 11a01-11a0a "
    "11a33-11a38 11a3b-11a47 11a51-11a56 11a59-11a5b 11a8a-11a96 11a98-11a9c 11a9e-11aa2 11c30-11c36 "
    "11c38-11c3d 11c3f 11c41-11c45 11c70-11c71 11c92-11ca7 11caa-11cb0 11cb2-11cb3 11cb5-11cb6 "
    "11d31-11d36 11d3a 11d3c-11d3d 11d3f-11d45 11d47 11d90-11d91 11d95 11d97 11ef3-11ef4 11ef7-11ef8 "
    "11fff 12ff1-12ff2 13430-13438 16e97-16e9a 16f4f 16fe2 16fe4 1cf00-1cf2d 1cf30-1cf46 1e000-1e006 "
    "1e008-1e018 1e01b-1e021 1e023-1e024 1e026-1e02a 1e130-1e136 1e2ae 1e2ec-1e2ef 1e944-1e94a "
    "1e95e-1e95f "
)
_LETTERS_IN_8 = frozenset(
    cp
    for span in _SPANS_IN_8.split()
    for lo, _, hi in [span.partition("-")]
    for cp in range(int(lo, 16), int(hi or lo, 16) + 1)
)
#: Re-classified the other way: punctuation in 8.0, a mark in 8.0, punctuation in 8.0.
_AS_IN_8 = {0x166D: " \u166d ", 0x1734: "", 0x111C9: " \U000111c9 "}


def _is_punct(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def normalize_char(ch: str) -> str:
    """What the normalizer and pre-tokenizer make of one character: ``""``
    (dropped), ``" "`` (a word break), or its normalized text with spaces
    around punctuation and CJK ideographs."""
    if ch in "\t\n\r":
        return " "
    cp = ord(ch)
    if cp in _LETTERS_IN_8:
        return ch
    if cp in _AS_IN_8:
        return _AS_IN_8[cp]
    cat = unicodedata.category(ch)
    if ch == "\ufffd" or cat in ("Cc", "Cf", "Co", "Cs"):  # NUL is Cc; unassigned (Cn) stays
        return ""
    if cat == "Zs" or ch in "\u2028\u2029":  # Rust's char::is_whitespace
        return " "
    out = "".join(c.lower() for c in unicodedata.normalize("NFD", ch) if unicodedata.category(c) != "Mn")
    out = "".join(f" {c} " if _is_punct(c) else c for c in out)
    return f" {out} " if any(lo <= cp <= hi for lo, hi in _CJK) else out


class _CharTable(dict[int, str]):
    """``str.translate`` table that fills itself on first use of a character."""

    def __missing__(self, cp: int) -> str:
        value = self[cp] = normalize_char(chr(cp))
        return value


_CHARS = _CharTable()


def words(text: str) -> list[str]:
    """The words of ``text`` after normalization and pre-tokenization (no
    special tokens handled)."""
    return text.translate(_CHARS).split()


class WordPiece:
    """The tokenizer over one vocabulary.

    Example:
        >>> tok = WordPiece(vocab_lines)  # doctest: +SKIP
        >>> tok.encode("Hello, world!", max_tokens=128)  # doctest: +SKIP
        [101, 7592, 1010, 2088, 999, 102]
    """

    def __init__(self, vocab: Sequence[str], cache_size: int = 1 << 17) -> None:
        self.vocab: dict[str, int] = {tok: i for i, tok in enumerate(vocab)}
        missing = [s for s in SPECIALS if s not in self.vocab]
        if missing:
            raise ConfigError(f"the WordPiece vocabulary lacks {', '.join(missing)}")
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self._longest = max(len(t) for t in self.vocab)
        self.pieces: Callable[[str], tuple[int, ...]] = lru_cache(maxsize=cache_size)(self._pieces)

    def _pieces(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match-first pieces of one word (``[UNK]`` if any
        part of it matches nothing)."""
        n = len(word)
        if n > MAX_WORD_CHARS:
            return (self.unk,)
        out: list[int] = []
        start = 0
        while start < n:
            for end in range(min(n, start + self._longest), start, -1):
                piece = word[start:end] if start == 0 else PREFIX + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    out.append(found)
                    start = end
                    break
            else:
                return (self.unk,)
        return tuple(out)

    def encode(self, text: str, max_tokens: int = 512) -> list[int]:
        """Token ids of ``text``: ``[CLS]``, its pieces cut to ``max_tokens - 2``,
        ``[SEP]``. Only as much of the text as fits is tokenized."""
        if max_tokens < 2:
            raise ConfigError(f"max_tokens must be at least 2 ([CLS] and [SEP]), not {max_tokens}")
        room = max_tokens - 1
        ids = [self.cls]
        parts = _SPECIAL.split(text) if "[" in text else [text]
        for i, part in enumerate(parts):
            if i % 2:  # a special token written in the text
                ids.append(self.vocab[part])
                continue
            # In chunks cut at spaces (always a word break), so a long text
            # is normalized only as far as its first max_tokens pieces reach.
            start = 0
            while start < len(part) and len(ids) < room:
                end = part.find(" ", start + _CHUNK)
                end = len(part) if end < 0 else end
                for word in part[start:end].translate(_CHARS).split():
                    ids.extend(self.pieces(word))
                    if len(ids) >= room:
                        break
                start = end
            if len(ids) >= room:
                break
        del ids[room:]
        ids.append(self.sep)
        return ids
