"""The summary for Veilig Thuis in the browser: the staff member opens it from the case
page, gives their function and phone number once (a wrong number said beside the field,
nothing typed lost), copies a section with the keyboard for a regional web form and
downloads the PDF. axe-core finds nothing on the page."""

from playwright.sync_api import expect

from tests.browser.support import describe, log_in, marks, screenshot, violations
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, ReporterDetails

pytestmark = marks


def test_the_summary_is_prepared_copied_and_downloaded(page, intranet):
    case = Case.objects.get(status=CaseStatus.HELP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=intranet)
    log_in(page, intranet, "medewerker", f"/meldcode/dossiers/{case.reference}/")
    page.get_by_role("link", name="Meldingsoverzicht voor Veilig Thuis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Meldingsoverzicht voor Veilig Thuis")
    assert violations(page) == [], describe(violations(page))

    asked = page.get_by_role("region", name="Je functie en telefoonnummer")
    asked.get_by_label("Functie").fill("Groepsleerkracht groep 6")
    asked.get_by_label("Telefoonnummer").fill("06-123")
    asked.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#mc-reporter-phone_error")).to_have_text(
        "Vul een telefoonnummer in met minstens 8 cijfers, bijvoorbeeld 06-12345678.")
    expect(asked.get_by_label("Functie")).to_have_value("Groepsleerkracht groep 6")
    assert violations(page) == [], describe(violations(page))
    asked.get_by_label("Telefoonnummer").fill("06-12345678")
    asked.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Je functie en telefoonnummer zijn opgeslagen voor elk overzicht dat je maakt.")
    assert ReporterDetails.objects.get().phone == "06-12345678"

    reporter = page.get_by_role("region", name="1. Melder")
    copy = reporter.get_by_role("button", name="Dit onderdeel kopiëren")
    copy.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#mc-copy-status")).to_have_text("Het onderdeel staat op het klembord.")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "Naam\nSanne de Vries\nFunctie\nGroepsleerkracht groep 6\nOrganisatie\nlocalhost\n"
        "Telefoonnummer\n06-12345678\nE-mail\nmedewerker@example.org\n"
        f"Aandachtsfunctionaris\nJeroen Bakker\nOns kenmerk\n{case.reference}")
    assert violations(page) == [], describe(violations(page))
    screenshot(page, "report-summary", top=reporter)

    with page.expect_download() as download:
        page.get_by_role("link", name="Overzicht downloaden (pdf)").click()
    assert download.value.suggested_filename == f"meldingsoverzicht-{case.reference}.pdf"
