"""The meldcode cannot be bypassed in the browser, and a report under acute unsafety can be
made with questions 4 and 5 still open (issue "One case lifecycle", findings 1 and 2)."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import log_in, marks
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import (
    Case,
    Consultation,
    Conversation,
    MeldcodePage,
    Signal,
    Weighing,
)

pytestmark = marks


def day(offset=0):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def test_skipped_steps_are_listed_and_nothing_typed_in_step_5_is_lost(page, intranet):
    log_in(page, intranet, "medewerker", "/meldcode/dossiers/nieuw/")
    page.get_by_label("Persoon (pseudoniem)").fill("Leerling groep 7, S.")
    page.get_by_label("Leeftijdsgroep").select_option(label="4 tot 12 jaar")
    page.get_by_role("button", name="Dossier openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalen in kaart brengen")
    reference = page.url.split("/dossiers/")[1].split("/")[0]
    signal = page.locator("#signalen-signals-0")
    signal.get_by_label("Beschrijving").fill("Vertelt over een zomer in het land van herkomst.")
    signal.get_by_label("Feit", exact=True).check()
    signal.get_by_label("Eigen waarneming").check()
    signal.get_by_label("Datum").fill(day(-1))
    signal.get_by_label("Vorm van geweld").select_option(label="Vrouwelijke genitale verminking")
    page.get_by_role("button", name="Opslaan en volgende stap").click()

    # The step links, past steps 2 and 3.
    nav = page.get_by_role("navigation", name="Naar een andere stap")
    nav.get_by_role("button", name="Stap 4").click()
    page.get_by_role("group", name="Vraag 1: Heb ik").get_by_label("Ja").check()
    page.get_by_role("group", name="acute onveiligheid").get_by_label("Nee").check()
    page.get_by_role("group", name="structurele onveiligheid").get_by_label("Nee").check()
    page.get_by_label("Onderbouwing").fill("Zorgen over een reis deze zomer.")
    page.get_by_role("button", name="Opslaan en volgende stap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslissen over melden en hulp")

    for question in ("Vraag 3:", "Vraag 4:", "Vraag 5:"):
        page.get_by_role("group", name=question).get_by_label("Ja").check()
    page.get_by_role("group", name="Besluit 1").get_by_label("Nee").check()
    page.get_by_role("group", name="Besluit 2").get_by_label("Ja").check()
    page.get_by_label("Hulpplan").fill("Gesprekken met de jeugdverpleegkundige.")
    page.get_by_role("button", name="Besluiten opslaan").click()

    summary = page.locator(".mc-errorsummary")
    expect(summary).to_contain_text("De besluiten kunnen nog niet worden opgeslagen")
    expect(summary.get_by_role("listitem").filter(has=page.get_by_role("link"))).to_have_text([
        "Stap 2: Leg minstens één overleg vast.",
        "Stap 2: Er zijn signalen van vrouwelijke genitale verminking of eergerelateerd "
        "geweld: overleg met Veilig Thuis of een deskundige.",
        "Stap 3: Leg een gesprek met de betrokkenen vast, of de reden om geen gesprek te "
        "voeren.",
    ])
    expect(page.get_by_label("Hulpplan")).to_have_value("Gesprekken met de jeugdverpleegkundige.")
    progress = page.get_by_role("list", name="Voortgang")
    expect(progress.get_by_role("listitem")).to_have_text([
        "Stap 1 ✓ (klaar)", "Stap 2 ! (vraagt aandacht)", "Stap 3 ! (vraagt aandacht)",
        "Stap 4 ✓ (klaar)", "Stap 5 (nog niet klaar)"])

    # Back does not ask to send the form again, and leaving keeps what was typed.
    page.get_by_role("link", name="Mijn dossiers").first.click()
    page.go_back()
    expect(page.get_by_label("Hulpplan")).to_have_value("Gesprekken met de jeugdverpleegkundige.")
    summary.get_by_role("link", name="Stap 2").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Collegiale consultatie en zo nodig Veilig Thuis raadplegen")
    case = Case.objects.get(reference=reference)
    assert (case.status, case.decisions.count()) == (CaseStatus.OPEN, 0)


def weighed_case(owner, acute):
    """A case with steps 1 to 4 recorded, as the wizard would leave it."""
    case = Case.objects.create(
        meldcode=MeldcodePage.objects.get(), site=MeldcodePage.objects.get().get_site(),
        owner=owner, age_group="4-12", person_reference="Leerling groep 5, D.",
        current_step=5,
    )
    Signal.objects.create(case=case, description="Vertelt dat vader hem slaat.",
                          observed_on=timezone.localdate(), form_of_violence="physical_abuse")
    Consultation.objects.create(case=case, with_whom="coordinator", advice="Meld.",
                                consulted_on=timezone.localdate())
    Conversation.objects.create(case=case, with_whom="Moeder", reaction="Schrok.",
                                held_on=timezone.localdate())
    Weighing.objects.create(case=case, suspicion=True, acute_unsafety=acute,
                            structural_unsafety=False, reasoning="Onthulling.",
                            weighed_by=owner)
    return case


def test_a_report_under_acute_unsafety_with_questions_4_and_5_open(page, intranet):
    case = weighed_case(User.objects.get(username="medewerker"), acute=True)
    log_in(page, intranet, "medewerker", f"/meldcode/dossiers/{case.reference}/stap/besluit/")
    advice = page.locator("[data-advice-text]")
    page.get_by_role("group", name="Vraag 3:").get_by_label("Ja").check()
    for question in ("Vraag 4:", "Vraag 5:"):
        page.get_by_role("group", name=question).get_by_label(
            "Nog niet: samen met Veilig Thuis te beantwoorden").check()
    expect(advice).to_have_text("Meld bij Veilig Thuis.")
    page.get_by_role("group", name="Besluit 1").get_by_label("Ja").check()
    page.get_by_role("group", name="Besluit 2").get_by_label("Nee").check()
    page.get_by_label("Gemeld op").fill(day())
    page.get_by_role("group", name="Vooraf met de leerling of de ouders besproken").get_by_label(
        "Ja, vooraf besproken").check()
    page.get_by_role("button", name="Besluiten opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {case.reference}")
    case.refresh_from_db()
    assert case.status == CaseStatus.REPORTED
    decision = case.latest_decision()
    assert (decision.can_help, decision.help_accepted, decision.help_effective) == (
        True, None, None)
