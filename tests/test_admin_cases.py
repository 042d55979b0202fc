"""The coordinator's case listing in the Wagtail admin."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.builders import make_listing_cases
from tests.helpers import act
from tests.helpers import admin_case_url as admin_url
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.encryption import search_hash
from wagtail_meldcode.models import Case, CaseEvent, FollowUp, MeldcodePage, Signal

pytestmark = pytest.mark.django_db

URL = "/admin/meldcode_cases/"


@pytest.fixture
def coordinator(people, client):
    user = User.objects.get(username="aandachtsfunctionaris")
    client.force_login(user)
    return user


def make_cases(count, start=0, **fields):
    meldcode = MeldcodePage.objects.get()
    owner = User.objects.get(username="medewerker")
    return Case.objects.bulk_create(
        Case(meldcode=meldcode, site=meldcode.get_site(), owner=owner, age_group="4-12",
             person_reference=f"Leerling {n}", reference=f"MC-LIST-{n:04d}",
             person_reference_hash=search_hash(f"Leerling {n}"), **fields)
        for n in range(start, start + count)
    )


def test_open_cases_by_default_closed_ones_when_asked(coordinator, client):
    make_cases(2)
    make_cases(1, start=2, status=CaseStatus.CLOSED)
    make_cases(1, start=3, status=CaseStatus.REPORTED_AND_HELP)
    case = Case.objects.get(reference="MC-LIST-0001")
    content = client.get(URL).content.decode()
    assert sorted(listed(client.get(URL))) == ["MC-LIST-0000", "MC-LIST-0001", "MC-LIST-0003"]
    assert f'href="/admin/meldcode_cases/{case.pk}/dossier/"' in content
    # The default is the filter's empty choice, shown as such; "all" is a choice of its own.
    select = content[content.index('name="status"'):].split("</select>")[0]
    assert '<option value="" selected>Open (elke status behalve afgesloten)</option>' in select
    assert '<option value="all">Alle, ook de afgesloten</option>' in select
    assert sorted(listed(client.get(URL, {"status": "all"}))) == [
        "MC-LIST-0000", "MC-LIST-0001", "MC-LIST-0002", "MC-LIST-0003"]
    assert listed(client.get(URL, {"status": "closed"})) == ["MC-LIST-0002"]
    assert listed(client.get(URL, {"status": "reported_help"})) == ["MC-LIST-0003"]


def test_the_listing_shows_the_pseudonym_and_no_other_content(coordinator, client,
                                                              helped_case):
    helped_case.person_name = "Sem de Boer"
    helped_case.save()
    content = client.get(URL).content.decode()
    assert "Leerling groep 7, S." in content
    assert "Sem de Boer" not in content
    assert "Vertelt dat ouders elke avond hard ruziemaken." not in content


@pytest.mark.parametrize("username", ["medewerker", "beheerder"])
def test_others_do_not_get_the_listing(people, client, username):
    client.force_login(User.objects.get(username=username))
    response = client.get(URL)
    # Staff have no admin access: the admin's login page. An editor has: the admin's
    # "no permission", a redirect to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == {"medewerker": f"/admin/login/?next={URL}",
                                    "beheerder": "/admin/"}[username]
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
    # The admin's "no permission": back to the dashboard.
    for response in (client.get(f"{URL}edit/{case.pk}/"),
                     client.post(f"{URL}delete/{case.pk}/")):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert Case.objects.filter(pk=case.pk).exists()


# The listing's query count, from 10 to 10,000 cases: tests/test_evaluation.py.


def listed(response):
    """The references of the cases on a listing page, in the order shown."""
    assert response.status_code == 200
    return [case.reference for case in response.context["page_obj"].object_list]


def test_the_default_order(coordinator, client, meldcode):
    expected = make_listing_cases(meldcode, User.objects.get(username="medewerker"),
                                  coordinator)
    assert listed(client.get(URL)) == expected


#: The kinds of cases of the listing's default order, as ``make_cases`` fields and the
#: follow-up they get (None, or escalated: overdue); closed ones are not listed.
KINDS = [
    ({}, None),  # unassigned
    ({"status": CaseStatus.HELP, "current_step": 5}, "overdue"),
    ({"incomplete_steps": "2", "current_step": 3}, None),
    ({"current_step": 5}, None),  # waiting for a decision
    ({"current_step": 2}, None),
    ({"status": CaseStatus.CLOSED, "current_step": 5}, None),
]


def test_action_first_across_pages(coordinator, client):
    now = timezone.now()
    cases = []
    for n in range(120):
        fields, followup = KINDS[n % len(KINDS)]
        assigned = {} if n % len(KINDS) == 0 else {"coordinator": coordinator}
        case = make_cases(1, start=n, **fields, **assigned)[0]
        case.updated_at = now - datetime.timedelta(minutes=(n * 37) % 120)
        case.rank = n % len(KINDS)
        cases.append(case)
        if followup:
            FollowUp.objects.create(case=case, due_on=now.date(), due_at=now,
                                    reminded_at=now, escalated_at=now)
    Case.objects.bulk_update(cases, ["updated_at"])
    expected = [
        case.reference for case in sorted(
            (case for case in cases if case.status != CaseStatus.CLOSED),
            key=lambda case: (case.rank, -case.updated_at.timestamp(), -case.pk),
        )
    ]
    shown = []
    for page in (1, 2):
        shown += listed(client.get(URL, {"p": page}))
    assert shown == expected
    assert len(shown) == 100


def test_the_overdue_mark_is_on_the_overdue_cases(coordinator, client):
    overdue, other = make_cases(2)
    for case, escalated in ((overdue, timezone.now()), (other, None)):
        FollowUp.objects.create(case=case, due_on=timezone.localdate(), due_at=timezone.now(),
                                reminded_at=timezone.now(), escalated_at=escalated)
    rows = {case.reference: case.overdue
            for case in client.get(URL).context["page_obj"].object_list}
    assert rows[overdue.reference] and not rows[other.reference]
    content = client.get(URL).content.decode()
    row = content[content.index(overdue.reference):].split("</tr>")[0]
    assert "verlopen" in row
    row = content[content.index(other.reference):].split("</tr>")[0]
    assert "verlopen" not in row


def test_owner_filter_takes_part_of_a_name(coordinator, client):
    make_cases(2)
    owner = User.objects.create_user("pietje", first_name="Pietje", last_name="Puk")
    owner.groups.add(*User.objects.get(username="medewerker").groups.all())
    make_cases(1, start=10)
    Case.objects.filter(reference="MC-LIST-0010").update(owner=owner)
    for words in ("puk", "Pietje Puk", "pietj"):
        assert listed(client.get(URL, {"owner": words})) == ["MC-LIST-0010"], words
    assert listed(client.get(URL, {"owner": "pietje jansen"})) == []
    content = client.get(URL, {"owner": "puk"}).content.decode()
    assert 'name="owner" value="puk"' in content


def test_coordinator_filter_offers_the_sites_coordinators(coordinator, client):
    make_cases(3)
    Case.objects.filter(reference="MC-LIST-0001").update(coordinator=coordinator)
    staff = User.objects.get(username="medewerker")
    content = client.get(URL).content.decode()
    select = content[content.index('name="coordinator"'):].split("</select>")[0]
    assert f'value="{coordinator.pk}"' in select
    assert f'value="{staff.pk}"' not in select
    assert "Niet toegewezen" in select

    assert listed(client.get(URL, {"coordinator": coordinator.pk}))[0] == "MC-LIST-0001"
    unassigned = listed(client.get(URL, {"coordinator": "null"}))
    assert sorted(unassigned) == sorted(
        Case.objects.filter(coordinator__isnull=True).values_list("reference", flat=True))


def test_explicit_orders_page_without_gaps(coordinator, client):
    make_cases(60, current_step=2)
    shown = []
    for page in (1, 2):
        shown += listed(client.get(URL, {"ordering": "current_step", "p": page}))
    assert sorted(shown) == sorted(Case.objects.values_list("reference", flat=True))


# The case view and its actions ------------------------------------------------------------


@pytest.fixture
def case(coordinator, helped_case):
    return helped_case


def test_the_case_view_shows_the_record_and_logs_the_read(coordinator, client, case):
    content = client.get(admin_url(case)).content.decode()
    assert "Vertelt dat ouders elke avond hard ruziemaken." in content
    assert "Chronologie" in content
    assert CaseEvent.objects.filter(case=case, action="view", username=coordinator.username,
                                    role="coordinator").exists()


def test_assign_transfer_advise_reopen_and_close(coordinator, client, case):
    other_coordinator = User.objects.create_user("af2", email="af2@example.org")
    other_coordinator.groups.add(*coordinator.groups.all())
    new_owner = User.objects.create_user("opvolger", email="o@example.org")
    new_owner.groups.add(*User.objects.get(username="medewerker").groups.all())

    assert act(client, case, "toewijzen", coordinator=other_coordinator.pk).status_code == 302
    assert act(client, case, "overdragen", owner=new_owner.pk).status_code == 302
    assert act(client, case, "advies", advice="Bel Veilig Thuis voor advies.").status_code == 302
    assert act(client, case, "heropenen", step=3).status_code == 302
    case.refresh_from_db()
    assert case.coordinator == other_coordinator and case.owner == new_owner
    assert case.current_step == 3
    advice = [c.advice for c in case.consultations.filter(with_whom="coordinator")]
    assert "Bel Veilig Thuis voor advies." in advice

    response = act(client, case, "afsluiten", reason="")
    assert response.status_code == 200 and "Dit is een verplicht veld" in response.content.decode()
    closed = act(client, case, "afsluiten", reason="Hulp afgerond, geen zorgen meer.")
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.is_closed and case.close_reason == "Hulp afgerond, geen zorgen meer."
    assert not case.followups.filter(status="pending").exists()
    actions = list(CaseEvent.objects.filter(case=case, username=coordinator.username)
                   .values_list("action", flat=True))
    for action in ("assign", "transfer", "advice", "reopen", "close"):
        assert action in actions


def test_assign_and_transfer_offer_the_active_people_of_the_site(coordinator, client, case):
    from wagtail_meldcode.forms.coordinator import AssignCoordinatorForm, TransferForm

    staff = User.objects.get(username="medewerker")
    left = User.objects.create_user("vertrokken", first_name="Oud", last_name="Collega",
                                    is_active=False)
    left.groups.add(*coordinator.groups.all())
    User.objects.create_user("buitenstaander")  # in no role group
    coordinators = AssignCoordinatorForm(case=case).fields["coordinator"].queryset
    owners = TransferForm(case=case).fields["owner"].queryset
    assert list(coordinators.values_list("username", flat=True)) == [coordinator.username]
    # Everyone of the site's staff and coordinators groups, but the owner.
    assert sorted(owners.values_list("username", flat=True)) == [coordinator.username]
    assert case.owner == staff


def test_the_case_view_is_for_coordinators_only(helped_case, client):
    case = helped_case
    owner = User.objects.get(username="medewerker")
    owner.groups.add(*User.objects.get(username="beheerder").groups.all())  # admin access
    client.force_login(owner)
    assert client.get(admin_url(case)).status_code == 404
    assert act(client, case, "afsluiten", reason="x").status_code == 404
    case.refresh_from_db()
    assert not case.is_closed
    assert CaseEvent.objects.filter(case=case, action="denied", username="medewerker").exists()


@pytest.mark.parametrize("username", ["medewerker", "stagiair"])
def test_without_admin_access_the_admin_sends_to_its_login_and_the_attempt_is_logged(
        helped_case, client, username):
    """Wagtail refuses them before the app's views run; the attempt is logged all the same,
    as the view logs a refusal: once per URL, in the role they have on the case."""
    user = User.objects.filter(username=username).first() or User.objects.create_user(username)
    client.force_login(user)
    urls = [admin_url(helped_case), f"{URL}{helped_case.pk}/toegang/",
            f"{URL}{helped_case.pk}/toegang/csv/", f"{URL}999999/dossier/",
            "/admin/meldcode_evaluation/", URL]
    for url in urls:
        response = client.get(url, REMOTE_ADDR="192.0.2.7")
        assert (response.status_code, response["Location"]) == (
            302, f"/admin/login/?next={url}")
    role = {"medewerker": "owner", "stagiair": "outsider"}[username]
    case = (helped_case.pk, helped_case.reference, username, role, "denied", None, "192.0.2.7")
    assert list(CaseEvent.objects.order_by("pk").values_list(
        "case", "case_reference", "username", "role", "action", "step", "ip_address")) == [
        case, case, case,
        (None, "999999", username, "outsider", "denied", None, "192.0.2.7"),
        (None, "evaluation", username, "outsider", "denied", None, "192.0.2.7"),
    ]


ACTIONS = {
    "toewijzen": {"coordinator": ""}, "overdragen": {"owner": ""},
    "advies": {"advice": "Advies"}, "heropenen": {"step": 2}, "afsluiten": {"reason": "Afgerond"},
}


@pytest.mark.parametrize("username,granted", [
    ("aandachtsfunctionaris", True), ("root", True), ("medewerker", False),
    ("beheerder", False),
])
def test_role_matrix_over_every_admin_url_and_action(helped_case, client, username, granted):
    if username == "root":
        User.objects.create_superuser("root", "root@example.org", "x")
    user = User.objects.get(username=username)
    client.force_login(user)
    case = helped_case
    events = CaseEvent.objects.filter(username=username)

    role = {"aandachtsfunctionaris": "coordinator", "root": "superuser"}.get(username)
    url = admin_url(case)

    listing = client.get(URL)
    view = client.get(url)
    answers = [act(client, case, action, **data) for action, data in ACTIONS.items()]
    case.refresh_from_db()
    logged = list(events.order_by("pk").values_list("action", "role"))
    if granted:
        assert (listing.status_code, view.status_code) == (200, 200)
        # The empty choices (assign, transfer) are refused with a message on the page;
        # the others act, log and lead back to the dossier.
        assert [r.status_code for r in answers] == [200, 200, 302, 302, 302]
        assert {r["Location"] for r in answers[2:]} == {url}
        assert logged == [(action, role) for action in ("view", "advice", "reopen", "close")]
        assert case.is_closed
    elif username == "medewerker":
        # No admin access at all: Wagtail's admin door sends staff to its login page
        # before any view of ours runs; the dossier and each action are logged as denied
        # all the same, in the role they have on the case (its owner).
        for response in (listing, view, *answers):
            assert response.status_code == 302
            assert response["Location"] == f"/admin/login/?next={response.request['PATH_INFO']}"
        assert logged == [("denied", "owner")] * 6
        assert not case.is_closed
    else:
        # An editor is past the admin door: the listing is "no permission" (back to the
        # dashboard); the dossier and each action are a 404 and a logged denial.
        assert (listing.status_code, listing["Location"]) == (302, "/admin/")
        assert [r.status_code for r in (view, *answers)] == [404] * 6
        assert logged == [("denied", "outsider")] * 6
        assert not case.is_closed


def cells(content, reference):
    """The texts of the cells of the listing's row of case ``reference``."""
    at = content.index(reference)
    row = content[content.rindex("<tr", 0, at):].split("</tr>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]


def test_the_columns(coordinator, client, helped_case):
    case = helped_case
    Signal.objects.create(case=case, description="x", observed_on=timezone.localdate(),
                          form_of_violence="physical_abuse")
    Signal.objects.create(case=case, description="y", observed_on=timezone.localdate())
    Case.objects.filter(pk=case.pk).update(incomplete_steps="2,3")
    case.followups.update(due_on=datetime.date(2030, 3, 5))
    FollowUp.objects.create(case=case, due_on=datetime.date(2030, 1, 9), due_at=timezone.now(),
                            status="done")
    other = make_cases(1, coordinator=coordinator)[0]
    FollowUp.objects.create(case=other, due_on=datetime.date(2030, 2, 1), due_at=timezone.now(),
                            reminded_at=timezone.now(), escalated_at=timezone.now())
    content = client.get(URL).content.decode()
    headers = [" ".join(re.sub(r"<[^>]+>", " ", th).split())
               for th in re.findall(r"<th[^>]*>(.*?)</th>",
                                    content.split("<thead>")[1].split("</thead>")[0],
                                    re.DOTALL)]
    assert headers == ["Dossier", "Pseudoniem", "Leeftijdsgroep", "Vormen van geweld", "Status",
                       "Stap", "Eigenaar", "Aandachtsfunctionaris", "Volgende controle"]
    assert cells(content, case.reference) == [
        case.reference, "Leerling groep 7, S.", "4 tot 12 jaar",
        "Lichamelijke mishandeling, Getuige van huiselijk geweld",
        "Hulp wordt gevolgd", "5 (onvolledig: stappen 2, 3)", "Sanne de Vries",
        "Jeroen Bakker", "5-3-2030",
    ]
    assert cells(content, other.reference) == [
        other.reference, "Leerling 0", "4 tot 12 jaar", "", "In behandeling", "1",
        "Sanne de Vries", "Jeroen Bakker", "1-2-2030, verlopen",
    ]
