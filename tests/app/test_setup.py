"""Settings from the environment, the console script, demo data, translations."""

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from kamitaiou.accounts.models import Organisation, Role, Team, User
from kamitaiou.cases.models import Case, Contract, Customer, Interaction
from kamitaiou.config import env

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args, **env_vars):
    environment = {**os.environ, **env_vars}
    return subprocess.run(
        [sys.executable, "-m", "kamitaiou", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_env_bool_int_list(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example,,")
    assert env.env_bool("X_BOOL", False) is True
    assert env.env_int("X_INT", 1) == 42
    assert env.env_list("X_LIST", []) == ["a.example", "b.example"]
    assert env.env_int("X_MISSING", 7) == 7


def test_env_rejects_garbage(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "many")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("X_BOOL", False)
    with pytest.raises(ImproperlyConfigured):
        env.env_int("X_INT", 1)


def test_env_secret_reads_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env.env_secret("X_SECRET", "default") == "s3cret"


def test_default_secret_key_is_refused_when_debug_is_off():
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "KAMITAIOU_ALLOW_DEV_KEY"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "kamitaiou", "check"],
        capture_output=True,
        text=True,
        env={**environment, "DEBUG": "0"},
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is the development default" in result.stderr


def test_defaults_are_japanese_and_tokyo(settings):
    assert settings.LANGUAGE_CODE == "ja"
    assert settings.TIME_ZONE == "Asia/Tokyo"


def test_sqlite_runs_in_wal_mode(db, settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_cli_help_lists_commands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "serve" in result.stdout and "demo" in result.stdout


def test_cli_unknown_command_is_one_line_error():
    result = run_cli("frobnicate")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "Unknown command" in result.stderr


def test_serve_rejects_bad_arguments():
    result = run_cli("serve", "--port")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1


def test_demo_loads_every_role_teams_customers_and_cases(db, capsys):
    call_command("demo")
    assert Team.objects.count() == 2
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    # + 1 customer and 1 case: the protection app's demo story (kamitaiou/protection/demo.py)
    assert Customer.objects.count() == 41
    assert Contract.objects.count() >= 40
    assert Case.objects.count() == 151
    assert set(Case.objects.values_list("kind", flat=True)) == {
        "complaint",
        "unreasonable_demand",
        "special_request",
        "after_follow",
    }
    assert Interaction.objects.count() > 150
    out = capsys.readouterr().out
    assert "operator" in out and "kamitaiou-demo" in out
    organisation = Organisation.current()
    assert (organisation.name, organisation.department) == ("株式会社かみたいおう", "お客様相談室")
    organisation.department = "お客様サポート室"  # an admin's edit
    organisation.save()
    call_command("demo")
    assert Case.objects.count() == 151
    assert "already loaded" in capsys.readouterr().out
    assert Organisation.current().department == "お客様サポート室"


def test_demo_never_approves_a_forbidden_request(db):
    """The demo walks through the real guards: a tax-evasion request is explained and
    refused, never approved (§9.2)."""
    call_command("demo")
    cases = Case.objects.filter(title="消費税を抜いた金額で請求してほしい")
    reached: set[str] = set()
    for case in cases:
        reached |= set(case.events.filter(kind="stage_changed").values_list("data__to", flat=True))
    assert cases.exists()
    assert {"refused", "closed"} <= reached
    assert not reached & {"approval_pending", "approved"}


def test_demo_text_is_japanese_not_lorem_ipsum(db):
    call_command("demo")
    texts = list(Interaction.objects.values_list("text", flat=True))
    assert not any("lorem" in t.lower() for t in texts)
    assert all(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", t) for t in texts)


def test_every_japanese_message_is_translated_and_compiled():
    po = ROOT / "kamitaiou/locale/ja/LC_MESSAGES/django.po"
    mo = po.with_suffix(".mo")
    text = po.read_text(encoding="utf-8")
    assert 'msgstr ""\n\n' not in text.split("\n\n", 1)[1], "untranslated message in ja"
    catalogue = gettext.GNUTranslations(mo.open("rb"))
    for msgid, msgstr in re.findall(r'\nmsgid "([^"\n]+)"\nmsgstr "([^"\n]+)"', text):
        assert catalogue.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"'), msgid


def test_demo_sales_memos_are_internal_notes_not_customer_messages(db):
    from kamitaiou.cases import demo_data
    from kamitaiou.cases.models import Interaction

    call_command("demo")
    memos = [
        opening.removeprefix(demo_data.MEMO_PREFIX)
        for _kind, _title, opening, _later in demo_data.SCENARIOS
        if opening.startswith(demo_data.MEMO_PREFIX)
    ]
    assert memos
    recorded = Interaction.objects.filter(text__in=memos)
    assert recorded.exists()
    assert set(recorded.values_list("direction", flat=True)) == {"internal"}
    assert not Interaction.objects.filter(text__contains=demo_data.MEMO_PREFIX).exists()
