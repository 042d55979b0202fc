"""What a step page and a case step cost in queries, pinned so that a regression shows.

Each count is listed query by query. A change that adds one fails here: check whether it
is needed, and if it is, update the list with the reason.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from formdata import form_data
from tests.helpers import Gate
from wagtail_meldcode.models import Case, CaseDraft, CaseEvent, MeldcodeStepPage, Weighing
from wagtail_meldcode.roles import STAFF_GROUP

pytestmark = pytest.mark.django_db

#: Every request of a logged-in user who handles case data, before any view runs.
REQUEST = [
    "session",
    "user",
    "two-factor device (django-otp)",
    "user's groups (permissions, also Wagtail's group view restriction)",
    "meldcode settings of the sites where the user has a role (permissions)",
]
#: Wagtail serving a page below the meldcode page: site, routing, view restrictions.
WAGTAIL = [
    "site",
    "home page (specific)",
    "meldcode page",
    "meldcode page (specific)",
    "ancestors' aliases (view restrictions)",
    "view restrictions",
    "groups of the home page's view restriction",
]
#: A published step page: Wagtail up to the meldcode page, then its steps in one query.
STEP_PAGE = [
    *REQUEST,
    *WAGTAIL,
    "the meldcode's step pages, for the route and the step navigation",
    "signal lists in the step's content",
    "their signals",
]
#: A valid POST of step 4 (weighing).
STEP_4_POST = [
    *REQUEST,
    *WAGTAIL,
    "the case, with its weighing",
    "BEGIN (or a savepoint in tests)",
    "the step's draft row, made if missing, locked and read (INSERT ... ON CONFLICT)",
    "the own questions of the meldcode's live step pages, with the case's answers",
    "UPDATE or INSERT the weighing",
    # What the case lacks, for the steps it went past (the weighing was just saved):
    "its signals' forms of violence",
    "its consultations",
    "its conversations",
    "UPDATE the case (its step and incomplete steps)",
    "INSERT the audit event",
    "UPDATE the draft (cleared, version + 1)",
    "COMMIT (or release in tests)",
]

WEIGHING = {
    "suspicion": "yes", "acute_unsafety": "no", "structural_unsafety": "no",
    "reasoning": "Signalen, advies en gesprek wijzen dezelfde kant op.",
    "risk_instrument": "", "risk_result": "",
}


@pytest.fixture
def case_at_step_4(staff, demo):
    return Case.objects.create(
        meldcode=MeldcodeStepPage.objects.first().get_parent().specific, site=demo,
        owner=staff, age_group="4-12", person_reference="Leerling groep 6", current_step=4,
    )


def test_step_page_get(staff, client, django_assert_num_queries):
    step = MeldcodeStepPage.objects.live().get(step_number=1)
    client.get(step.url)  # what is cached across requests (content types, site root paths)
    with django_assert_num_queries(len(STEP_PAGE)):
        response = client.get(step.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="mc-steps__item"') == 5
    assert 'href="tel:0800-2000"' in content


def test_step_4_post(staff, client, case_at_step_4, django_assert_num_queries):
    url = f"/meldcode/dossiers/{case_at_step_4.reference}/stap/weging/"
    data = {**form_data(client.get(url).content.decode()),
            **{f"weging-{name}": value for name, value in WEIGHING.items()}}

    # The first save moves the case to step 5, which ends its "stalled" reminders (one
    # UPDATE); a second save of the step does not move it.
    for version, more in ((0, 1), (1, 0)):
        data["draft_version"] = str(version)
        with django_assert_num_queries(len(STEP_4_POST) + more):
            response = client.post(url, data)
        assert response.status_code == 302
        assert response["Location"].endswith("/stap/besluit/")

    weighing = Weighing.objects.get(case=case_at_step_4)
    assert weighing.reasoning == WEIGHING["reasoning"]
    draft = CaseDraft.objects.get(case=case_at_step_4, step="weging")
    assert (draft.version, draft.data) == (2, None)
    assert CaseEvent.objects.filter(case=case_at_step_4, action="save_step").count() == 2
    # Nothing was recorded in steps 1 to 3, which the case went past.
    assert Case.objects.get(pk=case_at_step_4.pk).incomplete_steps == "1,2,3"


def test_case_step_get(staff, client, case_at_step_4, django_assert_num_queries):
    url = f"/meldcode/dossiers/{case_at_step_4.reference}/stap/weging/"
    client.get(url)
    with django_assert_num_queries(len(REQUEST) + len(WAGTAIL) + 8):
        # the case with its weighing, the audit event, the case's drafts, the meldcode's
        # own questions with the case's answers, the step's guidance page (whose content
        # for step 4 has no signal lists), and for the state of each step in the step bar
        # the case's signals, consultations and conversations
        response = client.get(url)
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert 'href="tel:0800-2000"' in response.content.decode()


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


def test_the_page_privacy_still_reads_the_groups(demo, client):
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
def test_two_first_saves_of_a_step_at_once_give_one_conflict(postgres, demo, monkeypatch):
    """The draft row a first save makes is locked: a second save waits for it, then sees
    the version the first wrote."""
    from wagtail_meldcode.wizard import CaseWizard

    owner = User.objects.get(username="medewerker")
    coordinator = User.objects.get(username="aandachtsfunctionaris")
    case = Case.objects.create(
        meldcode=MeldcodeStepPage.objects.first().get_parent().specific, site=demo,
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
