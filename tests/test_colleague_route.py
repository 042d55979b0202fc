"""A worry about a colleague: the legal route of each sector, who sees it, its deadlines."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests import builders
from tests.helpers import (
    Wizard,
    admin_case_url,
    day,
    errors,
    open_case,
    open_colleague_case,
    published,
)
from tests.test_dossier import pdf_text
from wagtail_meldcode import colleague, lifecycle, notices, retention
from wagtail_meldcode.choices import AgeGroup, CaseKind, CaseStatus
from wagtail_meldcode.evaluation import evaluate
from wagtail_meldcode.models import (
    Case,
    CaseEvent,
    CaseNotice,
    ColleagueStep,
    FollowUp,
    MeldcodeSettings,
    MeldcodeStepPage,
    ReminderDelivery,
)
from wagtail_meldcode.models.followup import DUE_TIME_ZONE, DeliveryStage, FollowUpStatus
from wagtail_meldcode.reminders import deliver, dispatch

pytestmark = pytest.mark.django_db

#: What each step of the routes asks, filled in as a person would.
STEP_DATA = {
    "gezien": {"observed": "Zag hoe de invaller een leerling hardhandig vastpakte.",
               "observed_on": day(-3), "observed_by": "Ikzelf"},
    "bestuur": {"informed_on": day(-2), "informed_whom": "R. Smit, bestuurder",
                "how": "phone"},
    "inspecteur": {"consulted_on": day(-2), "inspector": "",
                   "advice": "Het gesprek geeft een redelijk vermoeden.",
                   "reasonable_suspicion": "yes"},
    "melding": {"reported_on": day(-2), "reference": "IGJ-2026-0042", "response": ""},
    "aangifte": {"police_report": "yes", "reasoning": "Redelijk vermoeden na overleg.",
                 "reported_on": day(0)},
    "informeren": {"informed": "yes", "informed_on": day(-1),
                   "how": "Gesprek met beide ouders; zij waren geschokt."},
    "maatregelen": {"measures": "De invaller is op non-actief gesteld."},
}

ROUTES = {
    "onderwijs": ["gezien", "bestuur", "inspecteur", "aangifte", "informeren", "maatregelen"],
    "kinderopvang": ["gezien", "bestuur", "inspecteur", "aangifte", "informeren",
                     "maatregelen"],
    "gezondheidszorg": ["gezien", "bestuur", "melding", "aangifte", "informeren",
                        "maatregelen"],
    "jeugdhulp": ["gezien", "bestuur", "melding", "aangifte", "informeren", "maatregelen"],
    "maatschappelijke_ondersteuning": ["gezien", "bestuur", "melding", "aangifte",
                                       "informeren", "maatregelen"],
}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def make_user(username, *groups, superuser=False):
    user = User.objects.create_user(username, email=f"{username}@example.org",
                                    is_superuser=superuser)
    user.groups.add(*groups)
    return user


@pytest.mark.parametrize("sector", sorted(ROUTES))
def test_each_sector_walks_its_route_to_the_end_over_http(home, sector):
    meldcode = builders.install_meldcode(home, sector)
    people = builders.make_people(builders.give_roles(meldcode))
    reporter = client_for(people["medewerker"])
    board = Wizard(client_for(people["bestuurder"]), None)
    case, wizard = open_colleague_case(reporter)
    board.reference = case.reference
    assert (case.kind, case.status, case.coordinator) == (CaseKind.COLLEAGUE, "open", None)

    slugs = ROUTES[sector]
    assert [step.slug for step in colleague.route_for(sector).steps] == slugs
    for number, slug in enumerate(slugs, start=1):
        by = wizard if colleague.route_for(sector).step(slug).actor == colleague.REPORTER \
            else board
        response = by.post(slug, STEP_DATA[slug])
        assert response.status_code == 302, errors(response)
        following = (f"stap/{slugs[number]}/" if number < len(slugs) else "")
        assert response["Location"] == f"/meldcode/dossiers/{case.reference}/{following}"

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    assert list(case.colleague_steps.values_list("step", flat=True)) == slugs
    saved = case.events.filter(action="save_step").order_by("at", "pk")
    assert [(e.step, e.role) for e in saved] == [
        (n, "owner" if n <= 2 else "board") for n in range(1, len(slugs) + 1)]
    assert case.events.filter(action="close", role="board").count() == 1
    assert not FollowUp.objects.filter(case=case, status=FollowUpStatus.PENDING).exists()
    # The dossier holds what each step recorded, on the case page and in the PDF.
    page = board.client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert "De invaller is op non-actief gesteld." in page
    assert "J. de Boer, groepsleerkracht" in page
    pdf = pdf_text(board.client.get(f"/meldcode/dossiers/{case.reference}/pdf/"))
    for text in ("J. de Boer, groepsleerkracht", "De invaller is op non-actief gesteld.",
                 f"Stap {len(slugs)}: Genomen maatregelen"):
        assert text in pdf, text
    assert case.events.filter(action="export", role="board").count() == 1


@pytest.fixture
def board_people(people, roles):
    coordinators = Group.objects.get(name="Aandachtsfunctionarissen")
    # The colleague concerned sits in the board group and the coordinators group.
    colleague_user = make_user("collega", roles.staff, roles.board, coordinators)
    return {**people, "collega": colleague_user}


def test_who_sees_a_worry_about_a_colleague(board_people, roles):
    case, _wizard = open_colleague_case(client_for(board_people["medewerker"]))
    other = make_user("bestuurslid", roles.board)
    superuser = make_user("admin", superuser=True)
    base = f"/meldcode/dossiers/{case.reference}/"
    case_urls = [base, base + "pdf/", *(f"{base}stap/{slug}/" for slug in ROUTES["onderwijs"])]
    for user, expected, role in [
        (board_people["medewerker"], 200, "owner"),
        (other, 200, "board"),
        (superuser, 200, "superuser"),
        (board_people["aandachtsfunctionaris"], 404, "outsider"),
        (make_user("andere", roles.staff), 404, "outsider"),
        (board_people["beheerder"], 404, "outsider"),
    ]:
        client = client_for(user)
        for url in case_urls:
            assert client.get(url).status_code == expected, (user.username, url)
        logged = CaseEvent.objects.filter(user=user, case=case)
        assert set(logged.values_list("role", flat=True)) == {role}, user.username
        action = "denied" if expected == 404 else None
        assert logged.filter(action="denied").count() == (len(case_urls) if action else 0)
    # Management does not pass the intranet's page privacy, as for every case.
    management = client_for(board_people["leidinggevende"])
    assert management.get(base)["Location"] == f"/accounts/login/?next={base}"
    # The coordinators' workspace does not have it, not even for a superuser.
    assert client_for(superuser).get(admin_case_url(case)).status_code == 404


def test_the_colleague_concerned_never_sees_the_case(board_people, roles):
    colleague_user = board_people["collega"]
    case, _wizard = open_colleague_case(client_for(board_people["medewerker"]),
                                        colleague=colleague_user)
    followup = case.followups.get()
    base = f"/meldcode/dossiers/{case.reference}/"
    urls = [base, base + "pdf/", base + "advies/", f"{base}controle/{followup.pk}/",
            *(f"{base}stap/{slug}/" for slug in ROUTES["onderwijs"])]
    colleague_user.is_superuser = True
    colleague_user.save()
    client = client_for(colleague_user)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    assert client.get(admin_case_url(case)).status_code == 404
    denied = CaseEvent.objects.filter(user=colleague_user, case=case)
    assert set(denied.values_list("action", "role")) == {("denied", "outsider")}
    assert denied.count() == 2 * len(urls) + 1
    assert not CaseNotice.objects.filter(recipient=colleague_user).exists()


def test_a_colleague_on_the_board_sends_the_case_to_the_second_group(board_people, roles):
    supervisors = Group.objects.create(name="Raad van toezicht")
    settings = MeldcodeSettings.objects.get()
    settings.board_alternate_group = supervisors
    settings.save()
    supervisor = make_user("toezichthouder", supervisors)
    PageViewRestriction.objects.get().groups.add(supervisors)
    staff = client_for(board_people["medewerker"])
    response = staff.post("/meldcode/dossiers/collega/nieuw/", {
        "person_reference": "Leerling groep 3", "age_group": "4-12",
        "colleague_description": "Directeur", "colleague": board_people["collega"].pk,
    }, follow=True)
    case = Case.objects.get(kind=CaseKind.COLLEAGUE)
    assert "lid van het bevoegd gezag" in response.content.decode()
    base = f"/meldcode/dossiers/{case.reference}/"
    assert client_for(board_people["bestuurder"]).get(base).status_code == 404
    assert client_for(supervisor).get(base).status_code == 200
    told = CaseNotice.objects.filter(case=case).values_list("recipient__username", flat=True)
    assert list(told) == ["toezichthouder"]


def test_the_board_is_told_of_a_new_worry_and_the_coordinators_are_not(board_people):
    case, _wizard = open_colleague_case(client_for(board_people["medewerker"]))
    told = CaseNotice.objects.filter(case=case).values_list("recipient__username", "kind")
    assert sorted(told) == [("bestuurder", "for_the_board"), ("collega", "for_the_board")]
    # The e-mail: the reference and a link to the case page, not to the coordinators'
    # workspace; nothing of the case.
    notice = CaseNotice.objects.get(case=case, recipient__username="bestuurder")
    assert notices.deliver([notice.pk]).sent == [notice.pk]
    [message] = mail.outbox
    assert message.subject == f"Nieuw dossier {case.reference} voor het bestuur"
    assert message.body == (
        f"Een medewerker heeft dossier {case.reference} geopend. Het bestuur handelt het af. "
        "Kijk er vandaag naar: de wet vraagt dat de volgende stap direct wordt gezet.\n\n"
        "Open het dossier (inloggen nodig):\n"
        f"http://localhost/meldcode/dossiers/{case.reference}/\n\n"
        "Dit bericht bevat bewust geen gegevens uit het dossier. Stuur het niet door.\n\n")


def test_a_reasonable_suspicion_makes_the_police_report_compulsory_in_education(
        board_people):
    case, wizard = open_colleague_case(client_for(board_people["medewerker"]))
    board = Wizard(client_for(board_people["bestuurder"]), case.reference)
    assert board.post("inspecteur", STEP_DATA["inspecteur"]).status_code == 302
    response = board.post("aangifte", {**STEP_DATA["aangifte"], "police_report": "no",
                                       "reported_on": ""})
    assert response.status_code == 200
    assert "dan is aangifte bij de politie wettelijk verplicht" in response.content.decode()
    assert not case.colleague_steps.filter(step="aangifte").exists()


def test_the_parents_are_told_before_the_police_report_in_education(board_people):
    case, wizard = open_colleague_case(client_for(board_people["medewerker"]))
    board = Wizard(client_for(board_people["bestuurder"]), case.reference)
    reported = board.post("aangifte", {**STEP_DATA["aangifte"], "reported_on": day(-1)})
    assert reported.status_code == 302, errors(reported)
    late = board.post("informeren", {**STEP_DATA["informeren"], "informed_on": day(0)})
    assert late.status_code == 200
    assert ("De ouders worden ingelicht vóór de aangifte: leg vast wanneer dat was, op of "
            "voor de dag van de aangifte.") in late.content.decode()
    assert not case.colleague_steps.filter(step="informeren").exists()
    in_time = board.post("informeren", {**STEP_DATA["informeren"], "informed_on": day(-1)})
    assert in_time.status_code == 302, errors(in_time)


def test_the_last_step_closes_the_case_only_when_every_step_is_recorded(board_people):
    case, wizard = open_colleague_case(client_for(board_people["medewerker"]))
    board = Wizard(client_for(board_people["bestuurder"]), case.reference)
    response = board.post("maatregelen", STEP_DATA["maatregelen"])
    assert response.status_code == 200
    page = response.content.decode()
    assert (f'<a href="/meldcode/dossiers/{case.reference}/stap/inspecteur/">Stap 3</a>: '
            "Nog niet vastgelegd: Overleg met de vertrouwensinspecteur") in page
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


# Deadlines: the law's "at once" ------------------------------------------------------

def at(day_, hour, minute=0):
    return datetime.datetime.combine(day_, datetime.time(hour, minute), tzinfo=DUE_TIME_ZONE)


def run_pass(capture, now):
    with capture(execute=False) as callbacks:
        dispatch(now)
    for batch in published(callbacks, "send_reminder"):
        deliver(batch)


def delivered(stage):
    return sorted(ReminderDelivery.objects.filter(stage=stage)
                  .values_list("recipient__username", flat=True))


def test_a_step_not_taken_is_reminded_after_a_working_day_and_escalated_after_two(
        board_people, meldcode, django_capture_on_commit_callbacks):
    route = colleague.route_for(meldcode.sector)
    friday = datetime.date(2026, 11, 20)
    case = Case(meldcode=meldcode, site=meldcode.get_site(), owner=board_people["medewerker"],
                person_reference="Leerling", age_group=AgeGroup.AGE_4_12)
    lifecycle.open_colleague_case(case, route, now=at(friday, 10, 30))
    followup = case.followups.get()
    assert (followup.kind, followup.due_at) == ("colleague_reporter",
                                                at(datetime.date(2026, 11, 23), 10, 30))
    run_pass(django_capture_on_commit_callbacks, at(datetime.date(2026, 11, 23), 10, 29))
    assert not ReminderDelivery.objects.exists()
    run_pass(django_capture_on_commit_callbacks, at(datetime.date(2026, 11, 23), 10, 30))
    assert delivered(DeliveryStage.REMINDER) == ["medewerker"]
    run_pass(django_capture_on_commit_callbacks, at(datetime.date(2026, 11, 24), 10, 29))
    assert delivered(DeliveryStage.ESCALATION) == []
    run_pass(django_capture_on_commit_callbacks, at(datetime.date(2026, 11, 24), 10, 30))
    # The reporter and the board; never the coordinators.
    assert delivered(DeliveryStage.ESCALATION) == ["bestuurder", "collega", "medewerker"]

    # The reporter records the first two steps: now the board has one working day.
    ColleagueStep.objects.create(case=case, step="gezien", data={}, recorded_by=case.owner)
    ColleagueStep.objects.create(case=case, step="bestuur", data={}, recorded_by=case.owner)
    tuesday_noon = at(datetime.date(2026, 11, 24), 12)
    lifecycle.colleague_step_recorded(case, route, {"gezien", "bestuur"}, now=tuesday_noon)
    followup.refresh_from_db()
    assert followup.status == FollowUpStatus.DONE
    waiting = case.followups.get(status=FollowUpStatus.PENDING)
    assert (waiting.kind, waiting.due_at) == ("colleague_board",
                                              at(datetime.date(2026, 11, 25), 12))
    # Saving a step again the next morning moves no deadline.
    lifecycle.colleague_step_recorded(case, route, {"gezien", "bestuur"},
                                      now=at(datetime.date(2026, 11, 25), 9))
    assert list(case.followups.filter(status=FollowUpStatus.PENDING)) == [waiting]
    ReminderDelivery.objects.all().delete()
    run_pass(django_capture_on_commit_callbacks, at(datetime.date(2026, 11, 25), 12))
    assert delivered(DeliveryStage.REMINDER) == ["bestuurder", "collega"]
    run_pass(django_capture_on_commit_callbacks, at(datetime.date(2026, 11, 26), 12))
    assert delivered(DeliveryStage.ESCALATION) == ["bestuurder", "collega", "medewerker"]
    assert [m.subject for m in mail.outbox][-1].startswith("Verlopen: dossier")
    assert all("collega" not in m.body.lower() for m in mail.outbox)


@pytest.mark.parametrize("sector, linked", [("onderwijs", True), ("justitie", False)])
def test_step_1_of_the_meldcode_links_to_the_route_where_the_sector_has_one(
        home, sector, linked):
    meldcode = builders.install_meldcode(home, sector)
    people = builders.make_people(builders.give_roles(meldcode))
    client = client_for(people["medewerker"])
    step_1 = client.get(MeldcodeStepPage.objects.get(step_number=1).url).content.decode()
    link = '<a href="/meldcode/dossiers/collega/nieuw/">Zorg over een collega vastleggen</a>'
    assert (link in step_1) is linked
    index = client.get(meldcode.url).content.decode()
    assert ('href="/meldcode/dossiers/collega/nieuw/">Zorg over een collega</a>' in index
            ) is linked
    assert client.get("/meldcode/dossiers/collega/nieuw/").status_code == (
        200 if linked else 404)


def test_the_coordinators_workspace_leaves_it_out(board_people):
    staff = client_for(board_people["medewerker"])
    ordinary, _wizard = open_case(staff)
    worry, _wizard = open_colleague_case(staff)
    coordinator = client_for(board_people["aandachtsfunctionaris"])
    listing = coordinator.get("/admin/meldcode_cases/", {"status": "all"}).content.decode()
    dashboard = coordinator.get("/admin/").content.decode()
    assert (ordinary.reference in listing, worry.reference in listing) == (True, False)
    assert (ordinary.reference in dashboard, worry.reference in dashboard) == (True, False)
    assert "Meldcode (1 taak)" in dashboard


def test_a_few_worries_show_as_fewer_than_five_in_the_evaluation(board_people, meldcode):
    staff = client_for(board_people["medewerker"])
    for _n in range(3):
        open_colleague_case(staff)
    today = timezone.localdate()
    report = evaluate([meldcode.get_site()], today, today)
    assert [(row.shown("colleague_opened"), row.shown("colleague_open"),
             row.shown("colleague_complete")) for row in report.colleague_rows()] == [
        ("<5", "<5", 0), ("<5", "<5", 0)]
    assert report.total.shown("opened") == 0


def test_the_purge_removes_what_the_route_recorded(board_people, meldcode):
    case, wizard = open_colleague_case(client_for(board_people["medewerker"]))
    assert wizard.post("gezien", STEP_DATA["gezien"]).status_code == 302
    case.refresh_from_db()
    retention.purge(case, timezone.now())
    case.refresh_from_db()
    assert (case.colleague_description, case.colleague_steps.count()) == ("", 0)


def test_in_childcare_a_suspected_owner_sends_the_staff_member_to_the_inspector(home):
    meldcode = builders.install_meldcode(home, "kinderopvang")
    roles = builders.give_roles(meldcode)
    people = builders.make_people(roles)
    response = client_for(people["medewerker"]).post("/meldcode/dossiers/collega/nieuw/", {
        "person_reference": "Peuter groep Egeltjes", "age_group": "0-4",
        "colleague_description": "De houder", "colleague": people["bestuurder"].pk,
    }, follow=True)
    assert ("Je collega is de houder, of hoort bij de groep die als houder optreedt: dan "
            "vraagt de wet je om zelf direct contact op te nemen met een "
            "vertrouwensinspecteur, via 0900-1113111.") in response.content.decode()
    case = Case.objects.get(kind=CaseKind.COLLEAGUE)
    # No second group is chosen: nobody on the board sees it, and the page says so.
    assert client_for(people["bestuurder"]).get(
        f"/meldcode/dossiers/{case.reference}/").status_code == 404
    assert "Nog geen groep van de organisatie handelt dit dossier af" in client_for(
        people["medewerker"]).get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert not CaseNotice.objects.filter(case=case).exists()


def test_the_warning_before_the_purge_goes_to_the_board(
        board_people, meldcode, django_capture_on_commit_callbacks):
    case, _wizard = open_colleague_case(client_for(board_people["medewerker"]),
                                        colleague=board_people["collega"])
    closed = timezone.now() - datetime.timedelta(days=1)
    Case.objects.filter(pk=case.pk).update(status="closed",
                                           closed_at=closed.replace(year=closed.year - 5))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retention.run(timezone.now())
    for batch in published(callbacks, "send_purge_warning"):
        retention.deliver_warnings(batch)
    # The colleague is on the board and no second group is chosen: nobody on the board is
    # warned, and never the coordinators or the colleague.
    assert mail.outbox == []
    Case.objects.filter(pk=case.pk).update(colleague=None, purge_warned_on=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retention.run(timezone.now())
    for batch in published(callbacks, "send_purge_warning"):
        retention.deliver_warnings(batch)
    assert sorted(m.to[0] for m in mail.outbox) == ["bestuurder@example.org",
                                                     "collega@example.org"]
    body = mail.outbox[0].body
    assert f"http://localhost/meldcode/dossiers/{case.reference}/" in body
    assert ("vraag dan vóór die datum een beheerder om de bewaartermijn in de "
            "meldcode-instellingen te verlengen. Het dossier:") in body
