"""§11 outcomes: validation and the durations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kamitaiou.method.outcome import Ending, Impact, Outcome, case_metrics, validate_outcome


def test_a_plain_outcome_is_valid():
    outcome = Outcome(
        ending=Ending.FAN,
        impacts=frozenset({Impact.TRUST, Impact.NEW_BUSINESS}),
        trust_before=2,
        trust_after=5,
        referrals=1,
        new_contracts=2,
    )
    assert validate_outcome(outcome) == []


@pytest.mark.parametrize(("before", "after"), [(0, 3), (3, 6), (0, 6)])
def test_trust_must_be_between_one_and_five(before, after):
    outcome = Outcome(ending=Ending.RELATIONSHIP_CONTINUES, trust_before=before, trust_after=after)
    errors = validate_outcome(outcome)
    assert errors
    assert all("1〜5" in error for error in errors)


def test_counts_cannot_be_negative():
    outcome = Outcome(
        ending=Ending.RELATIONSHIP_CONTINUES,
        trust_before=3,
        trust_after=3,
        referrals=-1,
        new_contracts=-1,
    )
    assert len(validate_outcome(outcome)) == 2


def test_a_fan_has_more_trust_than_before():
    assert validate_outcome(Outcome(ending=Ending.FAN, trust_before=3, trust_after=3))
    assert not validate_outcome(Outcome(ending=Ending.FAN, trust_before=3, trust_after=4))


def test_trust_lost_contradicts_rising_trust_and_the_trust_impact():
    rising = Outcome(ending=Ending.TRUST_LOST, trust_before=2, trust_after=3)
    assert validate_outcome(rising) == ["信頼度が上がっている場合、①（信頼を失った）は選べません。"]
    gained = Outcome(
        ending=Ending.TRUST_LOST, impacts=frozenset({Impact.TRUST}), trust_before=3, trust_after=1
    )
    assert validate_outcome(gained) == ["①（信頼を失った）と「信頼を得た」は同時に選べません。"]


def test_endings_and_impacts_have_japanese_labels():
    assert [ending.label_ja[0] for ending in Ending] == ["①", "②", "③"]
    assert Impact.LIABILITY.label_ja == "責任問題・損害賠償に発展した"
    assert len({impact.label_ja for impact in Impact}) == 4


def test_case_metrics_measure_from_receipt():
    received = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    metrics = case_metrics(
        received,
        first_response_at=received + timedelta(minutes=12),
        resolved_at=received + timedelta(days=3),
        escalations=1,
    )
    assert metrics.time_to_first_response == timedelta(minutes=12)
    assert metrics.time_to_resolution == timedelta(days=3)
    assert metrics.escalations == 1


def test_case_metrics_are_none_when_not_yet_known():
    metrics = case_metrics(datetime(2026, 11, 20, tzinfo=UTC))
    assert metrics.time_to_first_response is None
    assert metrics.time_to_resolution is None
    assert metrics.escalations == 0
