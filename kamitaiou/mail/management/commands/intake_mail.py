"""``kamitaiou intake-mail [--mailbox ADDRESS] [--json] < message.eml``: take one message.

For an MTA's pipe or a saved file. The exit status follows sysexits(3), as an MTA
expects: 0 the message is taken (whatever its status, a quarantined one included: it is
kept), 65 no message on stdin, 67 no such mailbox, 75 the database is unavailable (the
MTA tries again later).
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from kamitaiou.mail.intake import intake_message
from kamitaiou.mail.mailboxes import mailbox_for

EX_OK = 0
EX_DATAERR = 65
EX_NOUSER = 67
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Take one RFC 5322 message from stdin into a mailbox (docs/mail.md)."
    # ``call_command("intake_mail", stdin=...)`` in tests and the benchmark.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--mailbox", help="the mailbox's address (default: by Delivered-To / To)"
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options.get("stdin") or sys.stdin.buffer
        limit = 4 * settings.KAMITAIOU_MAIL_MAX_MESSAGE_BYTES
        raw = stream.read(limit + 1)
        if not raw or not raw.strip():
            self._fail("標準入力にメールがありません（.eml を < でお渡しください）", EX_DATAERR)
        if len(raw) > limit:
            self._fail(f"メールが大きすぎます（上限 {limit} バイト）", EX_DATAERR)
        address = options.get("mailbox")
        mailbox = mailbox_for(raw, address=address)
        if mailbox is None:
            if address:
                self._fail(f"メールボックス {address} は登録されていないか無効です", EX_NOUSER)
            self._fail(
                "宛先（Delivered-To / To）に登録済みのメールボックスがありません"
                "（--mailbox で指定してください）",
                EX_NOUSER,
            )
        try:
            result = intake_message(mailbox, raw)
        except DatabaseError as exc:
            self._fail(
                f"データベースに書き込めません。あとで再実行してください: {exc}", EX_TEMPFAIL
            )
        if options.get("json"):
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(f"{result.status}: {result.reason}")

    def _fail(self, message: str, code: int) -> NoReturn:
        self.stderr.write(f"intake-mail: {message}")
        raise SystemExit(code)
