# ruff: noqa: E501 — the messages and their expectations read best one per line.
"""Write the mail corpus: real-shaped raw messages with explicit bytes, and expected.json.

    .venv/bin/python tests/mail/corpus/make_corpus.py

Every message is built byte by byte here, so its encoding is really what it claims: the
Japanese text is encoded with cp932 / euc-jp / utf-8 by Python and turned into
ISO-2022-JP by our own escape-sequence writer (CP50220: ①, ㈱, 髙 included, which
Python's iso2022_jp codec cannot write), base64 and quoted-printable applied to those
bytes. The expectations beside each message are written by hand, not computed by the
parser under test.
"""

from __future__ import annotations

import base64
import json
import quopri
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
CRLF = b"\r\n"
CORPUS: dict[str, tuple[bytes, dict[str, object]]] = {}


# -- encoders ---------------------------------------------------------------------------


def sjis_to_jis(data: bytes, *, kana: bool = True) -> bytes:
    """Shift_JIS (CP932) bytes → ISO-2022-JP with escapes, as CP50220/50221 write it.

    Half-width katakana go out as ESC ( I (CP50221) when ``kana``.
    """
    out = bytearray()
    mode = "ascii"
    i = 0
    while i < len(data):
        byte = data[i]
        if byte < 0x80:
            if mode != "ascii":
                out += b"\x1b(B"
                mode = "ascii"
            out.append(byte)
            i += 1
        elif 0xA1 <= byte <= 0xDF and kana:
            if mode != "kana":
                out += b"\x1b(I"
                mode = "kana"
            out.append(byte - 0x80)
            i += 1
        else:
            if mode != "jis":
                out += b"\x1b$B"
                mode = "jis"
            lead, trail = byte, data[i + 1]
            i += 2
            if lead >= 0xE0:
                lead -= 0x40
            row = (lead - 0x70) * 2 - 1
            if trail >= 0x9F:
                row += 1
                cell = trail - 0x7E
            else:
                cell = trail - 0x1F - (1 if trail >= 0x80 else 0)
            out += bytes((row, cell))
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


def jis(text: str) -> bytes:
    return sjis_to_jis(text.encode("cp932"))


def sjis_to_euc(data: bytes) -> bytes:
    """CP932 bytes → CP51932 (EUC-JP with NEC/IBM extensions)."""
    out = bytearray()
    for chunk in sjis_to_jis(data, kana=False).split(b"\x1b"):
        if chunk.startswith(b"$B"):
            out += bytes(b | 0x80 for b in chunk[2:])
        elif chunk.startswith(b"(B"):
            out += chunk[2:]
        else:
            out += chunk
    return bytes(out)


def encode(text: str, charset: str) -> bytes:
    name = charset.lower()
    if name == "iso-2022-jp":
        return jis(text)
    if name in ("shift_jis", "cp932", "windows-31j"):
        return text.encode("cp932")
    if name == "euc-jp":
        return sjis_to_euc(text.encode("cp932"))
    return text.encode(name)


def bword(text: str, charset: str = "UTF-8") -> str:
    return f"=?{charset}?B?{base64.b64encode(encode(text, charset)).decode()}?="


def qword(text: str, charset: str = "UTF-8") -> str:
    raw = encode(text, charset)
    body = "".join(
        chr(b) if (0x30 <= b <= 0x39 or 0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A) else f"={b:02X}"
        for b in raw
    )
    return f"=?{charset}?Q?{body}?="


def b64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", CRLF)


def qp(data: bytes) -> bytes:
    """Quoted-printable with the line breaks as hard CRLF breaks (not =0D)."""
    return quopri.encodestring(data.replace(CRLF, b"\n")).replace(b"\n", CRLF)


def crlf(data: bytes) -> bytes:
    return data.replace(b"\r\n", b"\n").replace(b"\n", CRLF)


def rfc2231(name: str, filename: str, *, split: int = 0) -> str:
    quoted = urllib.parse.quote(filename.encode("utf-8"), safe="")
    if not split:
        return f"{name}*=UTF-8''{quoted}"
    pieces = [quoted[i : i + split] for i in range(0, len(quoted), split)]
    # Never cut a %XX escape in two.
    fixed: list[str] = []
    carry = ""
    for raw_piece in pieces:
        piece = carry + raw_piece
        cut = piece.rfind("%")
        if cut > len(piece) - 3:
            piece, carry = piece[:cut], piece[cut:]
        else:
            carry = ""
        fixed.append(piece)
    if carry:
        fixed.append(carry)
    first = f"{name}*0*=UTF-8''{fixed[0]}"
    rest = [f"{name}*{n}*={p}" for n, p in enumerate(fixed[1:], start=1)]
    return ";\r\n\t".join([first, *rest])


# -- message builders -------------------------------------------------------------------

Header = tuple[str, str | bytes]


def message(
    name: str,
    headers: list[Header],
    body: bytes,
    expected: dict[str, object],
    *,
    defaults: bool = True,
) -> None:
    """Store one message: ``headers`` in order (str or raw bytes values), ``body`` bytes."""
    assert name not in CORPUS, name
    lines: list[bytes] = []
    present = {key.lower() for key, _ in headers}
    if defaults:
        extra: list[Header] = [
            ("Return-Path", "<customer@example.com>"),
            ("Delivered-To", "support@example.jp"),
            ("Date", "Tue, 1 Dec 2026 10:00:00 +0900"),
            ("Message-ID", f"<{name}@mail.example.com>"),
            ("To", "support@example.jp"),
            ("MIME-Version", "1.0"),
        ]
        headers = [h for h in extra if h[0].lower() not in present] + headers
    for key, value in headers:
        raw = value if isinstance(value, bytes) else value.encode("ascii")
        lines.append(key.encode("ascii") + b": " + raw)
    CORPUS[name] = (CRLF.join(lines) + CRLF + CRLF + body, expected)


