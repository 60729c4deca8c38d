"""Bytes → text for Japanese mail, never dropping text.

Python's codecs are stricter than the mailers that write Japanese mail:

- ``iso-2022-jp`` as Outlook and most Japanese webmail write it is Microsoft's CP50220: the
  NEC row-13 characters (①, ㈱, ㌔) and the NEC-selected IBM extensions (髙, 﨑) sit in
  rows 13 and 89–92 of the JIS plane, which Python's ``iso2022_jp`` (and ``_ext``, ``_2``,
  ``_3``) reject. We read the escape sequences ourselves, turn each JIS pair into its
  Shift_JIS pair and decode with ``cp932``, which knows both extensions.
- ``shift_jis`` is always CP932 in practice (Windows), so it is decoded as ``cp932``.
- ``euc-jp`` is tried as ``euc_jis_2004`` (a superset of JIS X 0208), then ``euc_jp``, then
  as CP51932 (EUC-JP with the NEC/IBM extensions, by the same JIS → Shift_JIS route).

A declared charset that does not fit the bytes (``iso-8859-1`` on UTF-8 or CP932 text, no
charset on an 8-bit body) is replaced by detection (charset-normalizer, Japanese candidates
first); the last resort decodes with ``errors="replace"``. Every repair is reported as a note.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

_ESC = 0x1B
_SO = 0x0E
_SI = 0x0F

#: Names as :func:`normalize_charset` leaves them (lower case, "-" for "_").
_ISO2022_NAMES = frozenset(
    {
        "iso-2022-jp",
        "iso2022-jp",
        "iso2022jp",
        "iso-2022-jp-1",
        "iso-2022-jp-2",
        "iso-2022-jp-3",
        "iso-2022-jp-2004",
        "iso-2022-jp-ext",
        "iso-2022-jp-ms",
        "csiso2022jp",
        "cp50220",
        "cp50221",
        "cp50222",
        "jis",
        "x-jis",
    }
)
_SJIS_NAMES = frozenset(
    {
        "shift-jis",
        "sjis",
        "x-sjis",
        "s-jis",
        "ms-kanji",
        "csshiftjis",
        "windows-31j",
        "cp932",
        "ms932",
        "x-ms-cp932",
        "shift-jisx0213",
        "shift-jis-2004",
    }
)
_EUC_NAMES = frozenset(
    {"euc-jp", "eucjp", "x-euc-jp", "x-euc", "cseucpkdfmtjapanese", "cp51932", "euc-jis-2004"}
)
_UTF8_NAMES = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8"})
#: Declarations that say nothing: the bytes are detected.
_UNDECLARED = frozenset({"us-ascii", "ascii", "unknown-8bit", "x-unknown", "unknown", "default"})
#: Single-byte charsets that decode any bytes at all, so a wrong declaration never fails:
#: for these, non-ASCII bytes are checked for UTF-8 and Japanese first.
_PERMISSIVE = frozenset(
    {
        "iso-8859-1",
        "latin-1",
        "latin1",
        "l1",
        "iso8859-1",
        "iso-8859-15",
        "windows-1252",
        "cp1252",
    }
)
_JAPANESE_CANDIDATES = ["utf_8", "cp932", "euc_jp", "iso2022_jp"]
#: Python codec names as notes and ``Decoded.codec`` spell them.
_LABELS = {
    "utf-8": "utf-8",
    "cp932": "cp932",
    "shift_jis": "cp932",
    "euc_jp": "euc-jp",
    "euc_jis_2004": "euc-jp",
    "iso2022_jp": "iso-2022-jp",
}


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, the codec actually used, and a note when it was repaired."""

    text: str
    codec: str
    note: str | None = None


def normalize_charset(charset: str | None) -> str | None:
    """The declared charset, lower-cased, unquoted, "_" spelt "-"; None when none is given."""
    if charset is None:
        return None
    name = charset.strip().strip("\"'").strip().lower().replace("_", "-")
    # RFC 2231 language suffix inside encoded words: =?ISO-2022-JP*ja?B?...?=
    name = name.split("*", 1)[0]
    return name or None


def _jis_pair_to_sjis(first: int, second: int) -> bytes:
    """The Shift_JIS bytes of the JIS X 0208 pair (first, second), both in 0x21–0x7E."""
    lead = ((first + 1) >> 1) + 0x70
    if lead >= 0xA0:
        lead += 0x40
    # Odd rows take the lower half of the trail range (skipping 0x7F), even rows the upper.
    trail = second + 0x1F + (second >= 0x60) if first & 1 else second + 0x7E
    return bytes((lead, trail))


class _UnsupportedEscape(ValueError):
    """An ISO-2022 escape (JIS X 0212, JIS X 0213, ISO-2022-JP-2's other sets) that the
    CP50220 route cannot map; the caller falls back to Python's codecs."""


