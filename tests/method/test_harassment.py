"""§12 customer harassment: the staff-protection protocol."""

from __future__ import annotations

from datetime import timedelta

from kamitaiou.method.harassment import (
    HARASSMENT_LABELS,
    HARASSMENT_LABELS_JA,
    INCIDENT_TYPES,
    LABEL_NOTES_JA,
    STAFF_CARE_JA,
    WARNING_PHRASE,
    ProtocolAction,
    harassment_protocol,
    is_prolonged_contact,
)


def test_the_six_harassment_labels_are_known():
    assert set(HARASSMENT_LABELS) == {
        "abuse",
        "intimidation",
        "violence_threat",
        "dogeza_demand",
        "sns_exposure",
        "prolonged_binding",
    }


def test_the_incident_form_offers_prolonged_binding_and_excessive_demand_in_japanese():
    assert INCIDENT_TYPES[-2:] == ("prolonged_binding", "excessive_demand")
    assert HARASSMENT_LABELS_JA["prolonged_binding"] == "長時間拘束・居座り"
    assert HARASSMENT_LABELS_JA["excessive_demand"] == "過剰要求"
    assert all(label in HARASSMENT_LABELS_JA for label in INCIDENT_TYPES)
    assert all(label in LABEL_NOTES_JA for label in INCIDENT_TYPES)


def test_a_sit_in_read_by_the_analyzer_triggers_the_protocol_once():
    protocol = harassment_protocol(["prolonged_binding"], prolonged=True)
    assert protocol is not None
    assert protocol.labels == ("prolonged_binding",)
    assert protocol.steps[0].action is ProtocolAction.WARN


def test_no_harassment_no_protocol():
    assert harassment_protocol(["deadline", "refund"]) is None
    assert harassment_protocol([]) is None


def test_abuse_means_warn_then_end_the_contact_then_hand_to_a_supervisor():
    protocol = harassment_protocol(["abuse", "deadline"])
    assert protocol is not None
    assert [step.action for step in protocol.steps] == [
        ProtocolAction.WARN,
        ProtocolAction.END_CONTACT,
        ProtocolAction.HAND_TO_SUPERVISOR,
        ProtocolAction.RECORD,
    ]
    assert protocol.warning_phrase_ja == WARNING_PHRASE
    assert "お電話を終了させていただきます" in protocol.steps[0].detail_ja
    assert protocol.immediate is False
    assert protocol.labels == ("abuse",)
    assert protocol.labels_ja == ("暴言・人格否定",)
    assert protocol.staff_care_ja == STAFF_CARE_JA


def test_a_violence_threat_ends_the_contact_at_once():
    protocol = harassment_protocol(["dogeza_demand", "violence_threat"])
    assert protocol is not None
    assert protocol.immediate
    assert protocol.steps[0].action is ProtocolAction.END_CONTACT
    assert ProtocolAction.WARN not in [step.action for step in protocol.steps]
    assert ProtocolAction.CONSULT_POLICE in [step.action for step in protocol.steps]
    assert protocol.labels == ("violence_threat", "dogeza_demand")
    assert len(protocol.notes_ja) == 2
    assert "土下座" in protocol.notes_ja[1]


def test_a_prolonged_contact_alone_triggers_the_protocol():
    protocol = harassment_protocol([], prolonged=True)
    assert protocol is not None
    assert protocol.labels_ja == ("長時間拘束・居座り",)


def test_a_contact_is_prolonged_only_past_the_limit():
    assert not is_prolonged_contact(timedelta(minutes=60))
    assert is_prolonged_contact(timedelta(minutes=61))
    assert is_prolonged_contact(timedelta(minutes=31), limit=timedelta(minutes=30))
