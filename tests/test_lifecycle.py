"""One case lifecycle: the meldcode cannot be bypassed, nothing typed is lost, and each
state change follows its rules (issue "One case lifecycle", findings 1-3 and 5-7)."""

import re

import pytest
from django.contrib.auth.models import User

from tests.helpers import day, do_steps_1_to_3, error_summary, errors, open_case, weigh
from wagtail_meldcode import lifecycle
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, CaseDraft, Decision, FollowUp

pytestmark = pytest.mark.django_db

HELP_DECISION = {
    "can_help": "yes", "help_accepted": "yes", "help_effective": "yes", "report": "no",
    "help": "yes", "help_plan": "Schoolmaatschappelijk werk, wekelijks.",
    "help_provider": "SMW", "first_check_on": day(14), "check_interval_days": "14",
    "help_ends_on": day(70),
}


def missing_links(response):
    """The missing items at the top of step 5, as (link, text)."""
    return re.findall(r'<li><a href="([^"]+)">[^<]+</a>: ([^<]+)</li>', error_summary(response))


def test_skipped_steps_block_the_decisions_and_are_listed_with_links(staff, client):
    """Finding 1: a signal of genital mutilation, then the step links past steps 2 and 3,
    step 4 saved: the decisions are refused, and every missing item is listed."""
    case, wizard = open_case(client)
    r = wizard.post("signalen", {
        "person_reference": "Leerling groep 6", "age_group": "4-12",
        "signals-0-description": "Vertelt over een reis naar het land van herkomst.",
        "signals-0-kind": "fact", "signals-0-source": "own", "signals-0-observed_on": day(-1),
        "signals-0-form_of_violence": "female_genital_mutilation",
    })
    assert r.status_code == 302, errors(r)
    for step, goto in (("overleg", "gesprek"), ("gesprek", "weging")):
        r = wizard.post(step, {}, wizard_goto_step=goto)
        assert r["Location"] == wizard.url(goto)
    weigh(wizard, "yes")

    response = wizard.post("besluit", HELP_DECISION)
    assert response.status_code == 200
    assert missing_links(response) == [
        (wizard.url("overleg"), "Leg minstens één overleg vast."),
        (wizard.url("overleg"), "Er zijn signalen van vrouwelijke genitale verminking of "
                                "eergerelateerd geweld: overleg met Veilig Thuis of een "
                                "deskundige."),
        (wizard.url("gesprek"), "Leg een gesprek met de betrokkenen vast, of de reden om "
                                "geen gesprek te voeren."),
    ]
    assert Decision.objects.filter(case=case).count() == 0
    case.refresh_from_db()
    assert (case.status, case.incomplete_steps) == (CaseStatus.OPEN, "2,3")
    # What was typed in step 5 is kept.
    assert "Schoolmaatschappelijk werk, wekelijks." in response.content.decode()

    # Flagged in "Mijn dossiers", the coordinator's listing and the dashboard.
    listing = client.get("/meldcode/dossiers/").content.decode()
    assert '<span class="mc-badge">stappen 2, 3 onvolledig</span>' in listing
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    admin_listing = client.get("/admin/meldcode_cases/").content.decode()
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{case.reference}(?:(?!</tr>).)*</tr>",
                    admin_listing, re.S).group(0)
    assert "(onvolledig: stappen 2, 3)" in row  # beside the step
    dashboard = client.get("/admin/").content.decode()
    flagged = dashboard[dashboard.index("Stappen overgeslagen of onvolledig"):]
    assert case.reference in flagged[:flagged.index("</table>")]


def test_the_step_bar_shows_what_each_step_needs(staff, client):
    case, wizard = open_case(client)
    r = wizard.post("signalen", {
        "person_reference": "Leerling", "age_group": "4-12",
        "signals-0-description": "Blauwe plek.", "signals-0-kind": "fact",
        "signals-0-source": "own", "signals-0-observed_on": day(-1),
    })
    assert r.status_code == 302
    weigh(wizard, "yes")
    page = client.get(wizard.url("besluit")).content.decode()
    states = re.findall(r'class="mc-progress__step mc-progress__step--(\w+)', page)
    assert states == ["complete", "attention", "attention", "complete", "incomplete"]


def test_going_straight_to_step_5_lists_what_is_missing(staff, client):
    case, wizard = open_case(client)
    response = wizard.post("besluit", {"report": "no", "help": "no",
                                       "close_reason": "Geen zorgen."})
    assert [text for _url, text in missing_links(response)] == [
        "Leg minstens één signaal vast.", "Leg minstens één overleg vast.",
        "Leg een gesprek met de betrokkenen vast, of de reden om geen gesprek te voeren.",
        "Beantwoord vraag 1 en 2 van het afwegingskader.",
    ]


