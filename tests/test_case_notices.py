"""Told at once: the coordinator of a new case, the owner of what a coordinator did.

Each notice is a row: shown in the app until its recipient opens the case, e-mailed
through the outbox with a reference and a link only.
"""

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from tests import helpers
from tests.helpers import open_case, published
from tests.test_dossier import pdf_text, text_of
from tests.test_settings import form_data, rules_management_form
from wagtail_meldcode import notices
from wagtail_meldcode.models import CaseEvent, CaseNotice, CoordinatorRule, MeldcodeSettings
from wagtail_meldcode.models.audit import Action
from wagtail_meldcode.tasks import dispatch_due_followups

pytestmark = pytest.mark.django_db

PSEUDONYM = "Leerling groep 6, J."


@pytest.fixture
def site_settings(roles):
    return MeldcodeSettings.for_site(Site.objects.get(is_default_site=True))


def person(username, group, email=True, **names):
    user = User.objects.create_user(
        username, f"{username}@example.org" if email else "", **names)
    user.groups.add(group)
    return user


@pytest.fixture
def people(roles):
    """A staff member and three coordinators, the last without an e-mail address."""
    return {
        "sanne": person("sanne", roles.staff, first_name="Sanne", last_name="de Vries"),
        "anna": person("anna", roles.coordinators, first_name="Anna", last_name="Bakker"),
        "bert": person("bert", roles.coordinators, first_name="Bert", last_name="Smit"),
        "carl": person("carl", roles.coordinators, email=False, first_name="Carl"),
    }


def opened_by(client, user, django_capture_on_commit_callbacks):
    """``user`` opens a case; returns it and the ids handed to the send task."""
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case, _wizard = open_case(client, person=PSEUDONYM)
    return case, published(callbacks, notices.TASK)


def told(case):
    return list(case.notices.order_by("recipient__username", "pk")
                .values_list("recipient__username", "kind", "by_email"))


def test_a_new_case_waits_unassigned_and_every_coordinator_is_told(
        people, client, django_capture_on_commit_callbacks):
    case, batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)

    assert case.coordinator is None
    assert told(case) == [("anna", "new_case", True), ("bert", "new_case", True),
                          ("carl", "new_case", False)]
    by_email = list(case.notices.filter(by_email=True).order_by("pk").values_list("pk",
                                                                                  flat=True))
    assert batches == [by_email]

    notices.deliver(by_email)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@example.org", "bert@example.org"]
    message = mail.outbox[0]
    # The admin's address (WAGTAILADMIN_BASE_URL), not the intranet site's.
    url = "http://127.0.0.1:8000" + reverse("meldcode_cases:case", args=[case.pk])
    assert message.subject == f"Nieuw dossier {case.reference}"
    assert message.body == (
        f"Een medewerker heeft dossier {case.reference} geopend. Kijk er als "
        "aandachtsfunctionaris naar en ondersteun de volgende stappen.\n\n"
        f"Open het dossier (inloggen nodig):\n{url}\n\n"
        "Dit bericht bevat bewust geen gegevens uit het dossier. Stuur het niet door.\n\n"
    )
    assert PSEUDONYM not in message.body


def test_the_default_coordinator_gets_the_new_case_and_is_told_alone(
        people, site_settings, client, django_capture_on_commit_callbacks):
    site_settings.default_coordinator = people["bert"]
    site_settings.save()

    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)

    assert case.coordinator == people["bert"]
    assert told(case) == [("bert", "new_case", True)]


def test_a_rule_per_staff_group_comes_before_the_default(
        people, roles, site_settings, client, django_capture_on_commit_callbacks):
    team = Group.objects.create(name="Team bovenbouw")
    people["sanne"].groups.add(team)
    other = person("olaf", roles.staff)
    site_settings.default_coordinator = people["bert"]
    site_settings.save()
    CoordinatorRule.objects.create(site_settings=site_settings, group=team,
                                   coordinator=people["anna"])

    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    assert (case.coordinator, told(case)) == (people["anna"], [("anna", "new_case", True)])

    case, _batches = opened_by(client, other, django_capture_on_commit_callbacks)
    assert (case.coordinator, told(case)) == (people["bert"], [("bert", "new_case", True)])


def test_a_coordinator_who_left_is_passed_over(
        people, roles, site_settings, client, django_capture_on_commit_callbacks):
    team = Group.objects.create(name="Team bovenbouw")
    people["sanne"].groups.add(team)
    CoordinatorRule.objects.create(site_settings=site_settings, group=team,
                                   coordinator=people["anna"])
    site_settings.default_coordinator = people["bert"]
    site_settings.save()
    people["anna"].groups.remove(roles.coordinators)

    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    assert case.coordinator == people["bert"]

    people["bert"].is_active = False
    people["bert"].save()
    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    assert (case.coordinator, told(case)) == (None, [("carl", "new_case", False)])


