"""/protection/ itself leads somewhere: the incident list (which asks for a login)."""

from django.urls import reverse


def test_the_protection_root_redirects_to_the_incident_list(client, operator_a):
    client.force_login(operator_a)
    response = client.get("/protection/")
    assert response.status_code == 302
    assert response["Location"] == reverse("protection_incidents")
    assert client.get(response["Location"]).status_code == 200


def test_the_report_names_its_month_and_labels_every_figure_for_a_narrow_screen(
    client, supervisor_a
):
    from django.utils import timezone

    client.force_login(supervisor_a)
    page = client.get(reverse("protection_report")).content.decode()
    assert f'value="{timezone.localdate():%Y-%m}"' in page
    assert 'data-label="' in page
    assert "<td>" not in page.split('id="protection-report"')[1].split("</table>")[0]
