"""A staff member records a case in the browser, from the meldcode to the decision."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.support import log_in, log_out, marks, screenshot
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, FollowUp

pytestmark = marks


def day(offset=0):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def save_and_next(page, heading):
    page.get_by_role("button", name="Opslaan en volgende stap").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def test_a_case_from_the_first_signal_to_help_with_a_follow_up(page, intranet):
    log_in(page, intranet, "medewerker")
    # The meldcode: the index page, then step 1 as a page of its own.
    page.get_by_role("link", name="Meldcode huiselijk geweld en kindermishandeling").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Meldcode huiselijk geweld en kindermishandeling")
    page.get_by_role("link", name="Signalen in kaart brengen").first.click()
    expect(page.get_by_text("Stap 1 van 5")).to_be_visible()

    page.go_back()
    page.get_by_role("link", name="Nieuw dossier").click()
    page.get_by_label("Persoon (pseudoniem)").fill("Leerling groep 6, K.")
    page.get_by_label("Leeftijdsgroep").select_option(label="4 tot 12 jaar")
    page.get_by_role("button", name="Dossier openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signalen in kaart brengen")
    reference = page.url.split("/dossiers/")[1].split("/")[0]

    # Step 1: a fact, then (a second row) a hypothesis.
    first = page.locator("#signalen-signals-0")
    first.get_by_label("Beschrijving").fill("Blauwe plek op de wang, zegt gevallen te zijn.")
    first.get_by_label("Feit", exact=True).check()
    first.get_by_label("Eigen waarneming").check()
    first.get_by_label("Datum").fill(day(-2))
    first.get_by_label("Vorm van geweld").select_option(label="Lichamelijke mishandeling")
    page.get_by_role("button", name="Nog een signaal toevoegen").click()
    second = page.locator("#signalen-signals-1")
    second.get_by_label("Beschrijving").fill("Mogelijk wordt hij thuis geslagen.")
    second.get_by_label("Hypothese", exact=True).check()
    second.get_by_label("Eigen waarneming").check()
    second.get_by_label("Datum").fill(day(-1))
    screenshot(page, "wizard-step-1-signals", top=page.locator("#signalen-signals-title"))
    save_and_next(page, "Collegiale consultatie en zo nodig Veilig Thuis raadplegen")

    # Step 2: consulting the coordinator.
    row = page.locator("#overleg-consultations-0")
    row.get_by_label("Met").select_option(label="Aandachtsfunctionaris")
    row.get_by_label("Naam en functie").fill("Jeroen Bakker, aandachtsfunctionaris")
    row.get_by_label("Datum").fill(day(-1))
    row.get_by_label("Advies").fill("Bespreek het met de ouders.")
    save_and_next(page, "Gesprek met de betrokkene(n)")

    # Step 3, half typed: saved for later; then the staff member logs out.
    row = page.locator("#gesprek-conversations-0")
    row.get_by_label("Met wie").fill("Moeder")
    row.get_by_label("Datum").fill(day())
    row.get_by_label("Reactie").fill("Moeder schrok en vertelde over spanningen thuis.")
    page.get_by_role("button", name="Opslaan en later verder").click()
    expect(page.get_by_role("status").first).to_contain_text("later verder")
    log_out(page)

    # Back the next day: "Mijn dossiers" shows the draft; the step is as it was typed.
    log_in(page, intranet, "medewerker", "/meldcode/dossiers/")
    listed = page.get_by_role("row").filter(has_text=reference)
    expect(listed).to_contain_text("onafgerond concept")
    listed.get_by_role("link", name="Stap 3 van 5").click()
    row = page.locator("#gesprek-conversations-0")
    expect(row.get_by_label("Met wie")).to_have_value("Moeder")
    expect(row.get_by_label("Reactie")).to_have_value(
        "Moeder schrok en vertelde over spanningen thuis.")
    row.get_by_label("Doel uitgelegd").check()
    row.get_by_label("Feiten voorgelegd").check()
    save_and_next(page, "Wegen met het afwegingskader")

    # Step 4: a suspicion, no acute or structural unsafety.
    page.get_by_role("group", name="Vraag 1: Heb ik").get_by_label("Ja").check()
    page.get_by_role("group", name="acute onveiligheid").get_by_label("Nee").check()
    page.get_by_role("group", name="structurele onveiligheid").get_by_label("Nee").check()
    page.get_by_label("Onderbouwing").fill("Signalen, advies en gesprek wijzen dezelfde kant op.")
    save_and_next(page, "Beslissen over melden en hulp")

    # Step 5: the afwegingskader advises help as the questions are answered.
    advice = page.locator("[data-advice-text]")
    for question in ("Vraag 3:", "Vraag 4:", "Vraag 5:"):
        page.get_by_role("group", name=question).get_by_label("Ja").check()
    expect(advice).to_have_text("Bied of organiseer hulp en volg de effecten.")
    screenshot(page, "wizard-step-5-decision", top=page.locator("#mc-wizard"))
    page.get_by_role("group", name="Besluit 1").get_by_label("Nee").check()
    page.get_by_role("group", name="Besluit 2").get_by_label("Ja").check()
    page.get_by_label("Hulpplan").fill("Schoolmaatschappelijk werk, wekelijks.")
    page.get_by_label("Wie de hulp biedt").fill("SMW")
    page.get_by_label("Eerste controle op").fill(day(14))
    page.get_by_label("Tijd tussen controles").fill("14")
    page.get_by_label("Volgen tot").fill(day(70))
    page.get_by_role("button", name="Besluiten opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {reference}")
    expect(page.get_by_role("status").first).to_contain_text("besluiten")
    screenshot(page, "case")

    page.get_by_role("link", name="Mijn dossiers").first.click()
    listed = page.get_by_role("row").filter(has_text=reference)
    next_check = timezone.localdate() + datetime.timedelta(days=14)
    expect(listed).to_contain_text("Hulp")
    expect(listed).to_contain_text(f"{next_check.day} ")
    screenshot(page, "my-cases")

    case = Case.objects.get(reference=reference)
    assert case.status == CaseStatus.HELP
    assert [signal.kind for signal in case.signals.order_by("observed_on")] == [
        "fact", "hypothesis"]
    assert FollowUp.objects.get(case=case).due_on == next_check
