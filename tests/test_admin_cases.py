"""The coordinator's case listing in the Wagtail admin."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail_meldcode.models import Case, FollowUp, MeldcodePage, Signal

pytestmark = pytest.mark.django_db

URL = "/admin/meldcode_cases/"


@pytest.fixture
def coordinator(demo, client):
    user = User.objects.get(username="aandachtsfunctionaris")
    client.force_login(user)
    return user


def make_cases(count, start=0, **fields):
    meldcode = MeldcodePage.objects.get()
    owner = User.objects.get(username="medewerker")
    return Case.objects.bulk_create(
        Case(meldcode=meldcode, site=meldcode.get_site(), owner=owner, age_group="4-12",
             person_reference=f"Leerling {n}", reference=f"MC-LIST-{n:04d}", **fields)
        for n in range(start, start + count)
    )


def test_coordinators_see_every_case_of_their_site_own_first(coordinator, client):
    make_cases(3)
    Case.objects.filter(reference="MC-LIST-0001").update(coordinator=coordinator)
    content = client.get(URL).content.decode()
    for reference in Case.objects.values_list("reference", flat=True):
        assert reference in content
    assert content.index("MC-LIST-0001") < content.index("MC-LIST-0000")
    assert content.index("MC-LIST-0001") < content.index("MC-LIST-0002")
    # The case opens on its own page, which checks access and logs the read.
    assert 'href="/meldcode/dossiers/MC-LIST-0001/"' in content


def test_the_listing_shows_no_case_content(coordinator, client):
    content = client.get(URL).content.decode()
    for case in Case.objects.all():
        assert case.person_reference not in content


@pytest.mark.parametrize("username", ["medewerker", "beheerder"])
def test_others_do_not_get_the_listing(demo, client, username):
    client.force_login(User.objects.get(username=username))
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert "Meldcode-dossiers" not in client.get("/admin/").content.decode()


def test_the_menu_item_for_coordinators(coordinator, client):
    assert "Meldcode-dossiers" in client.get("/admin/").content.decode()


def test_filters_and_search(coordinator, client):
    make_cases(3)
    target = Case.objects.get(reference="MC-LIST-0002")
    Signal.objects.create(case=target, description="x", observed_on=timezone.localdate(),
                          form_of_violence="honour_related_violence")
    FollowUp.objects.create(case=target, due_on=timezone.localdate(), due_at=timezone.now(),
                            reminded_at=timezone.now(), escalated_at=timezone.now())
    for params in ({"form_of_violence": "honour_related_violence"}, {"overdue": "true"},
                   {"q": "LIST-0002"}):
        content = client.get(URL, params).content.decode()
        assert "MC-LIST-0002" in content, params
        assert "MC-LIST-0001" not in content, params


def test_no_editing_in_the_admin(coordinator, client):
    case = make_cases(1)[0]
    assert client.get(f"{URL}edit/{case.pk}/").status_code in (302, 403)
    assert client.post(f"{URL}delete/{case.pk}/").status_code in (302, 403)
    assert Case.objects.filter(pk=case.pk).exists()


def test_queries_do_not_grow_with_the_number_of_cases(coordinator, client):
    def count():
        client.get(URL)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    make_cases(5)
    few = count()
    make_cases(120, start=5, status="help")
    Case.objects.filter(reference__startswith="MC-LIST").update(coordinator=coordinator)
    assert count() == few
