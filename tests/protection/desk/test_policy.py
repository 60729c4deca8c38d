"""The company policy: an admin publishes versions; each staff member acknowledges each
version once (a banner until they do); the admin sees who has not."""

import pytest
from django.urls import reverse

from kamitaiou.protection.desk_models import PolicyAcknowledgement, PolicyVersion
from kamitaiou.protection.policy import do_publish_policy, not_acknowledged

pytestmark = pytest.mark.django_db

FORM = {"title": "基本方針", "policy_text": "従業員を守ります。", "handbook_text": "1. 警告する"}


def publish(admin, **fields):
    return do_publish_policy(admin, **{**FORM, **fields})


def test_an_admin_publishes_numbered_versions_in_the_app(client, admin_user):
    client.force_login(admin_user)
    assert client.post(reverse("policy_manage"), FORM).status_code == 302
    assert (
        client.post(reverse("policy_manage"), {**FORM, "change_note": "第2版"}).status_code == 302
    )
    assert list(PolicyVersion.objects.values_list("number", flat=True)) == [2, 1]
    page = client.get(reverse("policy_manage")).content.decode()
    assert "第2版" in page and "第1版" in page


def test_only_an_admin_publishes_and_manages(
    client, operator_a, supervisor_a, desk_user, admin_user
):
    version = publish(admin_user)
    for person in (operator_a, supervisor_a, desk_user):
        client.force_login(person)
        assert client.get(reverse("policy_manage")).status_code == 404
        assert client.post(reverse("policy_manage"), FORM).status_code == 404
        assert client.get(reverse("policy_pending", args=[version.pk])).status_code == 404
    assert PolicyVersion.objects.count() == 1


def test_bad_input_is_a_form_error(client, admin_user):
    client.force_login(admin_user)
    assert client.post(reverse("policy_manage"), {**FORM, "title": ""}).status_code == 400
    assert client.post(reverse("policy_manage"), {**FORM, "title": "x" * 201}).status_code == 400
    assert not PolicyVersion.objects.exists()


def test_the_banner_shows_until_the_person_acknowledges_and_a_new_version_asks_again(
    client, operator_a, admin_user
):
    client.force_login(operator_a)
    assert "policy-banner" not in client.get(reverse("policy_banner")).content.decode()
    first = publish(admin_user)
    assert "第1版" in client.get(reverse("policy_banner")).content.decode()
    assert client.post(reverse("policy_acknowledge", args=[first.pk])).status_code == 302
    assert client.post(reverse("policy_acknowledge", args=[first.pk])).status_code == 302  # once
    assert PolicyAcknowledgement.objects.filter(user=operator_a).count() == 1
    assert "policy-banner" not in client.get(reverse("policy_banner")).content.decode()
    assert "確認済み" in client.get(reverse("policy_current")).content.decode()
    second = publish(admin_user, change_note="警告の文言を追加")
    assert "第2版" in client.get(reverse("policy_banner")).content.decode()
    # acknowledging an old version does not count for the new one
    client.post(reverse("policy_acknowledge", args=[first.pk]))
    assert operator_a in not_acknowledged(second)


def test_the_admin_sees_who_has_not_acknowledged(client, operator_a, rep_a, admin_user):
    version = publish(admin_user)
    client.force_login(rep_a)
    client.post(reverse("policy_acknowledge", args=[version.pk]))
    client.force_login(admin_user)
    page = client.get(reverse("policy_pending", args=[version.pk])).content.decode()
    assert "op_a" in page and "rep_a" not in page
    manage = client.get(reverse("policy_manage")).content.decode()
    assert "2人 / 3人" in manage  # op_a and the admin have not; rep_a has


def test_the_policy_pages_reject_the_wrong_method_and_missing_versions(
    client, operator_a, admin_user
):
    client.force_login(operator_a)
    assert client.post(reverse("policy_current")).status_code == 405
    assert client.post(reverse("policy_banner")).status_code == 405
    assert client.get(reverse("policy_acknowledge", args=[1])).status_code == 405
    assert client.post(reverse("policy_acknowledge", args=[999])).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("policy_pending", args=[999])).status_code == 404


def test_every_page_loads_the_banner_without_a_query_of_its_own(client, operator_a):
    client.force_login(operator_a)
    page = client.get(reverse("checkin_list")).content.decode()
    assert reverse("policy_banner") in page