def test_a_reason_not_to_talk_allows_a_report_but_not_help_alone(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    Case.objects.filter(pk=case.pk).update(no_conversation_reason="safety")
    case.conversations.all().delete()
    weigh(wizard, "yes")
    response = wizard.post("besluit", HELP_DECISION)
    assert [text for _url, text in missing_links(response)] == [
        "Een reden om geen gesprek te voeren telt alleen samen met een melding: wil je "
        "hulp bieden zonder te melden, ga dan eerst in gesprek met de betrokkenen."]
    response = wizard.post("besluit", {
        "can_help": "no", "report": "yes", "help": "no", "reported_on": day(),
        "report_discussed": "no_safety", "report_discussion": "Gevaar voor de moeder.",
    })
    assert response.status_code == 302, errors(response)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REPORTED


def test_a_report_under_acute_unsafety_with_questions_4_and_5_open(staff, client):
    """Finding 2: question 3 yes, questions 4 and 5 not known yet: the report is saved,
    and the live advice keeps saying that a report is needed."""
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes", acute="yes")
    advice = client.get(f"/meldcode/dossiers/{case.reference}/advies/",
                        {"can_help": "yes", "help_accepted": "", "help_effective": ""})
    assert advice.json()["suggestion"] == "report"
    assert advice.json()["help_possible"] is None
    page = client.get(wizard.url("besluit")).content.decode()
    assert page.count("Nog niet: samen met Veilig Thuis te beantwoorden") == 3
    response = wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "open", "help_effective": "open",
        "report": "yes", "help": "no", "reported_on": day(), "report_discussed": "yes",
    })
    assert response.status_code == 302, errors(response)
    decision = Decision.objects.get(case=case)
    assert (decision.can_help, decision.help_accepted, decision.help_effective) == (
        True, None, None)
    assert (decision.suggested_report, decision.suggested_help) == (True, None)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.REPORTED


@pytest.mark.parametrize(("step", "fields", "typed"), [
    ("signalen", {"signals-0-description": "Getypt maar onvolledig.",
                  "signals-0-source": "third_party"}, "Getypt maar onvolledig."),
    ("overleg", {"consultations-0-advice": "Advies zonder datum."}, "Advies zonder datum."),
    ("gesprek", {"conversations-0-reaction": "Reactie zonder datum."}, "Reactie zonder datum."),
    ("weging", {"reasoning": "Afweging zonder antwoorden."}, "Afweging zonder antwoorden."),
    ("besluit", {"help": "yes", "report": "no",
                 "help_plan": "Plan zonder uitvoerder."}, "Plan zonder uitvoerder."),
])
def test_a_failed_save_keeps_what_was_typed_on_every_step(staff, client, step, fields, typed):
    """Finding 3: a save that fails validation keeps what was typed as the step's draft
    and redirects (no "confirm form resubmission" on back); leaving through "Mijn
    dossiers" and coming back shows it again, with its errors."""
    case, wizard = open_case(client)
    if step == "besluit":
        do_steps_1_to_3(wizard)
        weigh(wizard, "yes")
    data = wizard.form_data(step)
    data.update({f"{step}-{name}": value for name, value in fields.items()})
    response = client.post(wizard.url(step), data)
    assert response.status_code == 302
    assert response["Location"] == wizard.errors_url(step)
    assert CaseDraft.objects.get(case=case, step=step).show_errors is True

    assert client.get("/meldcode/dossiers/").status_code == 200
    page = client.get(wizard.url(step)).content.decode()
    assert typed in page
    assert 'class="mc-errorsummary"' in page


def test_a_reopened_step_5_says_why_and_asks_question_5_anew(staff, client):
    """Finding 5: after "the help does not work", step 5 says so, shows the earlier
    decision and clears question 5."""
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    assert wizard.post("besluit", HELP_DECISION).status_code == 302
    followup = FollowUp.objects.get(case=case)
    coordinator = User.objects.get(username="aandachtsfunctionaris")
    client.force_login(coordinator)
    r = client.post(f"/meldcode/dossiers/{case.reference}/controle/{followup.pk}/", {
        "outcome": "not_working", "observations": "Geen verbetering, moeder haakt af."})
    assert r.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.current_step, case.reconsider_report) == (
        CaseStatus.OPEN, 5, True)

    response = client.get(wizard.url("besluit"))
    page = response.content.decode()
    assert "Stap 5 staat weer open: de hulp werkt niet." in page
    assert "Geen verbetering, moeder haakt af." in page
    assert "Het eerdere besluit (" in page
    form = response.context["form"].form
    assert form["help_effective"].value() is None
    assert form["can_help"].value() == "yes"
    assert response.context["form"].suggestion() is None  # the advice is computed anew


