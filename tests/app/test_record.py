"""The case record is append-only and hash-chained; tampering is detected."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from kamitaiou.cases.actions import do_add_interaction, do_assign_case
from kamitaiou.cases.models import AppendOnlyError, CaseEvent, Interaction
from kamitaiou.cases.record import verify_case


def add(case, user, text="お電話しました。"):
    return do_add_interaction(
        user, case, direction="out", channel="phone", text=text, occurred_at=timezone.now()
    )


def test_every_change_is_an_event_in_sequence(case_a, operator_a, rep_a):
    add(case_a, operator_a)
    do_assign_case(operator_a, case_a, assignee=rep_a)
    kinds = list(case_a.events.order_by("seq").values_list("seq", "kind"))
    assert kinds == [(1, "created"), (2, "interaction"), (3, "interaction"), (4, "assigned")]
    assert verify_case(case_a) == []


def test_interaction_cannot_be_edited(case_a, operator_a):
    interaction = add(case_a, operator_a)
    interaction.text = "書き換え"
    with pytest.raises(AppendOnlyError):
        interaction.save()


def test_interaction_cannot_be_deleted(case_a, operator_a):
    interaction = add(case_a, operator_a)
    with pytest.raises(AppendOnlyError):
        interaction.delete()
    with pytest.raises(AppendOnlyError):
        Interaction.objects.filter(pk=interaction.pk).delete()


def test_bulk_update_of_the_record_is_refused(case_a):
    with pytest.raises(AppendOnlyError):
        Interaction.objects.filter(case=case_a).update(text="x")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.filter(case=case_a).update(data={})


def test_changed_text_is_detected(case_a, operator_a):
    interaction = add(case_a, operator_a, text="返金には応じられません。")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_interaction SET text = %s WHERE id = %s",
            ["返金いたします。", interaction.pk],
        )
    problems = verify_case(case_a)
    assert any("changed" in p for p in problems)


def test_deleted_event_is_detected(case_a, operator_a):
    add(case_a, operator_a)
    add(case_a, operator_a, text="二件目")
    last = case_a.events.order_by("-seq").first()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_caseevent WHERE id = %s", [last.pk])
    case_a.refresh_from_db()
    assert verify_case(case_a)


def test_verify_command_reports_ok_and_problems(case_a, operator_a, capsys):
    call_command("verify_records")
    assert "OK: 1" in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_caseevent SET data = %s WHERE case_id = %s AND seq = 1",
            ['{"title": "改ざん"}', case_a.pk],
        )
    with pytest.raises(CommandError):
        call_command("verify_records")


def test_admin_offers_no_change_or_delete_of_the_record(client, admin_user, case_a):
    client.force_login(admin_user)
    interaction = case_a.interactions.get()
    assert client.get(f"/admin/cases/interaction/{interaction.pk}/change/").status_code == 200
    body = client.get(f"/admin/cases/interaction/{interaction.pk}/change/").content.decode()
    assert 'name="_save"' not in body
    assert client.post(f"/admin/cases/interaction/{interaction.pk}/delete/").status_code == 403
    assert client.get("/admin/cases/interaction/add/").status_code == 403
    assert client.post(f"/admin/cases/case/{case_a.pk}/delete/").status_code == 403
    assert Interaction.objects.filter(pk=interaction.pk).exists()


def test_non_admin_cannot_enter_admin(client, supervisor_a):
    client.force_login(supervisor_a)
    assert client.get("/admin/").status_code == 302
