"""The single sign-on log in the Wagtail admin's reports: read only, administrators only."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from wagtail_meldcode.models import SsoEvent

URL = "/admin/reports/meldcode-sso/"


@pytest.fixture
def logged_events(db):
    start = timezone.now() - datetime.timedelta(hours=1)
    SsoEvent.objects.create(username="jan", protocol="saml", issuer="https://idp.example/saml",
                            action="login", at=start)
    SsoEvent.objects.create(username="jan", protocol="saml", issuer="https://idp.example/saml",
                            action="roles", roles_added="Medewerkers (staff_group, Intranet)",
                            at=start + datetime.timedelta(minutes=1))
    SsoEvent.objects.create(protocol="oidc", action="refused", reason="audience",
                            issuer="https://login.example/o",
                            at=start + datetime.timedelta(minutes=2))


@pytest.fixture
def administrator(client, db):
    user = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    client.force_login(user)
    return user


def rows(response):
    return [[str(cell) for cell in (event.get_action_display(), event.username, event.reason)]
            for event in response.context["object_list"]]


def test_an_administrator_reads_the_log_newest_first(client, administrator, logged_events):
    response = client.get(URL)

    assert response.status_code == 200
    assert rows(response) == [["Inloggen geweigerd", "", "audience"],
                              ["Rollen gewijzigd bij het inloggen", "jan", ""],
                              ["Ingelogd via single sign-on", "jan", ""]]
    content = response.content.decode()
    assert "Medewerkers (staff_group, Intranet)" in content
    assert "https://login.example/o" in content


def test_the_log_filters_by_action(client, administrator, logged_events):
    response = client.get(URL, {"action": "refused"})

    assert rows(response) == [["Inloggen geweigerd", "", "audience"]]


def test_the_log_has_no_download(client, administrator, logged_events):
    response = client.get(URL, {"export": "csv"})

    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")


def test_a_coordinator_in_the_admin_may_not_read_the_log(client, people, logged_events):
    client.force_login(people["aandachtsfunctionaris"])

    response = client.get(URL)
    menu = client.get("/admin/").content.decode()

    # Wagtail answers a refusal in its admin with a redirect to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert "/admin/reports/meldcode-sso/" not in menu


def test_the_menu_item_is_an_administrators(client, administrator):
    assert "/admin/reports/meldcode-sso/" in client.get("/admin/").content.decode()
