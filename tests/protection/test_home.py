"""/protection/ itself leads somewhere: the incident list (which asks for a login)."""

from django.urls import reverse


def test_the_protection_root_redirects_to_the_incident_list(client, operator_a):
    client.force_login(operator_a)
    response = client.get("/protection/")
    assert response.status_code == 302
    assert response["Location"] == reverse("protection_incidents")
    assert client.get(response["Location"]).status_code == 200