def multipart(
    boundary: str, parts: list[tuple[list[Header], bytes]], *, close: bool = True
) -> bytes:
    out = bytearray(b"This is a multi-part message in MIME format." + CRLF)
    for headers, body in parts:
        out += CRLF + b"--" + boundary.encode() + CRLF
        for key, value in headers:
            raw = value if isinstance(value, bytes) else value.encode("ascii")
            out += key.encode("ascii") + b": " + raw + CRLF
        out += CRLF + body
    if close:
        out += CRLF + b"--" + boundary.encode() + b"--" + CRLF
    return bytes(out)


def text_part(
    text: str, charset: str, cte: str = "7bit", subtype: str = "plain"
) -> tuple[list[Header], bytes]:
    data = crlf(encode(text, charset))
    body = b64(data) if cte == "base64" else qp(data) if cte == "quoted-printable" else data
    return (
        [
            ("Content-Type", f'text/{subtype}; charset="{charset}"'),
            ("Content-Transfer-Encoding", cte),
        ],
        body,
    )


def plain(text: str, charset: str, cte: str = "7bit") -> tuple[list[Header], bytes]:
    return text_part(text, charset, cte)


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
XLSX = b"PK\x03\x04" + bytes(range(256)) * 2


def simple(
    name: str,
    *,
    subject: str,
    sender: str,
    text: str,
    charset: str = "ISO-2022-JP",
    cte: str = "7bit",
    expected: dict[str, object],
    extra: list[Header] | None = None,
) -> None:
    headers, body = plain(text, charset, cte)
    message(
        name, [("From", sender), ("Subject", subject), *(extra or []), *headers], body, expected
    )


YAMADA = f"{bword('山田 太郎', 'ISO-2022-JP')} <yamada@example.com>"
SATO_SIG = "株式会社カミタイ 東京コールセンター\n佐藤 花子\nTEL: 03-1234-5678"


def build() -> None:
    encodings()
    headers_and_subjects()
    html_and_alternatives()
    attachments()
    replies()
    auto_replies()
    broken_and_mislabelled()


# -- the corpus -------------------------------------------------------------------------


def encodings() -> None:
    simple(
        "enc_iso2022jp_plain",
        subject=bword("商品が届きません", "ISO-2022-JP"),
        sender=YAMADA,
        text="お世話になっております。\n先週注文した椅子がまだ届きません。\nいつ届くのか教えてください。\n",
        expected={
            "subject": "商品が届きません",
            "from": "yamada@example.com",
            "from_name": "山田 太郎",
            "new_text": "お世話になっております。\n先週注文した椅子がまだ届きません。\nいつ届くのか教えてください。",
        },
    )
    simple(
        "enc_iso2022jp_cp50220_chars",
        subject=bword("①②の件 ㈱髙﨑商事より", "ISO-2022-JP"),
        sender=f"{bword('髙﨑 一郎', 'ISO-2022-JP')} <takasaki@example.co.jp>",
        text="㈱髙﨑商事の髙﨑です。\n① 納品が遅れている\n② 説明がない\nの二点について回答をお願いします。\n",
        expected={
            "subject": "①②の件 ㈱髙﨑商事より",
            "from": "takasaki@example.co.jp",
            "from_name": "髙﨑 一郎",
            "new_has": ["㈱髙﨑商事の髙﨑です。", "① 納品が遅れている", "② 説明がない"],
        },
    )
    message(
        "enc_iso2022jp_halfwidth_kana",
        [
            ("From", YAMADA),
            ("Subject", bword("ｶﾀｶﾅの件", "ISO-2022-JP")),
            ("Content-Type", 'text/plain; charset="ISO-2022-JP"'),
            ("Content-Transfer-Encoding", "7bit"),
        ],
        crlf(jis("ﾊﾟｿｺﾝが壊れました。ｻﾎﾟｰﾄに電話がつながりません。\n")),
        {"subject": "ｶﾀｶﾅの件", "new_text": "ﾊﾟｿｺﾝが壊れました。ｻﾎﾟｰﾄに電話がつながりません。"},
    )
    simple(
        "enc_iso2022jp_base64_body",
        subject=bword("請求書の金額が違います", "ISO-2022-JP"),
        sender=YAMADA,
        text="請求書の金額が見積もりと違います。①送料②手数料が二重です。\n",
        cte="base64",
        expected={
            "subject": "請求書の金額が違います",
            "new_text": "請求書の金額が見積もりと違います。①送料②手数料が二重です。",
        },
    )
    simple(
        "enc_shift_jis_is_cp932",
        subject=bword("至急！㈱カミタイ様", "Shift_JIS"),
        sender="suzuki@example.ne.jp",
        text="㈱カミタイ 御中\n髙橋様の件で①から③まで確認しました。\n〜 波ダッシュ ～ と ∥ も入れます。\n",
        charset="Shift_JIS",
        cte="8bit",
        expected={
            "subject": "至急！㈱カミタイ様",
            "from": "suzuki@example.ne.jp",
            "new_has": ["髙橋様の件で①から③まで", "～"],
        },
    )
    simple(
        "enc_shift_jis_base64",
        subject=bword("返品について", "Shift_JIS"),
        sender="suzuki@example.ne.jp",
        text="届いた商品のサイズが違うので返品したいです。№123の注文です。\n",
        charset="Shift_JIS",
        cte="base64",
        expected={
            "subject": "返品について",
            "new_text": "届いた商品のサイズが違うので返品したいです。№123の注文です。",
        },
    )
    simple(
        "enc_shift_jis_quoted_printable",
        subject=qword("見積もりの件", "Shift_JIS"),
        sender="suzuki@example.ne.jp",
        text="見積もりをお願いしたのに一週間返事がありません。どうなっていますか？\n" * 2,
        charset="Shift_JIS",
        cte="quoted-printable",
        expected={
            "subject": "見積もりの件",
            "new_has": ["一週間返事がありません。どうなっていますか？"],
        },
    )
    simple(
        "enc_euc_jp_plain",
        subject=bword("配送業者の対応がひどい", "EUC-JP"),
        sender="tanaka@example.org",
        text="配達員の態度があまりにもひどいです。\n二度と来てほしくありません。\n",
        charset="EUC-JP",
        cte="8bit",
        expected={
            "subject": "配送業者の対応がひどい",
            "new_has": ["配達員の態度があまりにもひどいです。"],
        },
    )
    simple(
        "enc_euc_jp_nec_extensions",
        subject=bword("①の件", "EUC-JP"),
        sender="tanaka@example.org",
        text="㈱田中製作所の髙田です。①の部品が不足しています。\n",
        charset="EUC-JP",
        cte="8bit",
        expected={
            "subject": "①の件",
            "new_text": "㈱田中製作所の髙田です。①の部品が不足しています。",
        },
    )
    simple(
        "enc_utf8_8bit",
        subject=bword("アプリが起動しません 🙏", "UTF-8"),
        sender=f"{bword('佐々木 葵')} <sasaki@example.com>",
        text="昨日のアップデートからアプリが起動しません。😡\n仕事になりません！！\n",
        charset="UTF-8",
        cte="8bit",
        expected={
            "subject": "アプリが起動しません 🙏",
            "from_name": "佐々木 葵",
            "new_text": "昨日のアップデートからアプリが起動しません。😡\n仕事になりません！！",
        },
    )
    simple(
        "enc_utf8_base64",
        subject=bword("解約したい"),
        sender="sasaki@example.com",
        text="もう結構です。解約の手続きを教えてください。\n",
        charset="UTF-8",
        cte="base64",
        expected={
            "subject": "解約したい",
            "new_text": "もう結構です。解約の手続きを教えてください。",
        },
    )
    simple(
        "enc_utf8_quoted_printable",
        subject=qword("修理の進捗は？"),
        sender="sasaki@example.com",
        text="修理に出してから三週間経ちますが、まだ連絡がありません。進捗を教えてください。" * 2
        + "\n",
        charset="UTF-8",
        cte="quoted-printable",
        expected={
            "subject": "修理の進捗は？",
            "new_has": ["まだ連絡がありません。進捗を教えてください。修理に出して"],
        },
    )


