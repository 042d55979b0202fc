""""Mijn taken": what a staff member has to do, from the database, in constant queries."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.builders import make_person
from tests.test_dossier import text_of
from wagtail_meldcode.models import Case, CaseDraft
from wagtail_meldcode.models.followup import schedule_followup
from wagtail_meldcode.worklist import LIMIT, staff_tasks

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def sanne(roles):
    return make_person("sanne", roles.staff, first_name="Sanne")


def case_of(owner, meldcode, **fields):
    return Case.objects.create(meldcode=meldcode, site=meldcode.get_site(), owner=owner,
                               person_reference="Leerling", age_group="4-12", **fields)


def listed(groups):
    return [(group.title, group.count, [(t.reference, t.route, t.kwargs, t.detail)
                                        for t in group.tasks]) for group in groups]


def test_each_kind_of_task_leads_to_where_it_is_done(sanne, meldcode, client):
    drafting = case_of(sanne, meldcode, current_step=2)
    CaseDraft.objects.create(case=drafting, step="overleg", data={"typed": "half"})
    lacking = case_of(sanne, meldcode, current_step=4, incomplete_steps="2,3")
    helped = case_of(sanne, meldcode, status="help", current_step=5)
    check = schedule_followup(helped, YESTERDAY, 9)
    schedule_followup(helped, YESTERDAY + datetime.timedelta(days=30), 9)  # not due yet
    reported = case_of(sanne, meldcode, status="reported", current_step=5)
    feedback = schedule_followup(reported, YESTERDAY, 9, kind="report_feedback")
    closed = case_of(sanne, meldcode, status="closed", current_step=5)
    CaseDraft.objects.create(case=closed, step="besluit", data={"typed": "x"})
    colleague = User.objects.create_user("olaf")
    other = case_of(colleague, meldcode, incomplete_steps="1")
    CaseDraft.objects.create(case=other, step="signalen", data={"typed": "x"})

    assert listed(staff_tasks(sanne, meldcode)) == [
        ("Maak af wat je typte en niet opsloeg", 1,
         [(drafting.reference, "case_step", {"reference": drafting.reference,
                                             "step": "overleg"}, "stap 2")]),
        ("Vul de stappen aan die een besluit nog nodig heeft", 1,
         [(lacking.reference, "case_step", {"reference": lacking.reference,
                                            "step": "overleg"}, "stap 2, stap 3")]),
        ("Controleer of de hulp werkt", 1,
         [(helped.reference, "followup", {"reference": helped.reference, "pk": check.pk},
           "")]),
        ("Leg de terugkoppeling van Veilig Thuis vast", 1,
         [(reported.reference, "followup", {"reference": reported.reference,
                                            "pk": feedback.pk}, "")]),
    ]

    client.force_login(sanne)
    page = text_of(client.get("/meldcode/dossiers/").content.decode())
    assert (f"Mijn taken Maak af wat je typte en niet opsloeg (1) {drafting.reference} "
            "(stap 2)") in page
    html = client.get("/meldcode/dossiers/").content.decode()
    assert (f'<a href="/meldcode/dossiers/{helped.reference}/controle/{check.pk}/">'
            f"{helped.reference}</a>") in html


def test_nothing_to_do_shows_no_task_list(sanne, meldcode, client):
    case_of(sanne, meldcode)
    assert staff_tasks(sanne, meldcode) == []
    client.force_login(sanne)
    assert "Mijn taken" not in client.get("/meldcode/dossiers/").content.decode()


def queries_for(user, meldcode):
    with CaptureQueriesContext(connection) as queries:
        groups = staff_tasks(user, meldcode)
    return len(queries), groups


def test_the_same_queries_for_a_few_or_many_cases(sanne, meldcode):
    def add_cases(count):
        for _n in range(count):
            case = case_of(sanne, meldcode, current_step=4, incomplete_steps="2")
            CaseDraft.objects.create(case=case, step="weging", data={"typed": "x"})
            schedule_followup(case, YESTERDAY, 9)
            schedule_followup(case, YESTERDAY, 9, kind="report_feedback")

    add_cases(2)
    few, groups = queries_for(sanne, meldcode)
    assert [group.count for group in groups] == [2, 2, 2, 2]
    add_cases(3 * LIMIT)
    many, groups = queries_for(sanne, meldcode)
    assert [(group.count, len(group.tasks)) for group in groups] == [(32, 10)] * 4
    # One query a kind, and a count for each kind that has more than it lists.
    assert (few, many) == (4, 8)


def test_the_coordinator_sees_what_waits_on_the_dashboard_and_in_the_menu(
        sanne, meldcode, client):
    from wagtail_meldcode.models import MeldcodeSettings

    site = meldcode.get_site()
    coordinator = User.objects.create_user("anna", first_name="Anna")
    coordinator.groups.add(MeldcodeSettings.for_site(site).coordinators_group)
    new = case_of(sanne, meldcode)
    waiting = case_of(sanne, meldcode, current_step=5, coordinator=coordinator)
    helped = case_of(sanne, meldcode, status="help", current_step=5, coordinator=coordinator)
    overdue = schedule_followup(helped, YESTERDAY, 9)
    FollowUp = type(overdue)
    FollowUp.objects.filter(pk=overdue.pk).update(escalated_at=timezone.now())
    closed = case_of(sanne, meldcode, status="closed", current_step=5, coordinator=coordinator,
                     purge_warned_on=YESTERDAY)
    case_of(sanne, meldcode, status="closed", coordinator=coordinator)  # nothing to do
    case_of(sanne, meldcode, status="closed", coordinator=coordinator,  # removed already
            purge_warned_on=YESTERDAY, purged_at=timezone.now())

    client.force_login(coordinator)
    page = client.get("/admin/").content.decode()
    # Four things wait: the new case, the decision, the overdue check, the purge.
    assert '"label": "Meldcode (4 taken)"' in page
    assert '"label": "Meldcode-dossiers (4 taken)"' in page
    panel = text_of(page[page.index("Dossiers die aandacht vragen"):])
    head = "Dossier Wat Datum"  # the tables' headings, for screen readers
    assert f"Nieuw, zonder aandachtsfunctionaris (1) {head} {new.reference} " in panel
    assert f"Wachten op een besluit (1) {head} {waiting.reference} " in panel
    assert (f"Inhoud wordt binnenkort verwijderd (1) {head} {closed.reference} Inhoud "
            "wordt binnenkort verwijderd: een vernietigingsstop houdt dat tegen") in panel
    # Each task links to the page where the coordinator acts on it.
    links = re.findall(r'<td class="title"><a href="([^"]+)">(MC-[\w-]+)</a>', page)
    assert links == [
        (f"/meldcode/dossiers/{helped.reference}/controle/{overdue.pk}/", helped.reference),
        (f"/admin/meldcode_cases/{new.pk}/dossier/toewijzen/", new.reference),
        (f"/admin/meldcode_cases/{waiting.pk}/dossier/", waiting.reference),
        (f"/admin/meldcode_cases/{closed.pk}/dossier/vernietigingsstop/", closed.reference),
    ]

    client.force_login(sanne)  # staff: no admin menu of the meldcode, no count
    assert "taken)" not in client.get("/meldcode/dossiers/").content.decode()


def test_the_menu_count_takes_the_same_queries_for_few_or_many_cases(sanne, meldcode):
    from wagtail_meldcode.models import MeldcodeSettings
    from wagtail_meldcode.worklist import coordinator_task_count

    coordinator = User.objects.create_user("anna")
    coordinator.groups.add(MeldcodeSettings.for_site(meldcode.get_site()).coordinators_group)

    def count():
        user = User.objects.get(pk=coordinator.pk)  # a new request's user
        with CaptureQueriesContext(connection) as queries:
            value = coordinator_task_count(user)
            coordinator_task_count(user)  # asked again in the same request: no query
        return value, len(queries)

    case_of(sanne, meldcode)
    assert count() == (1, 4)
    for _n in range(40):
        case_of(sanne, meldcode, current_step=5)
    # The user's groups, the coordinated sites, the cases, the follow-ups.
    assert count() == (81, 4)
