"""The dossier: its chronology tells what was done with the case, and by whom."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from tests.helpers import day, do_steps_1_to_3, errors, open_case, weigh
from wagtail_meldcode.models import CaseEvent
from wagtail_meldcode.models.followup import schedule_followup

pytestmark = pytest.mark.django_db


def text_of(html):
    """The words of a page as a reader sees them: no tags, one space between words."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def checkin(client, followup, **data):
    url = f"/meldcode/dossiers/{followup.case.reference}/controle/{followup.pk}/"
    response = client.post(url, data)
    assert response.status_code == 302, errors(response)


@pytest.fixture
def dossier(staff, client):
    """An adult client's case, reported and helped, with a check and Veilig Thuis's
    feedback answered by two people, a check still due and a reminder that it stalled."""
    case, wizard = open_case(client, person="Cliënt K.", age_group="adults")
    do_steps_1_to_3(wizard)
    r = wizard.post("signalen", {
        "age_group": "adults", "kc_parental_problems": ["addiction", "psychiatric"],
        "kc_cares_for_children": "yes", "kc_pregnant": "no", "kc_children_count": "2",
        "kc_children_ages": "3 en 6 jaar", "kc_shared_care": "Ex-partner, om het weekend",
    })
    assert r.status_code == 302, errors(r)
    data = wizard.form_data("gesprek")
    del data["gesprek-conversations-0-facts_presented"]
    data["gesprek-conversations-0-interpretation"] = "Past bij de signalen."
    r = client.post(wizard.url("gesprek"), data)
    assert r.status_code == 302, errors(r)
    weigh(wizard, "yes", structural="yes")
    r = wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "no",
        "report": "yes", "help": "yes",
        "deviation_reason": "Het wijkteam is al betrokken; die hulp loopt door.",
        "reported_on": day(), "veilig_thuis_reference": "VT-2024-118",
        "report_discussed": "yes", "report_discussion": "Op school met moeder besproken.",
        "client_reaction": "Moeder was boos, maar begreep de melding.",
        "help_plan": "Opvoedondersteuning door het wijkteam.", "help_provider": "Wijkteam",
        "first_check_on": day(7), "check_interval_days": "14", "help_ends_on": day(60),
    })
    assert r.status_code == 302, errors(r)
    check = case.followups.get(kind="check")
    feedback = case.followups.get(kind="report_feedback")
    schedule_followup(case, timezone.localdate(), 9, kind="stalled")

    coordinator = Client()
    coordinator.force_login(User.objects.get(username="aandachtsfunctionaris"))
    checkin(coordinator, check, outcome="partly",
            observations="Moeder komt niet altijd naar de afspraken.",
            next_step="Extra gesprek met het wijkteam.", next_check_on=day(10))
    checkin(client, feedback,
            observations="Veilig Thuis doet onderzoek; het gezin krijgt een regisseur.",
            next_step="School meldt nieuwe signalen direct aan Veilig Thuis.")
    case.refresh_from_db()
    return case


def chronology_rows(html):
    """The rows of the chronology table: (who, role, what) each."""
    table = html[html.index('aria-labelledby="chron"'):].split("</table>")[0]
    rows = re.findall(r"<tr><td>.*?</td>(.*?)</tr>", table, re.S)
    return [tuple(text_of(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S))
            for row in rows]


def test_the_chronology_shows_what_was_done_by_name_and_no_reads(dossier, client):
    url = f"/meldcode/dossiers/{dossier.reference}/"
    client.get(url)
    html = client.get(url).content.decode()
    owner, coordinator = ("Sanne de Vries", "Eigenaar"), (
        "Jeroen Bakker", "Aandachtsfunctionaris van de site")
    saved = "Stap opgeslagen"
    assert chronology_rows(html) == [
        (*owner, "Dossier geopend (stap 1)"),
        (*owner, f"{saved} (stap 1)"), (*owner, f"{saved} (stap 2)"),
        (*owner, f"{saved} (stap 3)"), (*owner, f"{saved} (stap 1)"),
        (*owner, f"{saved} (stap 3)"), (*owner, f"{saved} (stap 4)"),
        (*owner, f"{saved} (stap 5)"), (*owner, "Besluiten genomen (stap 5)"),
        (*coordinator, "Vervolgcontrole beantwoord (stap 5)"),
        (*owner, "Vervolgcontrole beantwoord (stap 5)"),
    ]

    # The reads are in the access report, with everything else.
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    report = client.get(f"/admin/meldcode_cases/{dossier.pk}/toegang/").content.decode()
    reads = CaseEvent.objects.filter(case=dossier, action="view").count()
    # Seven step pages the wizard opened, the two check-ins and the case page twice.
    assert len(re.findall(r"<td>Bekeken( \(stap \d\))?</td>", report)) == reads == 11
