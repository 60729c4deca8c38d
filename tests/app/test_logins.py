"""Logins that resist attack (issue #11 item 4): lockout per account and per address,
password reset by mail and change for everyone, TOTP two-factor (required for supervisors
and admins), idle and absolute session limits, the four password validators."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kamitaiou.accounts import sessions
from kamitaiou.accounts.twofactor import enrol_demo_device

PASSWORD = "pw-op_a"


def try_login(client, username, password, addr="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=addr
    )


def code_for(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


# --- throttling and lockout -------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_with_the_right_one(client, operator_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert try_login(client, "op_a", "wrong").status_code == 200
    assert try_login(client, "op_a", "wrong").status_code == 429
    response = try_login(client, "op_a", PASSWORD)
    assert response.status_code == 429
    assert "ログインの失敗が続きました" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_account_stays_locked_from_another_address(client, operator_a):
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, "op_a", "wrong", addr=f"10.0.1.{n}")
    assert try_login(client, "op_a", PASSWORD, addr="10.9.9.9").status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(client, operator_a, operator_b):
    for n in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, f"guess{n}", "wrong", addr="10.0.0.66")
    assert try_login(client, "op_b", "pw-op_b", addr="10.0.0.66").status_code == 429
    assert try_login(client, "op_a", PASSWORD, addr="10.0.0.7").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, operator_a, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        try_login(client, "op_a", "wrong")
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
    assert try_login(client, "op_a", PASSWORD).status_code == 302


def test_the_client_address_behind_a_proxy_is_the_one_our_proxy_saw(rf, settings):
    from kamitaiou.accounts.throttle import client_ip

    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert client_ip(request) == "10.0.0.1"
    settings.KAMITAIOU_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.5"


# --- password reset and change ----------------------------------------------------------


def test_password_reset_mails_a_link_that_sets_a_new_password(client, operator_a, settings):
    settings.KAMITAIOU_SITE_URL = "https://kamitaiou.example.jp"
    operator_a.email = "op_a@example.jp"
    operator_a.save()
    response = client.post(reverse("password_reset"), {"email": "op_a@example.jp"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "パスワード" in mail.outbox[0].subject
    link = re.search(r"https://kamitaiou\.example\.jp(/password-reset/\S+/)", body)
    assert link, body
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "Kujira-2026-sora", "new_password2": "Kujira-2026-sora"}
    )
    assert done.status_code == 302
    operator_a.refresh_from_db()
    assert operator_a.check_password("Kujira-2026-sora")


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.jp"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_every_user_can_change_their_own_password(client, operator_a):
    client.force_login(operator_a)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Kujira-2026-sora",
            "new_password2": "Kujira-2026-sora",
        },
    )
    assert response.status_code == 302
    operator_a.refresh_from_db()
    assert operator_a.check_password("Kujira-2026-sora")
    assert client.get(reverse("inbox")).status_code == 200  # still signed in


def test_a_weak_new_password_is_a_form_error(client, operator_a):
    client.force_login(operator_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    operator_a.refresh_from_db()
    assert operator_a.check_password(PASSWORD)


@pytest.mark.parametrize("weak", ["short-1", "password123", "12345678901234", "yamada_taro1"])
def test_all_four_password_validators_refuse_weak_passwords(db, weak):
    from kamitaiou.accounts.models import User

    user = User(username="yamada_taro", email="taro@example.jp")
    with pytest.raises(ValidationError):
        validate_password(weak, user)
    validate_password("Kujira-2026-sora", user)


# --- two-factor -------------------------------------------------------------------------


@pytest.mark.two_factor_required
def test_a_supervisor_without_a_device_is_sent_to_set_one_up(client, supervisor_a):
    client.force_login(supervisor_a)
    response = client.get(reverse("inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    setup = client.get(reverse("two_factor_setup"))
    assert setup.status_code == 200
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=supervisor_a, confirmed=False)
    wrong = client.post(reverse("two_factor_setup"), {"token": "000000"})
    assert wrong.status_code == 400
    # django-otp slows guessing down: right after a wrong code even the right one waits.
    assert client.post(reverse("two_factor_setup"), {"token": code_for(device)}).status_code == 400
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    done = client.post(reverse("two_factor_setup"), {"token": code_for(device)})
    assert done.status_code == 302
    assert client.get(reverse("inbox")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


@pytest.mark.two_factor_required
def test_an_enrolled_person_needs_the_code_after_the_password(client, supervisor_a):
    device = enrol_demo_device(supervisor_a)
    response = try_login(client, "sv_a", "pw-sv_a")
    assert response.status_code == 302
    page = client.get(reverse("inbox"))
    assert page["Location"].startswith(reverse("two_factor_verify"))
    assert client.get(reverse("escalations")).status_code == 302
    bad = client.post(reverse("two_factor_verify"), {"token": "12345a"})
    assert bad.status_code == 400
    ok = client.post(reverse("two_factor_verify"), {"token": code_for(device), "next": "/"})
    assert ok.status_code == 302
    assert client.get(reverse("inbox")).status_code == 200


@pytest.mark.two_factor_required
def test_an_htmx_request_before_the_code_gets_nothing(client, supervisor_a):
    enrol_demo_device(supervisor_a)
    try_login(client, "sv_a", "pw-sv_a")
    response = client.get(reverse("today_badge"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert not response.content


@pytest.mark.two_factor_required
def test_two_factor_is_optional_for_an_operator_and_can_be_turned_off(client, operator_a):
    client.force_login(operator_a)
    assert client.get(reverse("inbox")).status_code == 200
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=operator_a)
    client.post(reverse("two_factor_setup"), {"token": code_for(device)})
    assert TOTPDevice.objects.get(user=operator_a).confirmed
    assert client.post(reverse("two_factor_remove")).status_code == 302
    assert not TOTPDevice.objects.filter(user=operator_a).exists()


@pytest.mark.two_factor_required
def test_a_supervisor_cannot_turn_two_factor_off(client, supervisor_a):
    device = enrol_demo_device(supervisor_a)
    try_login(client, "sv_a", "pw-sv_a")
    client.post(reverse("two_factor_verify"), {"token": code_for(device)})
    client.post(reverse("two_factor_remove"))
    assert TOTPDevice.objects.filter(user=supervisor_a, confirmed=True).exists()


def test_the_demo_code_command_refuses_without_debug(supervisor_a, settings):
    enrol_demo_device(supervisor_a)
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("totp_code", "sv_a")


def test_the_demo_code_command_prints_a_valid_code_in_debug(supervisor_a, settings, capsys):
    device = enrol_demo_device(supervisor_a)
    settings.DEBUG = True
    call_command("totp_code", "sv_a")
    assert device.verify_token(capsys.readouterr().out.strip())


# --- session limits ---------------------------------------------------------------------


def _age_session(client, **stamps):
    session = client.session
    for key, seconds_ago in stamps.items():
        session[key] = time.time() - seconds_ago
    session.save()


def test_a_session_idle_for_more_than_thirty_minutes_ends(client, operator_a):
    client.force_login(operator_a)
    _age_session(client, **{sessions.SEEN_AT: 31 * 60})
    response = client.get(reverse("inbox"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_a_session_in_use_ends_at_its_absolute_limit(client, operator_a):
    client.force_login(operator_a)
    _age_session(client, **{sessions.LOGIN_AT: 13 * 3600, sessions.SEEN_AT: 10})
    assert client.get(reverse("inbox")).status_code == 302


def test_a_click_keeps_the_session_alive_but_polling_does_not(client, operator_a):
    client.force_login(operator_a)
    _age_session(client, **{sessions.SEEN_AT: 20 * 60})
    client.get(reverse("today_badge"), HTTP_HX_REQUEST="true")
    assert time.time() - client.session[sessions.SEEN_AT] > 19 * 60
    client.get(reverse("inbox"))
    assert time.time() - client.session[sessions.SEEN_AT] < 60


def test_the_session_cookie_lasts_no_longer_than_the_absolute_limit():
    assert settings.SESSION_COOKIE_AGE == settings.KAMITAIOU_SESSION_MAX_HOURS * 3600
    assert settings.KAMITAIOU_SESSION_IDLE_MINUTES == 30
