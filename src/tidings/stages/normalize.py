"""Text normalisation applied before any offsets are taken.

The normalised text is the one tidings stores; every later character offset
refers to it. Normalisation is deliberately conservative: Unicode NFC,
typographic quotes and dashes kept as meaning but folded to ASCII where the
ASCII form is what readers and patterns expect, invisible characters dropped,
spaces collapsed inside lines, line structure kept.
"""

from __future__ import annotations

import re
import unicodedata

VERSION = "1"

# Typographic characters folded to their plain forms. Dashes are kept (em
# dashes separate clauses in news copy and carry no ASCII equivalent).
_FOLD = str.maketrans(
    {
        "\u2018": "'",  # left single quote
        "\u2019": "'",  # right single quote / apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",  # no-break space
        "\u2007": " ",
        "\u202f": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u3000": " ",
        "\t": " ",
        "\u2028": "\n",
        "\u2029": "\n",
        "\u0085": "\n",
        "\u2026": "...",
    }
)
# Zero-width and control characters that carry no text (keep \n).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")


def normalize_text(text: str) -> str:
    """Return ``text`` in the stored form.

    Example:
        >>> normalize_text("Tehran\u2019s \u201cplan\u201d\u00a0 now\r\n")
        'Tehran\\'s "plan" now\\n'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = text.translate(_FOLD)
    text = _INVISIBLE.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def normalize_line(line: str) -> str:
    """Normalise one line (no newlines kept)."""
    return normalize_text(line).replace("\n", " ").strip()