def headers_and_subjects() -> None:
    utf = "ご注文の商品が破損して届きました件について".encode()
    words = [utf[:10], utf[10:23], utf[23:40], utf[40:]]  # cut inside characters on purpose
    split_subject = "\r\n ".join(f"=?UTF-8?B?{base64.b64encode(w).decode()}?=" for w in words)
    simple(
        "subj_utf8_split_inside_characters",
        subject=split_subject,
        sender="kato@example.com",
        text="写真を添付します。\n",
        charset="UTF-8",
        expected={
            "subject": "ご注文の商品が破損して届きました件について",
            "new_text": "写真を添付します。",
        },
    )
    mixed = f"Re: {bword('【重要】納期', 'ISO-2022-JP')}\r\n {bword('の変更について', 'UTF-8')}\r\n {qword('（至急）', 'Shift_JIS')} No.55"
    simple(
        "subj_mixed_charsets_folded",
        subject=mixed,
        sender="kato@example.com",
        text="納期を変更されては困ります。\n",
        expected={"subject": "Re: 【重要】納期の変更について（至急） No.55"},
    )
    simple(
        "subj_q_encoded_sjis_from",
        subject=qword("電話がつながらない", "Shift_JIS"),
        sender=f"{qword('株式会社　小林工業', 'Shift_JIS')} <info@kobayashi.example.jp>",
        text="何度電話してもつながりません。\n",
        charset="Shift_JIS",
        cte="8bit",
        expected={
            "subject": "電話がつながらない",
            "from_name": "株式会社　小林工業",
            "from": "info@kobayashi.example.jp",
        },
    )
    message(
        "subj_raw_8bit_utf8_headers",
        [
            ("From", '"中村 健" <Nakamura@Example.com>'.encode()),
            ("Subject", "生の UTF-8 の件名".encode()),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf("件名も差出人名も生の UTF-8 で届きました。\n".encode()),
        {"subject": "生の UTF-8 の件名", "from": "nakamura@example.com", "from_name": "中村 健"},
    )
    cp50220_subject = "\r\n ".join(
        [bword("髙﨑様より①", "ISO-2022-JP"), bword("㈱の請求について", "ISO-2022-JP")]
    )
    simple(
        "subj_iso2022jp_cp50220_split",
        subject=cp50220_subject,
        sender=YAMADA,
        text="請求書の宛名が㈱になっていません。\n",
        expected={"subject": "髙﨑様より①㈱の請求について"},
    )
    message(
        "subj_raw_jis_without_encoded_word",
        [
            ("From", "old-mailer@example.jp"),
            ("Subject", jis("古いメーラーの件名")),
            ("Content-Type", "text/plain; charset=iso-2022-jp"),
        ],
        crlf(jis("件名がエンコードされずに JIS のまま届きました。\n")),
        {
            "subject": "古いメーラーの件名",
            "new_text": "件名がエンコードされずに JIS のまま届きました。",
        },
    )
    simple(
        "tag_after_tensou",
        subject=bword("転送: 【#123】 納期の件", "ISO-2022-JP"),
        sender=YAMADA,
        text="上司からの指示で転送します。再度ご確認ください。\n",
        expected={"subject": "転送: 【#123】 納期の件", "case_tag": 123},
    )
    simple(
        "tag_after_re_fullwidth",
        subject=bword("ＲＥ：RE: 納期の件 ［＃７７］", "UTF-8"),
        sender=YAMADA,
        text="まだ回答をいただいていません。\n",
        charset="UTF-8",
        expected={"subject": "ＲＥ：RE: 納期の件 ［＃７７］", "case_tag": 77},
    )
    headers, body = plain("承知しました。返金をお待ちしています。\n", "ISO-2022-JP")
    message(
        "tag_our_reply_with_references",
        [
            ("From", YAMADA),
            ("Subject", f"Re: {bword('返金のお願い 【#4501】', 'ISO-2022-JP')}"),
            ("In-Reply-To", "<reply-4501-1@kamitaiou.example.jp>"),
            ("References", "<first@mail.example.com>\r\n <reply-4501-1@kamitaiou.example.jp>"),
            *headers,
        ],
        body,
        {
            "subject": "Re: 返金のお願い 【#4501】",
            "case_tag": 4501,
            "in_reply_to": "reply-4501-1@kamitaiou.example.jp",
            "references": ["first@mail.example.com", "reply-4501-1@kamitaiou.example.jp"],
        },
    )
    headers, body = plain("Message-ID がないメールです。\n", "UTF-8", "8bit")
    message(
        "missing_message_id",
        [("Message-ID", ""), ("From", "nomsgid@example.com"), ("Subject", "no id"), *headers],
        body,
        {
            "subject": "no id",
            "message_id_prefix": "missing-",
            "new_text": "Message-ID がないメールです。",
        },
    )


def html_and_alternatives() -> None:
    html = (
        "<html><head><style>p{color:red}</style></head><body>"
        "<p>お世話になっております。</p><p>下記の注文について&nbsp;確認をお願いします。<br>"
        "至急&amp;丁寧にお願いします&#x2460;</p>"
        "<table border=1><tr><th>注文番号</th><th>商品</th></tr>"
        "<tr><td>A-100</td><td>事務椅子</td></tr><tr><td>A-101</td><td>机</td></tr></table>"
        "<script>alert('x')</script></body></html>"
    )
    headers, body = text_part(html, "UTF-8", "quoted-printable", "html")
    message(
        "html_only_table_entities",
        [("From", "html@example.com"), ("Subject", bword("HTMLのみのメール")), *headers],
        body,
        {
            "subject": "HTMLのみのメール",
            "new_has": [
                "お世話になっております。",
                "下記の注文について 確認をお願いします。",
                "至急&丁寧にお願いします①",
                "A-100",
                "事務椅子",
            ],
            "new_not": ["<p>", "&nbsp;", "alert(", "color:red"],
        },
    )
    sjis_html = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"></head>'
        "<body>髙島屋で購入した商品が<b>壊れて</b>いました。<br>交換してください。</body></html>"
    )
    message(
        "html_only_sjis_meta_charset",
        [
            ("From", "html@example.com"),
            ("Subject", bword("交換希望", "Shift_JIS")),
            ("Content-Type", "text/html"),
            ("Content-Transfer-Encoding", "base64"),
        ],
        b64(sjis_html.encode("cp932")),
        {
            "subject": "交換希望",
            "new_has": ["髙島屋で購入した商品が壊れていました。", "交換してください。"],
        },
    )
    alt = multipart(
        "alt-1",
        [
            text_part("プレーンテキスト版です。商品が届きません。\n", "ISO-2022-JP"),
            text_part("<p>HTML版です。商品が届きません。</p>", "UTF-8", "base64", "html"),
        ],
    )
    message(
        "alternative_prefers_plain",
        [
            ("From", YAMADA),
            ("Subject", bword("届きません", "ISO-2022-JP")),
            ("Content-Type", 'multipart/alternative; boundary="alt-1"'),
        ],
        alt,
        {
            "subject": "届きません",
            "new_text": "プレーンテキスト版です。商品が届きません。",
            "new_not": ["HTML版"],
        },
    )
    related = multipart(
        "rel-1",
        [
            text_part(
                '<p>写真の通り破損しています。</p><img src="cid:photo1@example">',
                "UTF-8",
                "base64",
                "html",
            ),
            (
                [
                    ("Content-Type", "image/png"),
                    ("Content-Transfer-Encoding", "base64"),
                    ("Content-ID", "<photo1@example>"),
                    ("Content-Disposition", "inline"),
                ],
                b64(PNG),
            ),
        ],
    )
    outer = multipart(
        "alt-2",
        [
            text_part("写真の通り破損しています。\n", "UTF-8", "base64"),
            ([("Content-Type", 'multipart/related; boundary="rel-1"')], related),
        ],
    )
    message(
        "alternative_related_inline_image",
        [
            ("From", "photo@example.com"),
            ("Subject", bword("破損の写真")),
            ("Content-Type", 'multipart/alternative; boundary="alt-2"'),
        ],
        outer,
        {
            "subject": "破損の写真",
            "new_text": "写真の通り破損しています。",
            "attachments": 1,
            "attachment_types": ["image/png"],
        },
    )
    html_alt = multipart(
        "alt-3",
        [
            text_part("", "UTF-8"),
            text_part(
                "<div>本文はHTMLにだけあります。<br/>よろしくお願いします。</div>",
                "UTF-8",
                "quoted-printable",
                "html",
            ),
        ],
    )
    message(
        "alternative_empty_plain_uses_html",
        [
            ("From", "html@example.com"),
            ("Subject", "empty plain"),
            ("Content-Type", 'multipart/alternative; boundary="alt-3"'),
        ],
        html_alt,
        {
            "subject": "empty plain",
            "new_text": "本文はHTMLにだけあります。\nよろしくお願いします。",
        },
    )


