"""Bytes to text: declared charsets first, then sniffing, never an exception.

Web pages lie about their encoding often enough that a declaration is only
trusted when the bytes agree with it. The order (see :func:`decode_bytes`)
follows the WHATWG encoding sniffing algorithm in spirit: a byte order mark
wins, then what the transport or the document declares, then UTF-8, then a
statistical guess, and finally UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import functools
import logging
import re

import charset_normalizer

logger = logging.getLogger(__name__)

#: Byte order marks, longest first (the UTF-32 LE mark starts with UTF-16 LE's).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Labels Python does not know, mapped to the codec browsers use for them.
_LABEL_ALIASES = {
    "windows-874": "cp874",
    "x-sjis": "shift_jis",
    "x-gbk": "gbk",
    "x-mac-roman": "mac_roman",
    "x-cp1252": "cp1252",
}

#: Declared charsets that browsers read as a superset (WHATWG Encoding
#: Standard, "labels"): pages labelled latin-1 or ASCII are in practice
#: windows-1252, gb2312 pages contain GBK characters, and so on. Keys are
#: Python codec names as returned by ``codecs.lookup``.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
}

#: How far into a document a ``<meta charset>`` or XML declaration is looked
#: for. The HTML standard's prescan uses 1024 bytes; real pages put long
#: scripts and comments first, so we look further.
META_SCAN_BYTES = 4096

_META_CHARSET = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.I)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([^\s"';,]+)""", re.I)


def normalize_charset(label: str | None) -> str | None:
    """Return the Python codec name for a charset label, or None if unknown.

    Example:
        >>> normalize_charset("Windows-1256")
        'cp1256'
    """
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):
        return None


def charset_from_content_type(value: str | None) -> str | None:
    """Return the ``charset`` parameter of a Content-Type value, as written.

    Example:
        >>> charset_from_content_type('text/html; charset="windows-1256"')
        'windows-1256'
    """
    if not value:
        return None
    m = _CHARSET_PARAM.search(value)
    return m.group(1) if m else None


def sniff_meta_charset(data: bytes) -> str | None:
    """Return the charset a document declares in its first bytes, if any.

    Looks for an XML declaration's ``encoding`` and for ``<meta charset=...>``
    or ``<meta http-equiv="Content-Type" content="...; charset=...">``.
    """
    head = data[:META_SCAN_BYTES]
    m = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def decode_bytes(data: bytes, declared: str | None = None, *, where: str = "") -> tuple[str, str, bool]:
    """Decode bytes to text with declared and sniffed charsets.

    Order: byte order mark; ``declared`` (e.g. the HTTP header's charset);
    the document's own ``<meta charset>``; strict UTF-8; charset_normalizer's
    best guess; finally UTF-8 with replacement characters. A declaration is
    used only if the bytes decode with it without error (and, for a one-byte
    charset, only if the bytes are not valid non-ASCII UTF-8: a page labelled
    latin-1 by a server default but written in UTF-8 is common).

    Args:
        data: the raw bytes.
        declared: a charset label from the transport, or None.
        where: the input's location, for debug log messages.

    Returns:
        ``(text, encoding_used, lossy)``: ``encoding_used`` is a Python codec
        name; ``lossy`` is True when bytes had to be replaced.

    Example:
        >>> decode_bytes("café".encode("cp1252"), "windows-1252")
        ('café', 'cp1252', False)
    """
    if not data:
        return "", normalize_charset(declared) or "utf-8", False
    for bom, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(name), name, False
            except UnicodeDecodeError:
                return body.decode(name, "replace"), name, True

    utf8_ok = _decodes(data, "utf-8")
    for source, label in (("declared", declared), ("meta", sniff_meta_charset(data))):
        if not label:
            continue
        result = _decode_declared(data, label, utf8_ok)
        if result is not None:
            return result[0], result[1], False
        logger.debug("%s: %s charset %r does not fit the bytes; ignored", where, source, label)

    if utf8_ok:
        return data.decode("utf-8"), "utf-8", False

    guess = _guess(data)
    if guess is not None:
        return guess[0], guess[1], False
    logger.debug("%s: no charset fits; decoded as UTF-8 with replacement", where)
    return data.decode("utf-8", "replace"), "utf-8", True


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


@functools.lru_cache(maxsize=64)
def _is_single_byte(codec: str) -> bool:
    """True for codecs of one byte per character (they decode almost any bytes)."""
    return len(bytes(range(256)).decode(codec, "replace")) == 256


def _decode_declared(data: bytes, label: str, utf8_ok: bool) -> tuple[str, str] | None:
    codec = normalize_charset(label)
    if codec is None:
        return None
    if codec.startswith("utf-8"):
        return (data.decode("utf-8"), "utf-8") if utf8_ok else None
    if utf8_ok and _is_single_byte(codec) and not data.isascii():
        # Valid multi-byte UTF-8 is very unlikely to be accidental in a legacy
        # one-byte encoding: the declaration is a server default, not the truth.
        return None
    for candidate in (_SUPERSETS.get(codec), codec):
        if candidate is None:
            continue
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    return None


def _guess(data: bytes) -> tuple[str, str] | None:
    """Return charset_normalizer's best guess, preferring windows-1252 on ties.

    On short samples many one-byte code pages score the same; windows-1252 is
    the web's default legacy encoding, so it wins a tie.
    """
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    chosen = best
    for match in matches:
        if (match.chaos, match.coherence) != (best.chaos, best.coherence):
            continue
        if "cp1252" in match.could_be_from_charset:
            chosen = match
            break
    text = str(chosen)
    encoding = "cp1252" if "cp1252" in chosen.could_be_from_charset else chosen.encoding
    return text, encoding
