"""Bytes → text: ISO-2022-JP as CP50220, Shift_JIS as CP932, EUC-JP with the NEC/IBM
extensions, wrong declarations repaired by detection, and text never dropped."""

from __future__ import annotations

import pytest

from kamitaiou.mail.parsing.charsets import decode_bytes, decode_iso2022jp, iso2022jp_to_sjis

# ① ㈱ (NEC row 13) and 髙 﨑 (NEC-selected IBM extensions, rows 89–92) in JIS, as
# Outlook writes them: ESC $ B 2D21 2D6A 7C62 7975 ESC ( B.
CP50220_JIS = b"\x1b$B\x2d\x21\x2d\x6a\x7c\x62\x79\x75\x1b(B"


def test_pythons_own_iso2022jp_codecs_reject_the_cp50220_characters():
    for codec in ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_3"):
        with pytest.raises(UnicodeDecodeError):
            CP50220_JIS.decode(codec)


def test_iso2022jp_decodes_nec_and_ibm_extension_characters():
    assert decode_iso2022jp(CP50220_JIS) == "①㈱髙﨑"
    decoded = decode_bytes(b"abc " + CP50220_JIS + b" xyz", "ISO-2022-JP")
    assert decoded.text == "abc ①㈱髙﨑 xyz"
    assert decoded.note is None


def test_iso2022jp_half_width_katakana_by_escape_and_by_shift_out():
    assert decode_iso2022jp(b"\x1b(I\x36\x40\x36\x45\x1b(B") == "ｶﾀｶﾅ"
    assert decode_iso2022jp(b"A\x0e\x36\x40\x0fB") == "AｶﾀB"


def test_iso2022jp_jis_to_shift_jis_conversion_covers_every_row_boundary():
    # Row 1 (、), row 16 (亜), row 63/64 (the 0x9F/0xE0 lead-byte jump), row 84.
    for char in "、亜腕弌堯":
        assert decode_iso2022jp(b"\x1b$B" + char.encode("iso2022_jp")[3:5] + b"\x1b(B") == char
    assert iso2022jp_to_sjis(b"\x1b$B\x30\x21\x1b(B") == "亜".encode("cp932")


def test_a_line_break_without_the_ascii_escape_stays_in_jis():
    broken = b"\x1b$B\x24\x22\n\x24\x24\x1b(B"  # あ, newline, い without ESC ( B before it
    assert decode_iso2022jp(broken) == "あ\nい"


def test_iso2022jp_2_escapes_fall_back_to_pythons_codec():
    text = "Ünïcode 丂"
    data = text.encode("iso2022_jp_2")
    assert decode_bytes(data, "iso-2022-jp-2").text == text


def test_shift_jis_is_decoded_as_cp932():
    data = "①髙～∥㈱".encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        data.decode("shift_jis")
    decoded = decode_bytes(data, "Shift_JIS")
    assert decoded.text == "①髙～∥㈱"
    assert decoded.codec == "cp932"
    assert decoded.note is None


def test_euc_jp_with_nec_and_ibm_extensions_decodes_as_cp51932():
    # 髙 in CP51932 is FC E2 (JIS row 92); EUC-JIS-2004 would read another kanji there.
    data = b"\xad\xa1\xad\xea\xfc\xe2"
    assert data.decode("euc_jis_2004") != "①㈱髙"
    assert decode_bytes(data, "EUC-JP").text == "①㈱髙"


def test_plain_euc_jp_decodes():
    assert (
        decode_bytes("返品をお願いします".encode("euc_jp"), "euc-jp").text == "返品をお願いします"
    )


@pytest.mark.parametrize(
    ("data", "declared", "codec"),
    [
        ("お客様の声です".encode(), "iso-8859-1", "utf-8"),
        ("お客様の声です。返品したい".encode("cp932"), "iso-8859-1", "cp932"),
        ("お客様の声です。返品したい".encode("cp932"), "windows-1252", "cp932"),
        ("お客様の声です。返品したい".encode("cp932"), "utf-8", "cp932"),
        ("お客様の声です。".encode(), "iso-2022-jp", "utf-8"),
        ("お客様の声です。".encode("iso2022_jp"), "iso-8859-1", "iso-2022-jp"),
    ],
)
def test_a_wrong_declaration_is_replaced_by_detection_with_a_note(data, declared, codec):
    decoded = decode_bytes(data, declared)
    assert decoded.codec == codec
    assert "お客様の声です" in decoded.text
    assert decoded.note == f"charset {declared} declared, {codec} detected"


def test_real_latin1_text_declared_latin1_stays_latin1():
    decoded = decode_bytes("Café crème, s'il vous plaît".encode("latin-1"), "iso-8859-1")
    assert decoded.text == "Café crème, s'il vous plaît"
    assert decoded.note is None


@pytest.mark.parametrize(("encoding", "codec"), [("utf-8", "utf-8"), ("cp932", "cp932")])
def test_an_8bit_body_without_charset_is_detected(encoding, codec):
    decoded = decode_bytes("charset がない本文です。よろしくお願いします。".encode(encoding), None)
    assert decoded.text == "charset がない本文です。よろしくお願いします。"
    assert decoded.note == f"8bit body without charset: detected {codec}"


def test_ascii_without_charset_needs_no_note():
    assert decode_bytes(b"hello", None).note is None


def test_an_unknown_charset_name_falls_back_to_detection():
    decoded = decode_bytes("中身は UTF-8".encode(), "x-mystery")
    assert decoded.text == "中身は UTF-8"
    assert decoded.note == "unknown charset x-mystery, utf-8 detected"


def test_undecodable_bytes_are_replaced_never_dropped():
    data = "前半".encode() + b"\xff\xfe\x80" + "後半".encode()
    decoded = decode_bytes(data, "utf-8")
    assert decoded.text.startswith("前半")
    assert decoded.text.endswith("後半")
    assert "\ufffd" in decoded.text
    assert decoded.note is not None
    assert "replaced" in decoded.note


def test_charset_names_are_read_loosely():
    data = "テスト".encode("cp932")
    for name in ('"SHIFT_JIS"', "x-sjis", "Windows-31J", "cp932", "MS_Kanji"):
        assert decode_bytes(data, name).text == "テスト"
