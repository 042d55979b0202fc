"""The dossier is complete: the case page, the admin case view and the PDF show everything
recorded, step by step, the follow-up history, and a chronology of what was done."""

import io
import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.template.defaultfilters import date as format_date
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfReader

from tests.helpers import day, do_steps_1_to_3, errors, open_case, weigh
from wagtail_meldcode.models import CaseEvent
from wagtail_meldcode.models.followup import schedule_followup

pytestmark = pytest.mark.django_db

QUESTION_3 = ("Vraag 3: Kan ik effectieve hulp bieden of organiseren om het (toekomstige) "
              "geweld af te wenden?")
QUESTION_4 = "Vraag 4: Aanvaarden de betrokkenen deze hulp en zetten zij zich ervoor in?"
QUESTION_5 = ("Vraag 5: Zorgt de hulp binnen de tijd die nodig is voor blijvende veiligheid "
              "en herstel van alle betrokkenen?")


def dutch_date(value, format="j F Y"):
    with translation.override("nl"):
        return format_date(timezone.localtime(value) if hasattr(value, "hour") else value,
                           format)


def text_of(html):
    """The words of a page as a reader sees them: no tags, one space between words."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def pdf_text(response):
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


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
    checkin(client, feedback, report_taken_on="yes",
            observations="Veilig Thuis doet onderzoek; het gezin krijgt een regisseur.",
            next_step="School meldt nieuwe signalen direct aan Veilig Thuis.")
    case.refresh_from_db()
    return case


def expected(case):
    """What the dossier says, in the words and order a reader sees them."""
    check = case.followups.get(kind="check", status="done")
    feedback = case.followups.get(kind="report_feedback")
    following = case.followups.get(kind="check", status="pending")
    return [
        # Step 1: the kindcheck.
        "Kindcheck Ouderproblematiek Verslaving, Ernstige psychiatrische problemen "
        "Zorgt voor kinderen ja Zwanger nee Aantal kinderen 2 "
        "Leeftijden van de kinderen 3 en 6 jaar Zorgt ook voor de kinderen Ex-partner, "
        "om het weekend",
        # Step 3: the conversation.
        "Doel van het gesprek uitgelegd ja Feiten voorgelegd nee "
        "Reactie Moeder schrok en vertelde over spanningen thuis. "
        "Interpretatie achteraf Past bij de signalen.",
        # Step 4: who weighed.
        f"Gewogen door Sanne de Vries op {dutch_date(case.weighing.weighed_at)}",
        # Step 5: questions 3 to 5, the decisions, the report and the help.
        "Advies van het afwegingskader: melden ja, hulp mogelijk nee "
        f"{QUESTION_3} ja {QUESTION_4} ja {QUESTION_5} nee "
        "Melding bij Veilig Thuis ja Hulp bieden of organiseren ja "
        "Reden om af te wijken van het afwegingskader Het wijkteam is al betrokken; die "
        "hulp loopt door. "
        f"Gemeld op {dutch_date(timezone.localdate())} Kenmerk bij Veilig Thuis VT-2024-118 "
        "Vooraf met de leerling of de ouders besproken Ja, vooraf besproken: Op school met "
        "moeder besproken. "
        "Reactie en bezwaren van de leerling of de ouders Moeder was boos, maar begreep de "
        "melding. "
        "Hulpplan Opvoedondersteuning door het wijkteam. Hulp geboden door Wijkteam "
        f"Eerste controle op {dutch_date(check.due_on)} Dagen tussen de controles 14 "
        f"Volgen tot {dutch_date(case.latest_decision().help_ends_on)}",
        # The follow-up: Veilig Thuis's feedback, then the checks.
        "Terugkoppeling van Veilig Thuis na de melding "
        f"Gepland op {dutch_date(feedback.due_on)} · Uitgevoerd "
        f"Beantwoord door Sanne de Vries op {dutch_date(feedback.answered_at, 'j F Y H:i')} "
        "Neemt Veilig Thuis de melding in behandeling? ja "
        "Terugkoppeling van Veilig Thuis Veilig Thuis doet onderzoek; het gezin krijgt een "
        "regisseur. Gemaakte afspraken School meldt nieuwe signalen direct aan Veilig Thuis.",
        "Vervolgcontroles "
        f"Gepland op {dutch_date(check.due_on)} · Uitgevoerd "
        f"Beantwoord door Jeroen Bakker op {dutch_date(check.answered_at, 'j F Y H:i')} "
        "Werkt de hulp? Gedeeltelijk "
        "Waarnemingen Moeder komt niet altijd naar de afspraken. "
        "Volgende stap Extra gesprek met het wijkteam. "
        f"Gepland op {dutch_date(following.due_on)} · Open",
    ]


def assert_complete(text, case):
    for part in expected(case):
        assert part in text, part
    # A reminder that the case stalled is no part of the follow-up history.
    assert "staat stil" not in text


def test_the_case_page_shows_everything_recorded(dossier, client):
    response = client.get(f"/meldcode/dossiers/{dossier.reference}/")
    assert response.status_code == 200
    assert_complete(text_of(response.content.decode()), dossier)


def test_the_admin_case_view_shows_everything_recorded(dossier, client):
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    response = client.get(f"/admin/meldcode_cases/{dossier.pk}/dossier/")
    assert response.status_code == 200
    assert_complete(text_of(response.content.decode()), dossier)


def test_the_pdf_shows_everything_recorded(dossier, client):
    response = client.get(f"/meldcode/dossiers/{dossier.reference}/pdf/")
    assert response.status_code == 200
    assert_complete(pdf_text(response), dossier)


@pytest.mark.parametrize("weighing, answers, shown", [
    # After structural unsafety questions 3 to 5 may wait for Veilig Thuis.
    ({"structural": "yes"}, {"can_help": "open"},
     f"{QUESTION_3} nog open (met Veilig Thuis) {QUESTION_4} nog open (met Veilig Thuis) "
     f"{QUESTION_5} nog open (met Veilig Thuis)"),
    # The first "no" ends the path: the later questions were not asked.
    ({}, {"can_help": "no"},
     f"{QUESTION_3} nee {QUESTION_4} niet gesteld {QUESTION_5} niet gesteld"),
])
def test_questions_3_to_5_open_or_not_asked(staff, client, weighing, answers, shown):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes", **weighing)
    r = wizard.post("besluit", {**answers, "report": "yes", "help": "no",
                                "reported_on": day(), "report_discussed": "yes"})
    assert r.status_code == 302, errors(r)
    text = text_of(client.get(f"/meldcode/dossiers/{case.reference}/").content.decode())
    assert shown in text


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
    # Seven step pages the wizard opened and the case page twice; answering a check-in
    # is recorded as the answer, not as a read too.
    assert len(re.findall(r"<td>Bekeken( \(stap \d\))?</td>", report)) == reads == 9


def add_rows(case, count):
    """``count`` more of every row the dossier shows with a person: decisions, answered
    checks and events, each by someone else."""
    staff_groups = case.owner.groups.all()
    decision = case.latest_decision()
    for n in range(count):
        user = User.objects.create_user(f"collega-{case.events.count()}-{n}",
                                        first_name="Collega", last_name=str(n))
        user.groups.add(*staff_groups)
        decision.pk = None
        decision.decided_by = user
        decision.save()
        followup = schedule_followup(case, timezone.localdate(), 9, decision=decision)
        followup.status, followup.outcome, followup.observations = "done", "working", "Goed."
        followup.answered_by, followup.answered_at = user, timezone.now()
        followup.save()
        CaseEvent.objects.create(case=case, case_reference=case.reference, user=user,
                                 username=user.username, role="owner", action="save_step",
                                 step=1)