def test_a_coordinator_who_opens_a_case_is_not_told_of_it(
        people, client, django_capture_on_commit_callbacks):
    case, batches = opened_by(client, people["anna"], django_capture_on_commit_callbacks)

    assert told(case) == [("bert", "new_case", True), ("carl", "new_case", False)]
    assert batches == [[case.notices.get(recipient=people["bert"]).pk]]


def act(client, case, action, **fields):
    response = helpers.act(client, case, action, **fields)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_owner_is_told_what_a_coordinator_does(
        people, client, django_capture_on_commit_callbacks):
    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    client.force_login(people["anna"])

    act(client, case, "heropenen", step=1)
    act(client, case, "advies", advice="Bespreek het met de intern begeleider.")
    act(client, case, "toewijzen", coordinator=people["anna"].pk)  # her own: nobody told
    act(client, case, "afsluiten", reason="Zorg is elders belegd.")

    to_owner = case.notices.filter(recipient=people["sanne"]).order_by("pk")
    assert list(to_owner.values_list("kind", "step", "actor__username")) == [
        ("step_reopened", 1, "anna"), ("advice", None, "anna"), ("closed", None, "anna")]
    assert case.notices.filter(recipient=people["anna"]).exclude(kind="new_case").count() == 0

    notices.deliver(list(to_owner.values_list("pk", flat=True)))
    url = f"http://localhost/meldcode/dossiers/{case.reference}/"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["sanne@example.org"], f"Dossier {case.reference}: stap 1 is weer open"),
        (["sanne@example.org"], f"Dossier {case.reference}: nieuw advies"),
        (["sanne@example.org"], f"Dossier {case.reference} is afgesloten"),
    ]
    assert all(url in m.body and PSEUDONYM not in m.body for m in mail.outbox)


def test_assigning_another_coordinator_tells_them(
        people, client, django_capture_on_commit_callbacks):
    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    client.force_login(people["anna"])

    act(client, case, "toewijzen", coordinator=people["bert"].pk)

    assert list(case.notices.filter(kind="assigned").values_list(
        "recipient__username", "actor__username")) == [("bert", "anna")]


def test_a_transfer_tells_both_and_the_former_owner_sees_when_and_to_whom(
        people, roles, client, django_capture_on_commit_callbacks):
    tom = person("tom", roles.staff, first_name="Tom", last_name="Jansen")
    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    client.force_login(people["anna"])

    act(client, case, "overdragen", owner=tom.pk)

    assert list(case.notices.exclude(kind="new_case").order_by("pk").values_list(
        "recipient__username", "kind", "new_owner__username")) == [
        ("sanne", "transferred_away", "tom"), ("tom", "transferred_to_you", None)]

    client.force_login(people["sanne"])
    listing = client.get("/meldcode/dossiers/?lijst=overgedragen")
    assert listing.status_code == 200
    rows = listing.content.decode()
    assert f'<th scope="row">{case.reference}</th>' in rows
    assert "Tom Jansen" in rows
    assert PSEUDONYM not in rows

    response = client.get(f"/meldcode/dossiers/{case.reference}/")
    assert response.status_code == 403
    text = response.content.decode()
    assert "overgedragen aan Tom Jansen. Je hebt er geen toegang meer toe." in text
    assert PSEUDONYM not in text
    denied = CaseEvent.objects.filter(case=case, action=Action.DENIED, user=people["sanne"])
    assert denied.count() == 1


def test_someone_who_never_owned_the_case_still_gets_a_404(
        people, roles, client, django_capture_on_commit_callbacks):
    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    client = Client()  # another browser: not the one that holds Sanne's messages
    client.force_login(person("olaf", roles.staff))

    assert client.get(f"/meldcode/dossiers/{case.reference}/").status_code == 404
    assert client.get("/meldcode/dossiers/?lijst=overgedragen").content.decode().count(
        case.reference) == 0


def test_a_notice_shows_until_its_recipient_opens_the_case(
        people, client, django_capture_on_commit_callbacks):
    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    client.force_login(people["anna"])
    act(client, case, "heropenen", step=1)
    admin_case = reverse("meldcode_cases:case", args=[case.pk])

    # The owner, on "Mijn dossiers".
    client.force_login(people["sanne"])
    page = client.get("/meldcode/dossiers/").content.decode()
    assert (f'<a href="/meldcode/dossiers/{case.reference}/">{case.reference}</a>: '
            "Stap heropend (stap 1), door Anna Bakker") in page
    client.get(f"/meldcode/dossiers/{case.reference}/")
    assert "Nieuw voor jou" not in client.get("/meldcode/dossiers/").content.decode()

    # A coordinator, on the admin dashboard; bert has not opened the case.
    client.force_login(people["bert"])
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'<a href="http://127.0.0.1:8000{admin_case}">{case.reference}</a>' in dashboard
    client.get(admin_case)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Nog niet gezien (0)" in dashboard
    # Anna read hers when she acted on the case; Carl has not looked yet.
    assert [n.recipient.username for n in CaseNotice.objects.all()
            if n in notices.unread(n.recipient)] == ["carl"]


