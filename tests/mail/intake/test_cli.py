"""``kamitaiou intake-mail``: one message on stdin, the mailbox by option or header."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from kamitaiou.mail.models import InboundMail
from tests.mail.intake.conftest import ROOT, make_mail

pytestmark = pytest.mark.django_db


def run(raw: bytes, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("intake_mail", *args, stdin=io.BytesIO(raw), stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_json_prints_exactly_the_status_case_interaction_and_reason(mailbox_a):
    code, out, _err = run(make_mail(), "--json")

    assert code == 0
    result = json.loads(out)
    assert list(result) == ["status", "case", "interaction", "reason"]
    row = InboundMail.objects.get()
    assert result["status"] == "new"
    assert (result["case"], result["interaction"]) == (row.case_id, row.interaction_id)
    assert "新しい案件" in result["reason"]


def test_the_mailbox_is_chosen_by_delivered_to_before_to(mailbox_a, mailbox_b):
    raw = make_mail(to="support@example.test", headers={"Delivered-To": "sales@example.test"})

    code, _out, _err = run(raw, "--json")

    assert code == 0
    assert InboundMail.objects.get().mailbox == mailbox_b


def test_the_mailbox_option_wins_over_the_headers(mailbox_a, mailbox_b):
    code, _out, _err = run(make_mail(to="support@example.test"), "--mailbox", "SALES@example.test")

    assert code == 0
    assert InboundMail.objects.get().mailbox == mailbox_b


def test_a_second_run_with_the_same_message_answers_duplicate(mailbox_a):
    raw = make_mail()
    run(raw, "--json")

    code, out, _err = run(raw, "--json")

    assert code == 0
    assert json.loads(out)["status"] == "duplicate"
    assert json.loads(out)["case"] == InboundMail.objects.get().case_id


def test_a_quarantined_message_is_kept_and_says_so(mailbox_a):
    code, out, _err = run(b"\x00garbage", "--json", "--mailbox", "support@example.test")

    assert code == 0
    assert json.loads(out) == {
        "status": "quarantined",
        "case": None,
        "interaction": None,
        "reason": InboundMail.objects.get().reason,
    }


def test_empty_stdin_is_a_one_line_japanese_error(mailbox_a):
    code, out, err = run(b"", "--json")

    assert (code, out) == (65, "")
    assert err.strip().count("\n") == 0
    assert "標準入力にメールがありません" in err
    assert not InboundMail.objects.exists()


def test_an_unknown_mailbox_is_a_one_line_japanese_error(mailbox_a):
    code, out, err = run(make_mail(), "--mailbox", "nobody@example.test")

    assert (code, out) == (67, "")
    assert "nobody@example.test" in err
    assert "登録されていない" in err


def test_a_message_to_no_known_mailbox_is_refused_without_a_row(mailbox_a):
    code, _out, err = run(make_mail(to="else@example.org"))

    assert code == 67
    assert "--mailbox" in err
    assert not InboundMail.objects.exists()


def test_an_inactive_mailbox_takes_no_mail(mailbox_a):
    mailbox_a.active = False
    mailbox_a.save()

    code, _out, _err = run(make_mail())

    assert code == 67


def test_the_console_script_reads_stdin_and_prints_json(tmp_path):
    """The real command, as an MTA pipe would run it."""
    env = {**os.environ, "KAMITAIOU_DATA_DIR": str(tmp_path), "DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    env.setdefault("KAMITAIOU_ALLOW_DEV_KEY", "1")
    cli = [sys.executable, "-m", "kamitaiou"]
    subprocess.run([*cli, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    setup = (
        "from kamitaiou.accounts.models import Team; from kamitaiou.mail.models import Mailbox; "
        "Mailbox.objects.create(address='support@example.test', name='s', "
        "team=Team.objects.create(name='t'))"
    )
    subprocess.run([*cli, "shell", "-c", setup], cwd=ROOT, env=env, check=True, timeout=120)

    done = subprocess.run(
        [*cli, "intake-mail", "--json"],
        cwd=ROOT,
        env=env,
        input=make_mail(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    empty = subprocess.run(
        [*cli, "intake-mail"],
        cwd=ROOT,
        env=env,
        input=b"",
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["status"] == "new"
    assert empty.returncode == 65
    assert "標準入力にメールがありません" in empty.stderr.decode()
