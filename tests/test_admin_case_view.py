"""The coordinator's case view in the admin: the state at a glance, the actions in the
header's menu, each on a page of its own with a message that says what changed."""

import re

import pytest
from django.contrib.auth.models import User
from django.utils.formats import date_format

from tests.helpers import act, admin_case_url
from tests.test_dossier import text_of
from wagtail_meldcode import retention
from wagtail_meldcode.models import CaseEvent

pytestmark = pytest.mark.django_db

OPEN_CASE_ACTIONS = [
    ("Andere aandachtsfunctionaris kiezen", "toewijzen"),
    ("Overdragen aan een andere eigenaar", "overdragen"),
    ("Notitie of advies toevoegen", "advies"),
    ("Stap heropenen", "heropenen"),
    ("Dossier afsluiten", "afsluiten"),
    ("Vernietigingsstop instellen", "vernietigingsstop"),
]


@pytest.fixture
def coordinator(people, client):
    client.force_login(people["aandachtsfunctionaris"])
    return people["aandachtsfunctionaris"]


def state(html):
    """The words of the case's state at a glance."""
    return text_of(re.search(r'<dl class="mc-case-state".*?</dl>', html, re.S).group())


def menu(html, case):
    """The header menu's actions: (label, slug)."""
    links = re.findall(rf'<a href="{admin_case_url(case)}([\w-]+)/"[^>]*>(.*?)</a>', html, re.S)
    return [(text_of(label), slug) for slug, label in links]


def panels(html):
    return [text_of(h) for h in re.findall(r'<h2 class="w-panel__heading.*?</h2>', html, re.S)]


def messages_after(response):
    return [str(message) for message in response.context["messages"]]


def test_the_state_at_a_glance_the_sections_and_the_menu(coordinator, client, helped_case):
    case = helped_case
    check = case.followups.get(status="pending")
    html = client.get(admin_case_url(case)).content.decode()
    assert state(html) == (
        "Pseudoniem Leerling groep 7, S. · 4 tot 12 jaar Status Hulp wordt gevolgd "
        "Stap Stap 5: besluiten Eigenaar Sanne de Vries Aandachtsfunctionaris Jeroen Bakker "
        f"Volgende controle {date_format(check.due_on)} (controle of de hulp werkt)"
    )
    assert menu(html, case) == OPEN_CASE_ACTIONS
    assert panels(html) == ["Stappen", "Bijlagen", "Vervolg", "Chronologie"]
    # The PDF and the access report are one click away, in the header.
    assert f'href="/meldcode/dossiers/{case.reference}/pdf/"' in html
    assert f'href="/admin/meldcode_cases/{case.pk}/toegang/"' in html


def test_an_open_case_shows_what_is_missing_and_that_no_one_coordinates_it(
        case_at_step_4, coordinator, client):
    html = client.get(admin_case_url(case_at_step_4)).content.decode()
    assert "Aandachtsfunctionaris Niet toegewezen Volgende controle Geen gepland" in state(html)
    assert menu(html, case_at_step_4)[0] == ("Aandachtsfunctionaris toewijzen", "toewijzen")
    missing = re.search(r"Dit ontbreekt nog.*?</ul>", html, re.S).group()
    assert [text_of(item) for item in re.findall(r"<li>.*?</li>", missing)] == [
        "Stap 1: Leg minstens één signaal vast.",
        "Stap 2: Leg minstens één overleg vast.",
        "Stap 3: Leg een gesprek met de betrokkenen vast, of de reden om geen gesprek te "
        "voeren.",
        "Stap 4: Beantwoord vraag 1 en 2 van het afwegingskader.",
    ]


def test_closing_asks_for_confirmation_and_says_what_changed(coordinator, client, helped_case):
    case = helped_case
    url = admin_case_url(case, "afsluiten")
    html = client.get(url).content.decode()
    assert ("Afsluiten beëindigt het werk aan dit dossier: de 1 geplande controle vervalt; "
            "de eigenaar kan het niet meer aanpassen; de bewaartermijn begint: daarna wordt "
            "de inhoud verwijderd.") in text_of(html)
    assert re.findall(r'<button type="submit"[^>]*>(.*?)</button>', html) == [
        "Ja, dossier afsluiten"]
    case.refresh_from_db()
    assert not case.is_closed
    # Showing the page is a read of the case, logged as one.
    assert list(CaseEvent.objects.filter(case=case, username=coordinator.username)
                .values_list("action", flat=True)) == ["view"]

    response = client.post(url, {"reason": "Hulp loopt goed, geen zorgen meer."}, follow=True)
    case.refresh_from_db()
    assert case.is_closed
    assert messages_after(response) == [
        f"Dossier {case.reference} is afgesloten. De geplande controles zijn vervallen; de "
        f"inhoud wordt verwijderd op {date_format(retention.purge_date(case))}. "
        "Op de hoogte gebracht: Sanne de Vries."
    ]


