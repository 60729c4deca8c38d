"""Headers and limits (issue #11 item 5): a nonce-based CSP with nothing inline, HSTS and
the SSL redirect when served over TLS, Permissions-Policy, no-store on personal data,
request size limits, and `check --deploy` clean with the production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import make_case

TEMPLATES = Path(__file__).resolve().parents[2] / "kamitaiou"
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)|<style|\son[a-z]+\s*=|\bstyle\s*=|hx-on|js:|javascript:", re.I
)


def csp(response):
    return response["Content-Security-Policy"]


def test_every_page_carries_a_nonce_based_csp_without_unsafe_sources(client, operator_a):
    client.force_login(operator_a)
    response = client.get(reverse("inbox"))
    policy = csp(response)
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    body = response.content.decode()
    for tag in re.findall(r"<script[^>]*>", body):
        assert f'nonce="{nonce}"' in tag


@pytest.mark.parametrize("url", ["/?tab=team", "/search/?q=冷蔵庫", "/reports/?period=last_month"])
def test_the_inbox_search_and_reports_pages_give_every_script_the_nonce(
    client, operator_a, supervisor_a, url
):
    make_case(operator_a, title="冷蔵庫が冷えない")
    client.force_login(supervisor_a)
    response = client.get(url)
    assert response.status_code == 200
    nonce = re.search(r"'nonce-([^']+)'", csp(response)).group(1)
    tags = re.findall(r"<script[^>]*>", response.content.decode())
    executable = [tag for tag in tags if 'type="application/json"' not in tag]
    assert executable
    for tag in executable:
        assert f'nonce="{nonce}"' in tag


def test_each_response_has_its_own_nonce(client, db):
    first = re.search(r"'nonce-([^']+)'", csp(client.get(reverse("login")))).group(1)
    second = re.search(r"'nonce-([^']+)'", csp(client.get(reverse("login")))).group(1)
    assert first != second


def test_htmx_runs_without_eval_or_inline_styles(client, db):
    body = client.get(reverse("login")).content.decode()
    assert '"allowEval": false' in body
    assert '"includeIndicatorStyles": false' in body


def test_no_template_has_an_inline_script_style_or_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE.search(line):
                offenders.append(f"{path.relative_to(TEMPLATES)}:{n}: {line.strip()}")
    assert offenders == []


def test_permissions_policy_switches_off_what_we_never_use(client, db):
    policy = client.get(reverse("login"))["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_pages_with_personal_data_are_not_stored(client, operator_a):
    case = make_case(operator_a)
    client.force_login(operator_a)
    for url in (
        reverse("inbox"),
        reverse("case_detail", args=[case.pk]),
        reverse("customer_detail", args=[case.customer_id]),
        reverse("login"),
    ):
        assert "no-store" in client.get(url)["Cache-Control"], url


def test_the_calendar_feed_is_not_stored(client, operator_a):
    from kamitaiou.followups.models import CalendarFeed

    CalendarFeed.objects.create(user=operator_a, token="t" * 40)
    response = client.get(reverse("calendar_feed", args=["t" * 40]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_large_file_part_on_a_view_that_takes_no_file_is_refused(client, operator_a):
    case = make_case(operator_a)
    client.force_login(operator_a)
    big = b"x" * (2 * 2**20)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("add_interaction", args=[case.pk]),
        {"text": "hello", "direction": "in", "attachment": SimpleUploadedFile("a.bin", big)},
    )
    assert response.status_code == 413
    assert case.interactions.count() == 0


def test_a_request_over_the_upload_ceiling_is_refused_everywhere(client, db, settings):
    settings.KAMITAIOU_MAX_UPLOAD_BYTES = 1000
    response = client.post(
        reverse("login"), data=b"x" * 2000, content_type="application/octet-stream"
    )
    assert response.status_code == 413


def test_a_view_marked_for_uploads_takes_larger_bodies(rf, settings):
    from django.http import HttpResponse

    from kamitaiou.config.headers import HeadersMiddleware, accepts_uploads

    @accepts_uploads
    def upload(request):
        return HttpResponse("ok")

    def plain(request):
        return HttpResponse("ok")

    middleware = HeadersMiddleware(lambda request: HttpResponse("ok"))
    request = rf.post(
        "/x/",
        data=b"x" * (settings.KAMITAIOU_MAX_REQUEST_BYTES + 1),
        content_type="application/octet-stream",
    )
    assert middleware.process_view(request, upload, (), {}) is None
    assert middleware.process_view(request, plain, (), {}).status_code == 413


def test_an_ordinary_form_post_stays_under_the_limit(client, operator_a):
    case = make_case(operator_a)
    client.force_login(operator_a)
    response = client.post(
        reverse("add_interaction", args=[case.pk]),
        {"text": "あ" * 20_000, "direction": "in", "channel": "phone"},
    )
    assert response.status_code != 413


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!Qm2#pV9zL4@rT8wK1&nB6^yH3*eJ5(uF0)sD2_aG7+cX9-vR4=tM8",
    "KAMITAIOU_RECORD_KEY": "r3!Kp8#vQ2zM6@tW1yN5&bH9^eJ4*uF7(sD0)gA3_cX8-",
    "ALLOWED_HOSTS": "kamitaiou.example.co.jp",
    "CSRF_TRUSTED_ORIGINS": "https://kamitaiou.example.co.jp",
    "KAMITAIOU_HTTPS": "1",
    "SECURE_PROXY_SSL_HEADER": "1",
}

# What the test runners set (Playwright needs the async check off); never in production.
TEST_ONLY = {"SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE", "KAMITAIOU_ALLOW_DEV_KEY"}


def _settings_of(env):
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE]))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in TEST_ONLY}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SETTINGS_MODULE": "kamitaiou.config.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_https_turns_on_the_redirect_hsts_and_secure_cookies():
    assert _settings_of(PRODUCTION) == "[true, 31536000, true, true]"


def test_plain_http_development_has_no_redirect_or_hsts():
    assert _settings_of({"DEBUG": "1"}) == "[false, 0, false, false]"


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in TEST_ONLY}
    out = subprocess.run(
        [sys.executable, "-m", "kamitaiou", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean, **PRODUCTION, "KAMITAIOU_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout
