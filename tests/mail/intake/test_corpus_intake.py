"""Every message of the parsing corpus (tests/mail/corpus) through the whole intake:
none raises, each gets the status its expectations call for, what the parser found is
what the record holds."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from kamitaiou.cases.models import Case
from kamitaiou.mail.intake import intake_message
from kamitaiou.mail.models import InboundMail, MailAttachment
from kamitaiou.mail.parsing import parse_message
from tests.mail.intake.conftest import make_mailbox

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED = (
    json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    if (CORPUS / "expected.json").exists()
    else {}
)


def expected_status(expect: dict[str, object]) -> str:
    if expect.get("error"):
        return "quarantined"
    if expect.get("auto_reply"):
        return "auto_reply"
    return "new"


def mailboxes_for(team: object, expect: dict[str, object]) -> object:
    mailbox = make_mailbox(team, "support@example.test")
    for n, address in enumerate(expect.get("own_addresses") or []):  # type: ignore[union-attr]
        if str(address).lower() != mailbox.address:
            make_mailbox(team, str(address), name=f"own{n}")
    return mailbox


@pytest.mark.skipif(not EXPECTED, reason="the corpus of mail-parse is not here")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_message_gets_the_status_its_content_calls_for(name, team_a):
    expect = EXPECTED[name]
    mailbox = mailboxes_for(team_a, expect)
    raw = (CORPUS / name).read_bytes()

    result = intake_message(mailbox, raw)

    assert result.status == expected_status(expect), result.reason
    row = InboundMail.objects.get(mailbox=mailbox)
    assert bytes(row.raw) == raw  # kept byte for byte
    if result.status == "new":
        parsed = parse_message(raw, own_addresses=[mailbox.address])
        text = parsed.new_text.strip() or parsed.body_text.strip() or "（本文なし）"
        assert result.interaction.text == text[: len(result.interaction.text)]
        assert MailAttachment.objects.filter(interaction=result.interaction).count() == len(
            parsed.attachments
        )
        assert row.body_text == parsed.body_text


@pytest.mark.skipif(not EXPECTED, reason="the corpus of mail-parse is not here")
def test_the_whole_corpus_into_one_mailbox_twice_doubles_nothing(team_a, capsys):
    mailbox = make_mailbox(team_a, "support@example.test")
    first = Counter(
        str(intake_message(mailbox, (CORPUS / n).read_bytes()).status) for n in sorted(EXPECTED)
    )
    cases = Case.objects.count()
    again = Counter(
        str(intake_message(mailbox, (CORPUS / n).read_bytes()).status) for n in sorted(EXPECTED)
    )

    with capsys.disabled():
        print(f"\ncorpus of {len(EXPECTED)} through the intake: {dict(first)}")
    assert again == Counter({"duplicate": len(EXPECTED)})
    assert Case.objects.count() == cases
    assert InboundMail.objects.count() == len(EXPECTED)