def attachments() -> None:
    mixed = multipart(
        "mix-1",
        [
            text_part("見積書と図面を添付します。ご確認ください。\n", "UTF-8", "base64"),
            (
                [
                    ("Content-Type", "application/pdf"),
                    ("Content-Transfer-Encoding", "base64"),
                    (
                        "Content-Disposition",
                        "attachment;\r\n\t"
                        + rfc2231("filename", "見積書_2026年12月分（改訂版）.pdf", split=30),
                    ),
                ],
                b64(PDF),
            ),
        ],
    )
    message(
        "attach_rfc2231_continuation",
        [
            ("From", "attach@example.com"),
            ("Subject", bword("見積書の件")),
            ("Content-Type", 'multipart/mixed; boundary="mix-1"'),
        ],
        mixed,
        {
            "subject": "見積書の件",
            "attachments": 1,
            "attachment_names": ["見積書_2026年12月分（改訂版）.pdf"],
            "attachment_sizes": [len(PDF)],
        },
    )
    name_word = bword("①不具合の写真.png", "ISO-2022-JP")
    mixed = multipart(
        "mix-2",
        [
            text_part("不具合の写真を送ります。\n", "ISO-2022-JP"),
            (
                [
                    ("Content-Type", f'image/png; name="{name_word}"'),
                    ("Content-Transfer-Encoding", "base64"),
                    ("Content-Disposition", f'attachment; filename="{name_word}"'),
                ],
                b64(PNG),
            ),
        ],
    )
    message(
        "attach_encoded_word_iso2022jp",
        [
            ("From", YAMADA),
            ("Subject", bword("写真", "ISO-2022-JP")),
            ("Content-Type", 'multipart/mixed; boundary="mix-2"'),
        ],
        mixed,
        {
            "subject": "写真",
            "attachments": 1,
            "attachment_names": ["①不具合の写真.png"],
            "attachment_sizes": [len(PNG)],
        },
    )
    mixed = multipart(
        "mix-3",
        [
            text_part("注文書を送ります。\n", "Shift_JIS", "8bit"),
            (
                [
                    (
                        "Content-Type",
                        b'application/vnd.ms-excel; name="' + "注文書.xls".encode("cp932") + b'"',
                    ),
                    ("Content-Transfer-Encoding", "base64"),
                    (
                        "Content-Disposition",
                        b'attachment; filename="' + "注文書.xls".encode("cp932") + b'"',
                    ),
                ],
                b64(XLSX),
            ),
        ],
    )
    message(
        "attach_raw_sjis_filename",
        [
            ("From", "old@example.jp"),
            ("Subject", bword("注文書", "Shift_JIS")),
            ("Content-Type", 'multipart/mixed; boundary="mix-3"'),
        ],
        mixed,
        {
            "subject": "注文書",
            "attachments": 1,
            "attachment_names": ["注文書.xls"],
            "new_text": "注文書を送ります。",
        },
    )
    mixed = multipart(
        "mix-4",
        [
            text_part("資料一式です。\n", "UTF-8", "8bit"),
            (
                [
                    (
                        "Content-Type",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ),
                    ("Content-Transfer-Encoding", "base64"),
                    ("Content-Disposition", "attachment; " + rfc2231("filename", "納品一覧.xlsx")),
                ],
                b64(XLSX),
            ),
            (
                [
                    ("Content-Type", "image/png"),
                    ("Content-Transfer-Encoding", "base64"),
                    ("Content-Disposition", "inline"),
                ],
                b64(PNG),
            ),
            (
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Disposition", 'attachment; filename="memo.txt"'),
                ],
                "メモ\r\n".encode(),
            ),
        ],
    )
    message(
        "attach_three_parts",
        [
            ("From", "attach@example.com"),
            ("Subject", "files"),
            ("Content-Type", 'multipart/mixed; boundary="mix-4"'),
        ],
        mixed,
        {
            "subject": "files",
            "new_text": "資料一式です。",
            "attachments": 3,
            "attachment_names": ["納品一覧.xlsx", "image2.png", "memo.txt"],
        },
    )
    inner = (
        b"From: customer@example.com\r\nTo: sales@example.jp\r\nSubject: "
        + bword("元のクレーム", "ISO-2022-JP").encode()
        + b"\r\nMessage-ID: <inner@example.com>\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n"
        + crlf(jis("商品が壊れていた。責任者を出せ。\n"))
    )
    mixed = multipart(
        "mix-5",
        [
            text_part("お客様からのメールを添付で転送します。\n", "ISO-2022-JP"),
            ([("Content-Type", "message/rfc822"), ("Content-Disposition", "attachment")], inner),
        ],
    )
    message(
        "forward_as_attachment",
        [
            ("From", "colleague@example.jp"),
            ("Subject", bword("転送: 元のクレーム", "ISO-2022-JP")),
            ("Content-Type", 'multipart/mixed; boundary="mix-5"'),
        ],
        mixed,
        {
            "subject": "転送: 元のクレーム",
            "new_text": "お客様からのメールを添付で転送します。",
            "attachments": 1,
            "attachment_names": ["元のクレーム.eml"],
            "attachment_types": ["message/rfc822"],
        },
    )


