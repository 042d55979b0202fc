"""Who may see which case: every case URL, every role (permissions.py)."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.helpers import open_case
from wagtail_meldcode.models import CaseEvent

pytestmark = pytest.mark.django_db

STEPS = ["signalen", "overleg", "gesprek", "weging", "besluit"]


@pytest.fixture
def case(people):
    owner = User.objects.get(username="medewerker")
    client = Client()
    client.force_login(owner)
    case, _wizard = open_case(client)
    return case


def case_urls(reference):
    base = f"/meldcode/dossiers/{reference}/"
    return [base, base + "advies/", *(f"{base}stap/{step}/" for step in STEPS)]


def login_as(username, *groups, superuser=False):
    user = User.objects.create_user(username, password="x" * 16, is_superuser=superuser)
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_login(case):
    client = Client()
    for url in [*case_urls(case.reference), "/meldcode/dossiers/", "/meldcode/dossiers/nieuw/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    # The page privacy answers first, so the attempt never reaches the case.
    assert not CaseEvent.objects.filter(action="denied").exists()


def test_users_without_a_role_get_404_everywhere(case):
    client = login_as("stagiair")
    # Let them past the page privacy, to prove the permission module stops them too.
    PageViewRestriction.objects.all().delete()
    for url in [*case_urls(case.reference), "/meldcode/dossiers/", "/meldcode/dossiers/nieuw/"]:
        assert client.get(url).status_code == 404, url


def test_other_staff_members_get_404_and_the_attempt_is_logged(case):
    client = login_as("collega", "Medewerkers")
    for url in case_urls(case.reference):
        response = client.get(url)
        assert response.status_code == 404, url
        assert case.reference not in response.content.decode()
    denied = CaseEvent.objects.filter(case=case, action="denied", username="collega")
    assert denied.count() == len(case_urls(case.reference))
    assert client.post(case_urls(case.reference)[2], {"save_draft": "1"}).status_code == 404
    listing = client.get("/meldcode/dossiers/")
    assert listing.status_code == 200 and case.reference not in listing.content.decode()


def test_unknown_reference_is_a_404_like_any_other(case):
    client = login_as("collega", "Medewerkers")
    assert client.get("/meldcode/dossiers/MC-BBBB-CCCC/").status_code == 404
    event = CaseEvent.objects.get(case_reference="MC-BBBB-CCCC")
    assert event.action == "denied" and event.case_id is None


@pytest.mark.parametrize("who", ["owner", "assigned", "coordinators_group", "superuser"])
def test_people_with_access_see_every_case_url(case, who):
    if who == "owner":
        client = Client()
        client.force_login(case.owner)
        expected_role = "owner"
    elif who == "assigned":
        client = login_as("af2", "Medewerkers")
        case.coordinator = User.objects.get(username="af2")
        case.save()
        expected_role = "coordinator"
    elif who == "coordinators_group":
        client = Client()
        client.force_login(User.objects.get(username="aandachtsfunctionaris"))
        expected_role = "coordinators_group"
    else:
        client = login_as("root", superuser=True)
        expected_role = "superuser"
    for url in case_urls(case.reference):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    views = CaseEvent.objects.filter(case=case, action="view").exclude(username="medewerker")
    if who != "owner":
        assert set(views.values_list("role", flat=True)) == {expected_role}


def test_csrf_is_enforced_on_case_forms(case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(case.owner)
    response = client.post(f"/meldcode/dossiers/{case.reference}/stap/signalen/",
                           {"save_draft": "1"})
    assert response.status_code == 403