_ESCAPES = {
    b"(B": ("ascii", 3),
    b"(J": ("ascii", 3),
    b"(H": ("ascii", 3),
    b"$@": ("jis", 3),
    b"$B": ("jis", 3),
    b"(I": ("kana", 3),
}


def iso2022jp_to_sjis(data: bytes, *, lenient: bool = False) -> bytes:
    """ISO-2022-JP (CP50220/50221/50222 flavours) rewritten as Shift_JIS bytes.

    ASCII and JIS-Roman stay single bytes, JIS X 0208 pairs (rows 13 and 89–92 included)
    become Shift_JIS pairs, JIS X 0201 katakana (ESC ( I, or SO/SI) become half-width kana.
    An escape to a set Shift_JIS cannot hold raises :class:`_UnsupportedEscape`, or with
    ``lenient`` is skipped (its bytes are then read as JIS X 0208).
    """
    out = bytearray()
    mode = "ascii"
    shifted = False
    i = 0
    size = len(data)
    while i < size:
        byte = data[i]
        if byte == _ESC:
            known = _ESCAPES.get(data[i + 1 : i + 3])
            if known is None and data[i + 1 : i + 4] in (b"$(B", b"$(@"):
                known = ("jis", 4)
            if known is None and data[i + 1 : i + 6] == b"&@\x1b$B":  # JIS X 0208-1990
                known = ("jis", 6)
            if known is None:
                if not lenient:
                    raise _UnsupportedEscape(repr(data[i : i + 4]))
                known = ("jis", 4 if data[i + 1 : i + 3] in (b"$(", b"$)") else 3)
            mode, i = known[0], i + known[1]
            continue
        if byte in (_SO, _SI):
            shifted, i = byte == _SO, i + 1
            continue
        if (shifted or mode == "kana") and 0x21 <= byte <= 0x5F:
            out.append(byte + 0x80)
            i += 1
        elif (
            mode == "jis" and 0x21 <= byte <= 0x7E and i + 1 < size and 0x21 <= data[i + 1] <= 0x7E
        ):
            out += _jis_pair_to_sjis(byte, data[i + 1])
            i += 2
        else:
            # Line breaks and stray bytes pass through. A line break does not reset the
            # mode: RFC 1468 text has ESC ( B before it anyway, and broken text that lacks
            # it goes on in JIS on the next line.
            out.append(byte)
            i += 1
    return bytes(out)


