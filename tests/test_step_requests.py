"""Requests to the case steps: roles are read anew each time, the page privacy and the
permission module agree, a step's first save locks its draft, the step links are Wagtail's.

What these requests cost in queries is in ``test_query_counts.py``.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from formdata import form_data
from tests.helpers import Gate
from wagtail_meldcode.models import Case, CaseDraft, CaseEvent, MeldcodeStepPage
from wagtail_meldcode.roles import STAFF_GROUP

pytestmark = pytest.mark.django_db

WEIGHING = {
    "suspicion": "yes", "acute_unsafety": "no", "structural_unsafety": "no",
    "reasoning": "Signalen, advies en gesprek wijzen dezelfde kant op.",
    "risk_instrument": "", "risk_result": "",
}


def test_a_removed_role_ends_access_at_the_next_request(staff, client, case_at_step_4):
    """Nothing about roles is kept between requests."""
    url = f"/meldcode/dossiers/{case_at_step_4.reference}/stap/weging/"
    assert client.get(url).status_code == 200
    colleague = User.objects.create_user("collega", password="x" * 16)
    colleague.groups.add(Group.objects.get(name=STAFF_GROUP))
    other = Client()
    other.force_login(colleague)
    assert other.get("/meldcode/dossiers/").status_code == 200

    staff.groups.clear()
    case_at_step_4.owner = colleague
    case_at_step_4.save()
    # Without a group the meldcode page's privacy sends them to the login page.
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    colleague.groups.clear()
    response = other.get("/meldcode/dossiers/")
    assert (response.status_code, response["Location"]) == (
        302, "/accounts/login/?next=/meldcode/dossiers/")


def test_the_page_privacy_still_reads_the_groups(people, client):
    """The groups the permission module reads are the ones the view restriction checks."""
    outsider = User.objects.create_user("stagiair", password="x" * 16)
    client.force_login(outsider)
    step = MeldcodeStepPage.objects.live().get(step_number=1)
    assert client.get(step.url).status_code != 200
    outsider.groups.add(Group.objects.get(name=STAFF_GROUP))
    assert client.get(step.url).status_code == 200


@pytest.fixture
def postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this is about: runs on PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_first_saves_of_a_step_at_once_give_one_conflict(postgres, meldcode, people,
                                                             monkeypatch):
    """The draft row a first save makes is locked: a second save waits for it, then sees
    the version the first wrote."""
    from wagtail_meldcode.wizard import CaseWizard

    owner, coordinator = people["medewerker"], people["aandachtsfunctionaris"]
    case = Case.objects.create(
        meldcode=meldcode, site=meldcode.get_site(),
        owner=owner, coordinator=coordinator, age_group="4-12",
        person_reference="Leerling groep 6", current_step=4,
    )
    url = f"/meldcode/dossiers/{case.reference}/stap/weging/"
    clients = []
    for user in (owner, coordinator):
        client = Client()
        client.force_login(user)
        data = {**form_data(client.get(url).content.decode()),
                **{f"weging-{name}": value for name, value in WEIGHING.items()}}
        clients.append((client, data))

    gate = Gate()
    process_step = CaseWizard.process_step

    def slow_process_step(self, form):
        gate.hold()  # the first save holds the draft's lock here
        return process_step(self, form)

    monkeypatch.setattr(CaseWizard, "process_step", slow_process_step)
    first, second = gate.run(*[
        (lambda client=client, data=data: client.post(url, data)) for client, data in clients])
    assert first.status_code == 302
    assert second.status_code == 200
    assert "Iemand anders heeft deze stap intussen opgeslagen" in second.content.decode()
    assert CaseDraft.objects.get(case=case, step="weging").version == 1
    assert CaseEvent.objects.filter(case=case, action="save_step").count() == 1
    assert CaseEvent.objects.filter(case=case, action="conflict").count() == 1


def test_step_navigation_urls_are_wagtails(staff, client, settings):
    """The step navigation builds its links itself; they are the pages' own URLs."""
    from wagtail_meldcode.models.pages import child_url

    steps = list(MeldcodeStepPage.objects.live().order_by("step_number"))
    content = client.get(steps[2].url).content.decode()
    for step in steps:
        assert f'href="{step.url}"' in content
    assert f'href="{steps[2].get_parent().url}"' in content
    settings.WAGTAIL_APPEND_SLASH = False
    assert child_url("/meldcode/", "stap-1") == "/meldcode/stap-1"
    assert child_url("/", "stap-1") == "/stap-1"
    assert child_url("https://intranet.example/meldcode", "stap-1") == (
        "https://intranet.example/meldcode/stap-1")
