"""decode_bytes: BOM, declared and sniffed charsets, then a lossy last resort."""

from __future__ import annotations

import codecs

import pytest

from tidings.encoding import (
    charset_from_content_type,
    decode_bytes,
    normalize_charset,
    sniff_meta_charset,
)

ARABIC = "أعلنت الحكومة اليوم عن اتفاق جديد لوقف إطلاق النار في المنطقة الحدودية."
FRENCH = "Le président a déclaré que l'économie était « forte » – café, crème, été."


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_wins_over_a_wrong_declaration(bom: bytes, codec: str) -> None:
    data = bom + FRENCH.encode(codec)
    assert decode_bytes(data, "windows-1256") == (FRENCH, codec, False)


def test_declared_windows_1256_arabic() -> None:
    text, encoding, lossy = decode_bytes(ARABIC.encode("cp1256"), "windows-1256")
    assert (text, encoding, lossy) == (ARABIC, "cp1256", False)


def test_meta_charset_is_used_when_nothing_is_declared() -> None:
    page = f'<html><head><meta charset="windows-1252"></head><body>{FRENCH}</body></html>'
    text, encoding, lossy = decode_bytes(page.encode("cp1252"))
    assert FRENCH in text
    assert (encoding, lossy) == ("cp1252", False)


def test_http_equiv_meta_charset() -> None:
    page = f'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><p>{ARABIC}</p>'
    assert decode_bytes(page.encode("cp1256"))[0].endswith(f"<p>{ARABIC}</p>")


def test_declared_utf8_that_does_not_fit_falls_through() -> None:
    text, encoding, lossy = decode_bytes(FRENCH.encode("cp1252"), "utf-8")
    assert text == FRENCH
    assert encoding == "cp1252"
    assert not lossy


def test_latin1_label_means_windows_1252() -> None:
    # "–" (0x96) is a C1 control in ISO-8859-1 but a dash in windows-1252.
    assert decode_bytes("a – b".encode("cp1252"), "iso-8859-1") == ("a – b", "cp1252", False)


def test_server_default_latin1_on_utf8_bytes_is_not_trusted() -> None:
    text, encoding, _ = decode_bytes(FRENCH.encode("utf-8"), "ISO-8859-1")
    assert (text, encoding) == (FRENCH, "utf-8")


def test_plain_ascii_keeps_a_declared_single_byte_charset() -> None:
    assert decode_bytes(b"hello", "windows-1256") == ("hello", "cp1256", False)


def test_unknown_declared_label_is_ignored() -> None:
    assert decode_bytes("ça va".encode(), "no-such-charset") == ("ça va", "utf-8", False)


def test_undeclared_cp1252_is_guessed() -> None:
    text, encoding, lossy = decode_bytes(FRENCH.encode("cp1252"))
    assert text == FRENCH
    assert encoding == "cp1252"
    assert not lossy


def test_short_undeclared_cp1252_prefers_windows_1252_on_a_tie() -> None:
    assert decode_bytes("Café crème".encode("cp1252"))[0] == "Café crème"


def test_undeclared_arabic_is_guessed() -> None:
    text, _, lossy = decode_bytes((ARABIC + " ").encode("cp1256") * 5)
    assert ARABIC in text
    assert not lossy


def test_hopeless_bytes_are_replaced_and_flagged() -> None:
    text, encoding, lossy = decode_bytes(bytes(range(128, 256)) * 10)
    assert lossy
    assert encoding == "utf-8"
    assert "\ufffd" in text


def test_strict_utf8_is_not_lossy() -> None:
    assert decode_bytes(ARABIC.encode()) == (ARABIC, "utf-8", False)


def test_empty() -> None:
    assert decode_bytes(b"") == ("", "utf-8", False)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Windows-1256", "cp1256"),
        ("UTF8", "utf-8"),
        (" 'latin1' ", "iso8859-1"),
        ("windows-874", "cp874"),
        ("bogus", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_charset(label: str | None, expected: str | None) -> None:
    assert normalize_charset(label) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text/html; charset=windows-1256", "windows-1256"),
        ('text/html; Charset="UTF-8"', "UTF-8"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(value: str | None, expected: str | None) -> None:
    assert charset_from_content_type(value) == expected


def test_sniff_meta_charset_looks_only_at_the_start() -> None:
    assert sniff_meta_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><x/>') == "ISO-8859-1"
    late = b" " * 5000 + b'<meta charset="koi8-r">'
    assert sniff_meta_charset(late) is None
    assert sniff_meta_charset(b"<p>no declaration</p>") is None