def replies() -> None:
    simple(
        "reply_outlook_original_message",
        subject=bword("RE: 納期の件", "ISO-2022-JP"),
        sender=YAMADA,
        text=(
            "佐藤様\n\nご回答ありがとうございます。\nしかし来週では間に合いません。\n\n"
            "-----Original Message-----\nFrom: 佐藤 花子 <sato@example.jp>\nSent: Monday, November 30, 2026 5:00 PM\n"
            "To: yamada@example.com\nSubject: 納期の件\n\n山田様\n来週の納品となります。\n"
        ),
        expected={
            "new_text": "佐藤様\n\nご回答ありがとうございます。\nしかし来週では間に合いません。",
            "quoted_has": ["来週の納品となります。"],
        },
    )
    simple(
        "reply_outlook_moto_message",
        subject=bword("RE: 返金について", "ISO-2022-JP"),
        sender=YAMADA,
        text=(
            "返金はいつになりますか。\n\n-----元のメッセージ-----\n差出人: 佐藤 花子 <sato@example.jp>\n"
            "送信日時: 2026年11月30日 17:00\n宛先: yamada@example.com\n件名: 返金について\n\n返金手続きを進めております。\n"
        ),
        expected={
            "new_text": "返金はいつになりますか。",
            "quoted_has": ["返金手続きを進めております。"],
            "new_not": ["差出人"],
        },
    )
    simple(
        "reply_outlook_header_block",
        subject=bword("RE: 修理の件", "ISO-2022-JP"),
        sender=YAMADA,
        text=(
            "修理代金が高すぎます。説明してください。\n\n________________________________\n"
            "差出人: 佐藤 花子 <sato@example.jp>\n送信日時: 2026年11月30日 17:00\n宛先: 山田 太郎 <yamada@example.com>\n"
            "件名: 修理の件\n\nお見積もりは5万円です。\n"
        ),
        expected={
            "new_text": "修理代金が高すぎます。説明してください。",
            "quoted_has": ["お見積もりは5万円です。"],
        },
    )
    simple(
        "reply_outlook_english_headers",
        subject="RE: invoice",
        sender="yamada@example.com",
        charset="UTF-8",
        cte="8bit",
        text=(
            "請求書を再発行してください。\n\nFrom: Sato Hanako <sato@example.jp>\nSent: Monday, November 30, 2026 5:00 PM\n"
            "To: yamada@example.com\nSubject: invoice\n\n請求書を送付します。\n"
        ),
        expected={
            "new_text": "請求書を再発行してください。",
            "quoted_has": ["請求書を送付します。"],
        },
    )
    simple(
        "reply_gmail_japanese",
        subject=bword("Re: 交換の件"),
        sender="yamada@example.com",
        charset="UTF-8",
        cte="base64",
        text=(
            "交換品がまた壊れていました。どうなっているんですか。\n\n-- \n山田 太郎\n\n"
            "2026年12月1日(火) 10:00 佐藤 花子 <sato@example.jp>:\n\n> 山田様\n> 交換品を発送しました。\n>\n"
        ),
        expected={
            "new_text": "交換品がまた壊れていました。どうなっているんですか。",
            "quoted_has": ["交換品を発送しました。", "山田 太郎"],
        },
    )
    simple(
        "reply_gmail_wrapped_attribution",
        subject=bword("Re: 交換の件"),
        sender="yamada@example.com",
        charset="UTF-8",
        cte="quoted-printable",
        text=(
            "了解しました。明日まで待ちます。\n\n2026年12月1日(火) 10:00 カミタイ東京コールセンター 佐藤 花子 <\n"
            "sato@example.jp>:\n\n> 明日発送いたします。\n"
        ),
        expected={
            "new_text": "了解しました。明日まで待ちます。",
            "new_not": ["2026年12月1日"],
            "quoted_has": ["明日発送いたします。"],
        },
    )
    simple(
        "reply_gmail_english_wrote",
        subject="Re: delivery",
        sender="yamada@example.com",
        charset="UTF-8",
        cte="8bit",
        text="まだ届きません。\n\nOn Tue, Dec 1, 2026 at 10:00 AM Sato Hanako <sato@example.jp> wrote:\n> 発送済みです。\n",
        expected={"new_text": "まだ届きません。", "quoted_has": ["発送済みです。"]},
    )
    tb = (
        "佐藤様\n\n"
        "お電話では解決しなかったので改めてメールします。 \n"
        "担当者からの連絡をお待ちしています。\n\n"
        "2026/12/01 10:00 に 佐藤 花子 さんは書きました:\n> 山田様\n>\n> 担当者から折り返します。\n"
    )
    message(
        "reply_thunderbird_flowed",
        [
            ("From", YAMADA),
            ("Subject", bword("Re: 電話の件", "ISO-2022-JP")),
            ("User-Agent", "Mozilla Thunderbird"),
            ("Content-Type", "text/plain; charset=UTF-8; format=flowed"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf(tb.encode()),
        {
            "new_text": "佐藤様\n\nお電話では解決しなかったので改めてメールします。 担当者からの連絡をお待ちしています。",
            "quoted_has": ["担当者から折り返します。"],
        },
    )
    simple(
        "reply_iphone",
        subject=bword("Re: 至急", "UTF-8"),
        sender="yamada@example.com",
        charset="UTF-8",
        cte="quoted-printable",
        text=(
            "今日中に連絡ください\n\niPhoneから送信\n\n"
            "2026/12/01 10:00、佐藤 花子 <sato@example.jp>のメール:\n\n> 確認いたします。\n"
        ),
        expected={
            "new_text": "今日中に連絡ください",
            "quoted_has": ["確認いたします。", "iPhoneから送信"],
        },
    )
    simple(
        "reply_interleaved_quotes",
        subject=bword("Re: ご質問への回答", "UTF-8"),
        sender="yamada@example.com",
        charset="UTF-8",
        cte="8bit",
        text=(
            "> 1. 納品日は12月10日でよろしいでしょうか。\n困ります。12月5日にしてください。\n\n"
            "> 2. 設置は必要でしょうか。\n必要です。\n"
        ),
        expected={
            "new_has": ["困ります。12月5日にしてください。", "必要です。"],
            "new_not": ["納品日は12月10日"],
            "quoted_has": ["設置は必要でしょうか。"],
        },
    )
    simple(
        "signature_rule_block",
        subject=bword("請求書再発行のお願い", "ISO-2022-JP"),
        sender="keiri@example.co.jp",
        text=(
            "請求書の宛名を「株式会社カミタイ商事」に直して再発行してください。\n\n"
            "━━━━━━━━━━━━━━━━━━━━\n株式会社カミタイ商事 経理部\n鈴木 一郎\n〒100-0001 東京都千代田区1-1\n"
            "TEL: 03-0000-0000 / FAX: 03-0000-0001\nE-mail: keiri@example.co.jp\n━━━━━━━━━━━━━━━━━━━━\n"
        ),
        expected={
            "new_text": "請求書の宛名を「株式会社カミタイ商事」に直して再発行してください。",
            "quoted_has": ["TEL: 03-0000-0000"],
        },
    )
    simple(
        "signature_dashes_only",
        subject="sig",
        sender="yamada@example.com",
        charset="UTF-8",
        cte="8bit",
        text="ありがとうございました。解決しました。\n-- \n山田 太郎\nyamada@example.com\n",
        expected={
            "new_text": "ありがとうございました。解決しました。",
            "quoted_has": ["山田 太郎"],
        },
    )
    simple(
        "forward_inline_only",
        subject=bword("Fwd: クレーム"),
        sender="colleague@example.jp",
        charset="UTF-8",
        cte="8bit",
        text=(
            "---------- Forwarded message ---------\nFrom: 客 <kyaku@example.com>\nDate: 2026年12月1日(火) 9:00\n"
            "Subject: クレーム\n\n責任者から電話をください。\n"
        ),
        expected={"new_has": ["責任者から電話をください。"], "quoted_text": ""},
    )


def auto_replies() -> None:
    simple(
        "auto_out_of_office_ja",
        subject=bword("【不在通知】Re: 納期の件 【#88】", "ISO-2022-JP"),
        sender=YAMADA,
        extra=[("Auto-Submitted", "auto-replied")],
        text="誠に恐れ入りますが、12月1日から12月5日まで不在にしております。\n",
        expected={"auto_reply": True, "auto_reply_has": "Auto-Submitted", "case_tag": 88},
    )
    simple(
        "auto_outlook_jidou_outou",
        subject=bword("自動応答: 納期の件", "ISO-2022-JP"),
        sender=YAMADA,
        extra=[("X-Auto-Response-Suppress", "All")],
        text="ただいま外出しております。\n",
        expected={"auto_reply": True, "auto_reply_has": "自動応答"},
    )
    simple(
        "auto_precedence_bulk_newsletter",
        subject=bword("【メルマガ】年末セールのお知らせ", "UTF-8"),
        sender="news@shop.example.com",
        charset="UTF-8",
        cte="base64",
        extra=[("Precedence", "bulk"), ("List-Unsubscribe", "<mailto:unsub@shop.example.com>")],
        text="年末セールを開催します。\n",
        expected={"auto_reply": True, "auto_reply_has": "Precedence: bulk"},
    )
    simple(
        "auto_x_autoreply",
        subject="Re: your message",
        sender="yamada@example.com",
        charset="UTF-8",
        cte="8bit",
        extra=[("X-Autoreply", "yes")],
        text="メールを受け付けました。\n",
        expected={"auto_reply": True, "auto_reply_has": "X-Autoreply"},
    )
    simple(
        "auto_mailing_list",
        subject=bword("[users:1234] 質問"),
        sender="member@example.org",
        charset="UTF-8",
        cte="8bit",
        extra=[
            ("List-Id", "users.lists.example.org"),
            ("List-Post", "<mailto:users@lists.example.org>"),
        ],
        text="どなたか教えてください。\n",
        expected={"auto_reply": True, "auto_reply_has": "List-Id"},
    )
    simple(
        "auto_loop_own_address",
        subject=bword("Re: 【#5】 お問い合わせありがとうございます"),
        sender="Kamitaiou Support <Support@Example.JP>",
        charset="UTF-8",
        cte="8bit",
        text="お問い合わせを受け付けました。\n",
        expected={
            "auto_reply": True,
            "auto_reply_has": "ループ",
            "own_addresses": ["support@example.jp"],
            "case_tag": 5,
        },
    )
    human = crlf(
        b"This is the mail system at host mx.example.com.\n\n"
        b"I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n"
        b"<nobody@example.com>: host mx.example.com said: 550 5.1.1 User unknown\n"
    )
    status = crlf(
        b"Reporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; nobody@example.com\n"
        b"Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n"
    )
    returned = (
        b"From: support@example.jp\r\nTo: nobody@example.com\r\nSubject: "
        + bword("Re: お問い合わせ 【#42】", "ISO-2022-JP").encode()
        + b"\r\nMessage-ID: <reply-42-3@kamitaiou.example.jp>\r\n"
    )
    report = multipart(
        "dsn-1",
        [
            (
                [
                    ("Content-Description", "Notification"),
                    ("Content-Type", "text/plain; charset=us-ascii"),
                ],
                human,
            ),
            (
                [
                    ("Content-Description", "Delivery report"),
                    ("Content-Type", "message/delivery-status"),
                ],
                status,
            ),
            (
                [
                    ("Content-Description", "Undelivered Message Headers"),
                    ("Content-Type", "text/rfc822-headers"),
                ],
                returned,
            ),
        ],
    )
    message(
        "dsn_bounce",
        [
            ("Return-Path", "<>"),
            ("From", "MAILER-DAEMON@mx.example.com (Mail Delivery System)"),
            ("Subject", "Undelivered Mail Returned to Sender"),
            ("Auto-Submitted", "auto-replied"),
            ("Content-Type", 'multipart/report; report-type=delivery-status; boundary="dsn-1"'),
        ],
        report,
        {
            "subject": "Undelivered Mail Returned to Sender",
            "from": "mailer-daemon@mx.example.com",
            "auto_reply": True,
            "body_has": ["User unknown", "Status: 5.1.1"],
            "attachments": 1,
            "attachment_names": ["Re: お問い合わせ 【#42】.eml"],
            "bounced_message_id": "reply-42-3@kamitaiou.example.jp",
        },
    )
    report = multipart(
        "dsn-2",
        [
            (
                [("Content-Type", "text/plain; charset=iso-2022-jp")],
                crlf(jis("メールを配送できませんでした。\n")),
            ),
            ([("Content-Type", "message/delivery-status")], status),
        ],
    )
    message(
        "dsn_report_no_auto_submitted",
        [
            ("From", "postmaster@example.net"),
            ("Subject", bword("配信エラー", "ISO-2022-JP")),
            ("Content-Type", 'multipart/report; report-type=delivery-status; boundary="dsn-2"'),
        ],
        report,
        {
            "subject": "配信エラー",
            "auto_reply": True,
            "auto_reply_has": "multipart/report",
            "body_has": ["配送できませんでした"],
        },
    )


def broken_and_mislabelled() -> None:
    mixed = multipart(
        "brk-1",
        [
            text_part("最後の境界線がないメールです。本文は読めるはずです。\n", "ISO-2022-JP"),
            (
                [
                    ("Content-Type", "application/pdf"),
                    ("Content-Transfer-Encoding", "base64"),
                    ("Content-Disposition", 'attachment; filename="a.pdf"'),
                ],
                b64(PDF)[:40],
            ),
        ],
        close=False,
    )
    message(
        "broken_missing_closing_boundary",
        [
            ("From", YAMADA),
            ("Subject", "broken 1"),
            ("Content-Type", 'multipart/mixed; boundary="brk-1"'),
        ],
        mixed,
        {
            "subject": "broken 1",
            "new_has": ["最後の境界線がないメールです。"],
            "attachments": 1,
            "notes_has": "closing boundary",
        },
    )
    mixed = multipart(
        "real-boundary",
        [
            text_part(
                "境界線の宣言が間違っています。それでも本文を拾います。\n", "UTF-8", "base64"
            ),
            (
                [
                    ("Content-Type", "image/png"),
                    ("Content-Transfer-Encoding", "base64"),
                    ("Content-Disposition", 'attachment; filename="p.png"'),
                ],
                b64(PNG),
            ),
        ],
    )
    message(
        "broken_wrong_boundary",
        [
            ("From", YAMADA),
            ("Subject", "broken 2"),
            ("Content-Type", 'multipart/mixed; boundary="declared-boundary"'),
        ],
        mixed,
        {
            "subject": "broken 2",
            "new_has": ["境界線の宣言が間違っています。それでも本文を拾います。"],
            "attachments": 1,
            "notes_has": "boundary",
        },
    )
    message(
        "broken_no_boundary_param",
        [("From", YAMADA), ("Subject", "broken 3"), ("Content-Type", "multipart/mixed")],
        crlf("境界線の指定がないマルチパートです。\n".encode()),
        {"subject": "broken 3", "new_has": ["境界線の指定がないマルチパートです。"]},
    )
    message(
        "eightbit_no_charset_cp932",
        [
            ("From", "nocharset@example.jp"),
            ("Subject", bword("文字コード指定なし", "Shift_JIS")),
            ("Content-Type", "text/plain"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf("charset の指定がない Shift_JIS の本文です。㈱①も入っています。\n".encode("cp932")),
        {
            "new_text": "charset の指定がない Shift_JIS の本文です。㈱①も入っています。",
            "notes_has": "without charset",
        },
    )
    message(
        "eightbit_no_charset_utf8",
        [("From", "nocharset@example.jp"), ("Subject", "no charset utf-8")],
        crlf("Content-Type もない UTF-8 の本文です。\n".encode()),
        {"new_text": "Content-Type もない UTF-8 の本文です。", "notes_has": "detected utf-8"},
    )
    message(
        "wrong_charset_latin1_is_utf8",
        [
            ("From", "wrong@example.com"),
            ("Subject", "wrong 1"),
            ("Content-Type", "text/plain; charset=iso-8859-1"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf("宣言は iso-8859-1 ですが中身は UTF-8 です。\n".encode()),
        {
            "new_text": "宣言は iso-8859-1 ですが中身は UTF-8 です。",
            "notes_has": "iso-8859-1 declared, utf-8 detected",
        },
    )
    message(
        "wrong_charset_latin1_is_cp932",
        [
            ("From", "wrong@example.com"),
            ("Subject", "wrong 2"),
            ("Content-Type", "text/plain; charset=ISO-8859-1"),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ],
        qp(
            crlf(
                "宣言は iso-8859-1 ですが中身は Shift_JIS です。お客様の声をそのまま残します。\n".encode(
                    "cp932"
                )
            )
        ),
        {
            "new_text": "宣言は iso-8859-1 ですが中身は Shift_JIS です。お客様の声をそのまま残します。",
            "notes_has": "cp932 detected",
        },
    )
    message(
        "wrong_charset_utf8_is_sjis",
        [
            ("From", "wrong@example.com"),
            ("Subject", "wrong 3"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf(
            "宣言は UTF-8 ですが中身は Shift_JIS です。納品書が入っていませんでした。\n".encode(
                "cp932"
            )
        ),
        {
            "new_text": "宣言は UTF-8 ですが中身は Shift_JIS です。納品書が入っていませんでした。",
            "notes_has": "utf-8 declared",
        },
    )
    message(
        "wrong_charset_jis_label_on_sjis_bytes",
        [
            ("From", "wrong@example.com"),
            ("Subject", "wrong 4"),
            ("Content-Type", "text/plain; charset=ISO-2022-JP"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf("ISO-2022-JP と書いて Shift_JIS を送るメーラーもあります。\n".encode("cp932")),
        {
            "new_text": "ISO-2022-JP と書いて Shift_JIS を送るメーラーもあります。",
            "notes_has": "cp932 detected",
        },
    )
    message(
        "wrong_charset_unknown_name",
        [
            ("From", "wrong@example.com"),
            ("Subject", "wrong 5"),
            ("Content-Type", "text/plain; charset=x-user-defined-jp"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf("知らない文字コード名でも中身は読めます。\n".encode()),
        {"new_text": "知らない文字コード名でも中身は読めます。", "notes_has": "unknown charset"},
    )
    message(
        "undecodable_bytes_replaced",
        [
            ("From", "wrong@example.com"),
            ("Subject", "wrong 6"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf(
            "前半は読めます。".encode()
            + b"\xff\xfe\x80\x81\x82\xff"
            + "後半も読めます。\n".encode()
        ),
        {"new_has": ["前半は読めます。", "後半も読めます。"], "notes_has": "replaced"},
    )
    message(
        "date_broken_and_no_subject",
        [
            ("Date", "sometime last week"),
            ("From", "nodate@example.com"),
            ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Transfer-Encoding", "8bit"),
        ],
        crlf("件名も日付もまともではありません。\n".encode()),
        {"subject": "", "date": None, "new_text": "件名も日付もまともではありません。"},
    )
    CORPUS["garbage_bytes"] = (bytes(range(256)) * 4, {"error": True})
    CORPUS["not_a_mail_plain_text"] = (
        "これはメールではなく、ただのテキストファイルです。\nヘッダーがありません。\n".encode(),
        {"error": True},
    )
    message(
        "headers_without_content",
        [("MIME-Version", "1.0"), ("Content-Type", "text/plain")],
        b"",
        {"error": True, "error_has": "使える内容"},
        defaults=False,
    )


def main() -> None:
    build()
    for old in HERE.glob("*.eml"):
        old.unlink()
    expected: dict[str, dict[str, object]] = {}
    for name, (raw, exp) in sorted(CORPUS.items()):
        (HERE / f"{name}.eml").write_bytes(raw)
        expected[f"{name}.eml"] = exp
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(f"{len(CORPUS)} messages written to {HERE}")


if __name__ == "__main__":
    main()
