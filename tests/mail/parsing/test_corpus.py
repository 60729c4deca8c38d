"""Every message of the corpus (tests/mail/corpus, written by make_corpus.py) parses to
what its hand-written expectation in expected.json says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kamitaiou.mail.parsing import MailParseError, parse_message

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EXPECTED: dict[str, dict[str, object]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)
FILES = sorted(path.name for path in CORPUS.glob("*.eml"))


def test_the_corpus_has_at_least_45_messages_each_with_an_expectation():
    assert len(FILES) >= 45
    assert sorted(EXPECTED) == FILES


@pytest.mark.parametrize("name", FILES)
def test_corpus_message_parses_as_expected(name):
    exp = EXPECTED[name]
    raw = (CORPUS / name).read_bytes()
    own = tuple(exp.get("own_addresses", ()))
    if exp.get("error"):
        with pytest.raises(MailParseError) as caught:
            parse_message(raw, own_addresses=own)
        assert caught.value.reason
        if "error_has" in exp:
            assert exp["error_has"] in caught.value.reason
        return
    mail = parse_message(raw, own_addresses=own)
    assert "\ufffd" not in mail.subject
    if "subject" in exp:
        assert mail.subject == exp["subject"]
    if "from" in exp:
        assert mail.from_address == exp["from"]
    if "from_name" in exp:
        assert mail.from_name == exp["from_name"]
    if "new_text" in exp:
        assert mail.new_text == exp["new_text"]
    for piece in exp.get("new_has", ()):
        assert piece in mail.new_text
    for piece in exp.get("new_not", ()):
        assert piece not in mail.new_text
    for piece in exp.get("quoted_has", ()):
        assert piece in mail.quoted_text
    if "quoted_text" in exp:
        assert mail.quoted_text == exp["quoted_text"]
    for piece in exp.get("body_has", ()):
        assert piece in mail.body_text
    assert len(mail.attachments) == exp.get("attachments", 0)
    if "attachment_names" in exp:
        assert [a.filename for a in mail.attachments] == exp["attachment_names"]
    if "attachment_types" in exp:
        assert [a.content_type for a in mail.attachments] == exp["attachment_types"]
    if "attachment_sizes" in exp:
        assert [len(a.data) for a in mail.attachments] == exp["attachment_sizes"]
    assert (mail.auto_reply is not None) == exp.get("auto_reply", False), mail.auto_reply
    if "auto_reply_has" in exp:
        assert exp["auto_reply_has"] in mail.auto_reply
    assert mail.case_tag == exp.get("case_tag")
    if "notes_has" in exp:
        assert any(exp["notes_has"] in note for note in mail.notes), mail.notes
    if "message_id_prefix" in exp:
        assert mail.message_id.startswith(exp["message_id_prefix"])
    else:
        assert mail.message_id == name.removesuffix(".eml") + "@mail.example.com"
    if "in_reply_to" in exp:
        assert mail.in_reply_to == exp["in_reply_to"]
    if "references" in exp:
        assert list(mail.references) == exp["references"]
    if "bounced_message_id" in exp:
        assert mail.bounced_message_id == exp["bounced_message_id"]
    if "date" in exp:
        assert mail.date is None
    else:
        assert mail.date is not None and mail.date.utcoffset() is not None
