"""A staff member takes a case from the first signal to each of the four outcomes."""

import datetime
import re

import pytest
from django.contrib.auth.models import User

from tests.helpers import TODAY, day, decide_help, do_steps_1_to_3, errors, open_case, weigh
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import CaseEvent, FollowUp, MeldcodeStepPage
from wagtail_meldcode.workdays import add_working_days

pytestmark = pytest.mark.django_db


def test_closed_without_suspicion(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "no")
    r = wizard.post("besluit", {
        "report": "no", "help": "no", "close_reason": "Verklaring van moeder klopt.",
    })
    assert r.status_code == 302, errors(r)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_at
    assert case.close_reason == "Verklaring van moeder klopt."
    assert CaseEvent.objects.filter(case=case, action="close").exists()


def test_report(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes", acute="yes")
    r = wizard.post("besluit", {
        "can_help": "open", "report": "yes", "help": "no", "reported_on": day(),
        "veilig_thuis_reference": "VT-123", "report_discussed": "yes",
        "client_reaction": "Moeder begreep het.",
    })
    assert r.status_code == 302, errors(r)
    case.refresh_from_db()
    assert case.status == CaseStatus.REPORTED
    decision = case.latest_decision()
    assert decision.report and not decision.help and decision.suggested_help is None
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert "Advies van het afwegingskader: melden ja, hulp mogelijk nog open" in page


def test_help(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    decide_help(wizard)
    case.refresh_from_db()
    assert case.status == CaseStatus.HELP
    followup = FollowUp.objects.get(case=case)
    assert followup.due_on == TODAY + datetime.timedelta(days=14)
    assert followup.kind == "check"
    assert followup.next_regular_day() == TODAY + datetime.timedelta(days=28)


def test_report_and_help(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes", structural="yes")
    r = wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes",
        "report": "yes", "help": "yes", "reported_on": day(), "report_discussed": "no_safety",
        "report_discussion": "Vader is agressief geweest tegen een leerkracht.",
        "help_plan": "Hulp via wijkteam.", "help_provider": "Wijkteam",
        "first_check_on": day(7), "check_interval_days": "7", "help_ends_on": day(7),
    })
    assert r.status_code == 302, errors(r)
    case.refresh_from_db()
    # Both apply, and the status says so (it said only "help being followed").
    assert case.status == CaseStatus.REPORTED_AND_HELP
    assert case.latest_decision().report
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert '<p class="mc-page__kicker">Gemeld bij Veilig Thuis; hulp wordt gevolgd</p>' in page
    listing = client.get("/meldcode/dossiers/").content.decode()
    assert "Gemeld bij Veilig Thuis; hulp wordt gevolgd" in listing
    kinds = dict(FollowUp.objects.filter(case=case).values_list("kind", "due_on"))
    assert kinds["check"] == TODAY + datetime.timedelta(days=7)
    assert kinds["report_feedback"] == add_working_days(TODAY, 5)


def test_the_dossier_as_pdf(staff, client):
    import io

    from pypdf import PdfReader

    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes", acute="yes")
    wizard.post("besluit", {"can_help": "open", "report": "yes", "help": "no",
                            "reported_on": day(), "report_discussed": "yes"})
    response = client.get(f"/meldcode/dossiers/{case.reference}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="dossier-{case.reference}.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (case.reference, "Stap 1: signalen", "Hypothese", "Feit",
                     "Blauwe plek op de wang", "Stap 5: besluiten", "Chronologie",
                     "Gemaakt door Sanne de Vries op", f"pagina 1 van {len(reader.pages)}"):
        assert expected in text, expected
    assert CaseEvent.objects.filter(case=case, action="export", username="medewerker").exists()


def test_the_pdf_is_for_people_with_access_only(staff, client):
    case, _wizard = open_case(client)
    other = User.objects.create_user("collega", password="x" * 16)
    other.groups.add(*staff.groups.all())
    client.force_login(other)
    assert client.get(f"/meldcode/dossiers/{case.reference}/pdf/").status_code == 404
    assert CaseEvent.objects.filter(case=case, action="denied", username="collega").exists()


def test_each_step_shows_its_place_and_the_meldcode_s_guidance_for_recording(staff, client):
    case, wizard = open_case(client)
    guidance = MeldcodeStepPage.objects.child_of(case.meldcode).get(step_number=1)
    guidance.body = [
        {"type": "heading", "value": "Kop van de pagina"},
        {"type": "checklist", "value": {"title": "Lijst A", "items": ["Punt A"]}},
        {"type": "text", "value": "<p>Tekst van de pagina</p>"},
        {"type": "what_to_record", "value": {"title": "Vastleggen B", "items": ["Punt B"]}},
        {"type": "notice", "value": {"kind": "info", "title": "Let op C",
                                     "text": "<p>Melding C</p>"}},
        {"type": "checklist", "value": {"title": "Lijst D", "items": ["Punt D"]}},
    ]
    guidance.save()
    content = client.get(wizard.url("signalen")).content.decode()
    assert f"<title>Stap 1 van 5 – dossier {case.reference}</title>" in content
    assert '<p class="mc-page__kicker">Stap 1 van 5</p>' in content
    start = content.index('<aside class="mc-layout__aside"')
    aside = content[start:content.index("</aside>", start)]
    # The checklists and what to record, in the page's order; the rest is on the page itself.
    assert re.findall(r'<section class="mc-block (mc-[a-z]+)">\s*<h3 class="mc-block__title">'
                      r"([^<]*)</h3>", aside) == [
        ("mc-checklist", "Lijst A"), ("mc-record", "Vastleggen B"), ("mc-checklist", "Lijst D")]
    for elsewhere in ("Kop van de pagina", "Tekst van de pagina", "Let op C"):
        assert elsewhere not in aside