def test_the_settings_offer_active_coordinators_by_name_only(
        people, site_settings, client):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x" * 16))
    url = reverse("wagtailsettings:edit",
                  args=["wagtail_meldcode", "meldcodesettings", site_settings.site_id])
    form = client.get(url).context["form"]
    assert [label for _value, label in form.fields["default_coordinator"].choices] == [
        "---------", "Anna Bakker", "Bert Smit", "Carl"]

    roles = {"staff_group": site_settings.staff_group_id,
             "coordinators_group": site_settings.coordinators_group_id,
             "management_group": site_settings.management_group_id,
             "board_group": site_settings.board_group_id}
    refused = client.post(url, form_data(**roles, default_coordinator=people["sanne"].pk))
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"default_coordinator": [
        "Selecteer een geldige keuze. Deze keuze is niet beschikbaar."]}

    team = Group.objects.create(name="Team bovenbouw")
    rule = {"coordinator_rules-0-group": team.pk,
            "coordinator_rules-0-coordinator": people["sanne"].pk,
            "coordinator_rules-0-ORDER": 1, "coordinator_rules-0-id": ""}
    data = {**form_data(**roles), **rules_management_form(1), **rule}
    assert client.post(url, data).status_code == 200
    assert CoordinatorRule.objects.count() == 0

    data["coordinator_rules-0-coordinator"] = people["anna"].pk
    assert client.post(url, data).status_code == 302
    assert list(CoordinatorRule.objects.values_list("group", "coordinator")) == [
        (team.pk, people["anna"].pk)]


def test_the_settings_take_at_most_fifty_rules(people, site_settings, client):
    from wagtail_meldcode.models.settings import MAX_COORDINATOR_RULES

    client.force_login(User.objects.create_superuser("root", "root@example.org", "x" * 16))
    url = reverse("wagtailsettings:edit",
                  args=["wagtail_meldcode", "meldcodesettings", site_settings.site_id])
    team = Group.objects.create(name="Team bovenbouw")
    count = MAX_COORDINATOR_RULES + 1
    rules = {key: value for n in range(count) for key, value in {
        f"coordinator_rules-{n}-group": team.pk,
        f"coordinator_rules-{n}-coordinator": people["anna"].pk,
        f"coordinator_rules-{n}-ORDER": n + 1, f"coordinator_rules-{n}-id": ""}.items()}
    roles = {"staff_group": site_settings.staff_group_id,
             "coordinators_group": site_settings.coordinators_group_id,
             "management_group": site_settings.management_group_id,
             "board_group": site_settings.board_group_id}
    data = {**form_data(**roles), **rules_management_form(count), **rules}

    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].formsets["coordinator_rules"].non_form_errors() == [
        "Verstuur maximaal 50 formulieren."]
    assert CoordinatorRule.objects.count() == 0


def test_the_dispatch_pass_enqueues_a_notice_the_broker_lost(
        people, client, django_capture_on_commit_callbacks):
    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    CaseNotice.objects.update(enqueued_at=None)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dispatch_due_followups()

    expected = list(case.notices.filter(by_email=True).order_by("pk")
                    .values_list("pk", flat=True))
    assert published(callbacks, notices.TASK) == [expected]


def test_people_are_shown_by_their_full_name_never_by_username(
        people, site_settings, client, django_capture_on_commit_callbacks):
    site_settings.default_coordinator = people["anna"]
    site_settings.save()
    case, _batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)
    client.force_login(people["anna"])
    act(client, case, "advies", advice="Bespreek het met de intern begeleider.")

    listing = text_of(client.get("/admin/meldcode_cases/").content.decode())
    admin_case = text_of(client.get(
        reverse("meldcode_cases:case", args=[case.pk])).content.decode())
    case_page = text_of(client.get(f"/meldcode/dossiers/{case.reference}/").content.decode())
    pdf = pdf_text(client.get(f"/meldcode/dossiers/{case.reference}/pdf/"))

    for text in (listing, admin_case, case_page, pdf):
        assert "Sanne de Vries" in text and "Anna Bakker" in text
        assert "(sanne)" not in text and "(anna)" not in text
    # The chronology: who opened the case, who added the advice.
    assert "Sanne de Vries Eigenaar Dossier geopend (stap 1)" in case_page
    assert ("Anna Bakker Aandachtsfunctionaris van het dossier Advies van de "
            "aandachtsfunctionaris toegevoegd (stap 2)") in case_page


def test_admin_links_follow_the_site_without_an_admin_base_url(
        people, settings, client, django_capture_on_commit_callbacks):
    settings.WAGTAILADMIN_BASE_URL = None
    Site.objects.update(hostname="intranet.example.org", port=8443)
    case, batches = opened_by(client, people["sanne"], django_capture_on_commit_callbacks)

    notices.deliver(batches[0])
    admin_case = reverse("meldcode_cases:case", args=[case.pk])
    assert f"\nhttp://intranet.example.org:8443{admin_case}\n" in mail.outbox[0].body