def test_after_no_suspicion_step_5_only_closes_the_case(staff, client):
    """Finding 6."""
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "no")
    response = client.get(wizard.url("besluit"))
    assert list(response.context["form"].form.fields) == ["close_reason"]
    assert "Vraag 3" not in response.content.decode()
    r = wizard.post("besluit", {"close_reason": "De uitleg van moeder klopt met de feiten."})
    assert r.status_code == 302, errors(r)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    decision = Decision.objects.get(case=case)
    assert (decision.report, decision.help, decision.can_help) == (False, False, None)


def test_only_the_lifecycle_writes_a_case_status():
    """``Case.status`` is assigned in lifecycle.py and nowhere else in the app."""
    from pathlib import Path

    root = Path(lifecycle.__file__).parent
    writers = sorted(
        str(path.relative_to(root)) for path in root.rglob("*.py")
        if "migrations" not in path.parts
        and re.search(r"\bcase\.status\s*=[^=]|update\(status=CaseStatus", path.read_text())
        and path.name != "lifecycle.py"
    )
    assert writers == []


def reported_with_questions_open(client, wizard):
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes", structural="yes")
    r = wizard.post("besluit", {
        "can_help": "open", "help_accepted": "open", "help_effective": "open",
        "report": "yes", "help": "no", "reported_on": day(-7), "report_discussed": "yes",
    })
    assert r.status_code == 302, errors(r)


def feedback_url(case):
    followup = FollowUp.objects.get(case=case, kind="report_feedback")
    return f"/meldcode/dossiers/{case.reference}/controle/{followup.pk}/"


def test_veilig_thuis_feedback_asks_the_open_questions_and_plans_help(staff, client):
    """After a report for unsafety with questions 3-5 open, the feedback check-in asks
    them, records whether Veilig Thuis takes the report on, and plans the help that
    has become possible."""
    case, wizard = open_case(client)
    reported_with_questions_open(client, wizard)
    page = client.get(feedback_url(case))
    assert list(page.context["form"].fields) == [
        "report_taken_on", "observations", "next_step", "can_help", "help_accepted",
        "help_effective", "help_plan", "help_provider", "first_check_on",
        "check_interval_days", "help_ends_on"]

    answer = {"report_taken_on": "yes", "observations": "VT start een onderzoek.",
              "next_step": "School blijft het kind volgen.", "can_help": "yes",
              "help_accepted": "yes", "help_effective": "yes"}
    refused = client.post(feedback_url(case), answer)
    assert refused.status_code == 200
    assert refused.content.decode().count(
        "De vragen 3 tot en met 5 zeggen dat hulp mogelijk is: plan die hier.") == 5

    response = client.post(feedback_url(case), {
        **answer, "help_plan": "Gezinscoach, twee keer per week.", "help_provider": "Wijkteam",
        "first_check_on": day(14), "check_interval_days": "14", "help_ends_on": day(90)})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REPORTED_AND_HELP
    decision = case.latest_decision()
    assert (decision.report, decision.help, decision.suggested_help) == (True, True, True)
    assert (decision.can_help, decision.help_accepted, decision.help_effective) == (
        True, True, True)
    check = FollowUp.objects.get(case=case, kind="check")
    assert (check.status, check.decision) == ("pending", decision)
    feedback = FollowUp.objects.get(case=case, kind="report_feedback")
    assert (feedback.report_taken_on, feedback.next_step) == (
        True, "School blijft het kind volgen.")
    dossier = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert "<dt>Neemt Veilig Thuis de melding in behandeling?</dt><dd>ja</dd>" in dossier


def test_feedback_that_leaves_help_open_plans_nothing(staff, client):
    case, wizard = open_case(client)
    reported_with_questions_open(client, wizard)
    response = client.post(feedback_url(case), {
        "report_taken_on": "no", "observations": "VT legt het terug bij school.",
        "can_help": "yes", "help_accepted": "open", "help_effective": "open"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.REPORTED
    decision = case.latest_decision()
    assert (decision.can_help, decision.help_accepted, decision.help) == (True, None, False)
    assert not FollowUp.objects.filter(case=case, kind="check").exists()


def test_an_adult_pupils_case_needs_the_kindcheck_before_a_decision(staff, client):
    case, wizard = open_case(client, person="Student M.", age_group="adults")
    response = wizard.post("besluit", {"report": "no", "help": "no",
                                       "close_reason": "Geen zorgen."})
    assert [text for _url, text in missing_links(response)][:2] == [
        "Leg minstens één signaal vast.", "Vul de kindcheck in: de leerling is volwassen."]