def test_a_closed_case_offers_reopening_not_closing(coordinator, client, helped_case):
    case = helped_case
    assert act(client, case, "afsluiten", reason="Afgerond.").status_code == 302
    html = client.get(admin_case_url(case)).content.decode()
    assert menu(html, case) == [
        ("Andere aandachtsfunctionaris kiezen", "toewijzen"),
        ("Overdragen aan een andere eigenaar", "overdragen"),
        ("Notitie of advies toevoegen", "advies"),
        ("Dossier heropenen", "heropenen"),
        ("Vernietigingsstop instellen", "vernietigingsstop"),
    ]
    # Closing again is refused with a message; nothing changes.
    response = act(client, case, "afsluiten", reason="Nog eens.")
    assert (response.status_code, response["Location"]) == (302, admin_case_url(case))
    assert messages_after(client.get(admin_case_url(case))) == [
        f"Deze actie is niet van toepassing op dossier {case.reference}."]
    case.refresh_from_db()
    assert case.close_reason == "Afgerond."

    response = client.post(admin_case_url(case, "heropenen"), {"step": 5}, follow=True)
    case.refresh_from_db()
    assert (case.status, case.current_step) == ("open", 5)
    assert messages_after(response) == [
        f"Dossier {case.reference} is weer open, bij “Stap 5: besluiten”. "
        "Op de hoogte gebracht: Sanne de Vries."
    ]


def test_reopening_offers_the_steps_by_name(coordinator, client, helped_case):
    html = client.get(admin_case_url(helped_case, "heropenen")).content.decode()
    labels = re.findall(r'<label for="id_step_\d">.*?</label>', html, re.S)
    assert [text_of(label) for label in labels] == [
        "Stap 1: signalen", "Stap 2: overleg", "Stap 3: gesprek", "Stap 4: weging",
        "Stap 5: besluiten"]
    assert "Het dossier staat nu in stap 5." in text_of(html)


def test_each_action_says_what_changed_and_who_was_told(coordinator, client, helped_case):
    case, reference = helped_case, helped_case.reference
    other = User.objects.create_user("af2", first_name="Anna", last_name="Tweede",
                                     email="af2@example.org")
    other.groups.add(*coordinator.groups.all())
    successor = User.objects.create_user("opvolger", first_name="Omar", last_name="Pinas",
                                         email="o@example.org")
    successor.groups.add(*User.objects.get(username="medewerker").groups.all())

    def said(action, **data):
        response = client.post(admin_case_url(case, action), data, follow=True)
        assert response.redirect_chain == [(admin_case_url(case), 302)]
        return messages_after(response)

    assert said("toewijzen", coordinator=other.pk) == [
        f"Anna Tweede is nu de aandachtsfunctionaris van dossier {reference}. "
        "Op de hoogte gebracht: Anna Tweede."]
    assert said("overdragen", owner=successor.pk) == [
        f"Dossier {reference} is nu van Omar Pinas in plaats van Sanne de Vries. "
        "Op de hoogte gebracht: Omar Pinas, Sanne de Vries."]
    assert said("advies", advice="Bespreek het met de intern begeleider.") == [
        f"Je advies staat nu in stap 2 van dossier {reference}. "
        "Op de hoogte gebracht: Omar Pinas."]
    assert said("heropenen", step=3) == [
        f"Dossier {reference} staat weer bij “Stap 3: gesprek”. "
        "Op de hoogte gebracht: Omar Pinas."]
    assert said("vernietigingsstop", reason="Klacht ingediend.") == [
        f"Op dossier {reference} staat nu een vernietigingsstop: de inhoud blijft bewaard "
        "tot de stop wordt opgeheven."]
    assert said("afsluiten", reason="Zorg is elders belegd.") == [
        f"Dossier {reference} is afgesloten. De geplande controles zijn vervallen; de inhoud "
        "blijft bewaard zolang de vernietigingsstop geldt. Op de hoogte gebracht: Omar Pinas."]
    assert said("vernietigingsstop-opheffen", reason="Klacht afgehandeld.") == [
        f"De vernietigingsstop op dossier {reference} is opgeheven. De "
        "aandachtsfunctionarissen krijgen opnieuw een waarschuwing voordat de inhoud wordt "
        "verwijderd."]


def test_a_form_error_keeps_the_page_and_what_was_typed(coordinator, client, helped_case):
    response = client.post(admin_case_url(helped_case, "overdragen"), {"owner": "999999"})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    response = client.post(admin_case_url(helped_case, "advies"), {"advice": "x" * 10_001})
    html = response.content.decode()
    assert response.status_code == 200 and "x" * 10_001 in html


def test_an_unknown_action_is_not_found_after_the_access_check(people, client, helped_case):
    client.force_login(people["aandachtsfunctionaris"])
    assert client.get(admin_case_url(helped_case, "verwijderen")).status_code == 404
    client.force_login(people["beheerder"])
    assert client.get(admin_case_url(helped_case, "verwijderen")).status_code == 404
    assert list(CaseEvent.objects.filter(case=helped_case).values_list(
        "username", "action")) == [("beheerder", "denied")]