def decode_iso2022jp(data: bytes) -> str:
    """Strictly decode ISO-2022-JP as CP50220 does; falls back to Python's ISO-2022-JP-2004
    and ISO-2022-JP-2 codecs for escapes outside CP932. Raises UnicodeDecodeError, also for
    8-bit bytes (they are not ISO-2022-JP, whatever the label says)."""
    if not data.isascii():
        raise UnicodeDecodeError("iso2022_jp", data, 0, len(data), "8-bit bytes")
    try:
        return iso2022jp_to_sjis(data).decode("cp932")
    except _UnsupportedEscape:
        pass
    for codec in ("iso2022_jp_2004", "iso2022_jp_2", "iso2022_jp_3", "iso2022_jp_ext"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("iso2022_jp", data, 0, len(data), "not ISO-2022-JP")


def _euc_to_sjis(data: bytes) -> bytes:
    """EUC-JP (CP51932: JIS X 0208 with the NEC/IBM extensions) as Shift_JIS bytes."""
    out = bytearray()
    i = 0
    size = len(data)
    while i < size:
        byte = data[i]
        if byte < 0x80:
            out.append(byte)
            i += 1
        elif byte == 0x8E and i + 1 < size:  # half-width katakana
            out.append(data[i + 1])
            i += 2
        elif 0xA1 <= byte <= 0xFE and i + 1 < size and 0xA1 <= data[i + 1] <= 0xFE:
            out += _jis_pair_to_sjis(byte - 0x80, data[i + 1] - 0x80)
            i += 2
        else:
            raise UnicodeDecodeError("cp51932", data, i, i + 1, "not CP51932")
    return bytes(out)


def decode_euc(data: bytes) -> str:
    """Strictly decode EUC-JP: euc_jis_2004, euc_jp, then CP51932. Raises UnicodeDecodeError."""
    for codec in ("euc_jis_2004", "euc_jp"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return _euc_to_sjis(data).decode("cp932")


def _decode_strict(data: bytes, name: str) -> str:
    """Decode with the codec ``name`` stands for in Japanese mail. Raises
    UnicodeDecodeError for bytes that do not fit, LookupError for an unknown name."""
    if name in _ISO2022_NAMES:
        return decode_iso2022jp(data)
    if name in _SJIS_NAMES:
        return data.decode("cp932")
    if name in _EUC_NAMES:
        return decode_euc(data)
    if name in _UTF8_NAMES:
        return data.decode("utf-8-sig")
    codecs.lookup(name)
    return data.decode(name)


def _looks_iso2022jp(data: bytes) -> bool:
    return data.isascii() and (b"\x1b$B" in data or b"\x1b$@" in data or b"\x1b(I" in data)


def _label(codec: str) -> str:
    name = codecs.lookup(codec).name
    return _LABELS.get(name, name)


def _japanese_share(text: str) -> float:
    """The share of kana, kanji and full-width punctuation among the non-ASCII characters
    (half-width katakana counts against: mis-decoded EUC-JP is full of it)."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 0.0
    good = sum(
        1
        for ch in wide
        if "\u3000" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" or "\uff01" <= ch <= "\uff5e"
    )
    return good / len(wide)


def detect(data: bytes) -> Decoded | None:
    """The most plausible decoding of ``data``: ISO-2022-JP by its escapes, strict UTF-8,
    then charset-normalizer over the Japanese encodings, then over all it knows."""
    if _looks_iso2022jp(data):
        try:
            return Decoded(decode_iso2022jp(data), "iso-2022-jp")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    for isolation in (_JAPANESE_CANDIDATES, None):
        best = from_bytes(data, cp_isolation=isolation).best()
        if best is None:
            continue
        codec = _label(best.encoding)
        try:
            # Re-decoded through our own rules (cp932 for Shift_JIS, CP51932 for EUC-JP).
            return Decoded(_decode_strict(data, codec), codec)
        except (UnicodeDecodeError, LookupError):
            return Decoded(str(best), codec)
    return None


def _detect_japanese(data: bytes) -> Decoded | None:
    """Like :func:`detect`, but only a decoding that reads as Japanese (or UTF-8) counts:
    for bytes declared in a single-byte charset, which any bytes fit."""
    found = detect(data)
    if found is None:
        return None
    if found.codec in {"utf-8", "iso-2022-jp"}:
        return found
    if found.codec in {"cp932", "euc-jp"} and _japanese_share(found.text) >= 0.8:
        return found
    return None


def decode_bytes(data: bytes, charset: str | None, *, part: str = "body") -> Decoded:
    """Decode ``data`` declared as ``charset`` (None: nothing declared), never losing text.

    Notes say what was repaired: "charset iso-8859-1 declared, cp932 detected",
    "8bit body without charset: detected utf-8", "…; undecodable bytes replaced".
    """
    name = normalize_charset(charset)
    if not data:
        return Decoded("", name or "us-ascii")
    if name is None or name in _UNDECLARED:
        return _decode_undeclared(data, name, part)
    if name in _PERMISSIVE and (_looks_iso2022jp(data) or not data.isascii()):
        found = _detect_japanese(data)
        if found is not None:
            return Decoded(
                found.text, found.codec, f"charset {name} declared, {found.codec} detected"
            )
    try:
        return Decoded(_decode_strict(data, name), _label_or(name))
    except LookupError:
        why = f"unknown charset {name}"
    except UnicodeDecodeError:
        why = f"charset {name} declared"
    found = detect(data)
    if found is None:
        return _replace(data, name, why)
    return Decoded(found.text, found.codec, f"{why}, {found.codec} detected")


def _decode_undeclared(data: bytes, name: str | None, part: str) -> Decoded:
    """Bytes with no charset (or us-ascii / unknown-8bit): ASCII as it is, else detected."""
    if data.isascii() and not _looks_iso2022jp(data):
        return Decoded(data.decode("ascii"), "us-ascii")
    what = f"8bit {part} without charset" if name is None else f"8bit {part} declared {name}"
    found = detect(data)
    if found is None:
        return _replace(data, "utf-8", what)
    return Decoded(found.text, found.codec, f"{what}: detected {found.codec}")


def _label_or(name: str) -> str:
    if name in _ISO2022_NAMES:
        return "iso-2022-jp"
    if name in _SJIS_NAMES:
        return "cp932"
    if name in _EUC_NAMES:
        return "euc-jp"
    return _label(name)


def _replace(data: bytes, name: str, why: str) -> Decoded:
    """The last resort: decode with replacement characters, and say so."""
    note = f"{why}; undecodable bytes replaced"
    if name in _ISO2022_NAMES:
        sjis = iso2022jp_to_sjis(data, lenient=True)
        return Decoded(sjis.decode("cp932", errors="replace"), "iso-2022-jp", note)
    codec = "cp932" if name in _SJIS_NAMES else name
    try:
        codecs.lookup(codec)
    except LookupError:
        codec = "utf-8"
    return Decoded(data.decode(codec, errors="replace"), _label(codec), note)
