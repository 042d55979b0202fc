"""The summary for Veilig Thuis in the browser: the staff member opens it from the case
page, gives their function and phone number once (a wrong number said beside the field,
nothing typed lost), copies a section with the keyboard for a regional web form and
downloads the PDF; a photo and two injuries recorded before are in it. axe-core finds
nothing on the page."""

import io
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from tests import files
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


def test_a_photo_and_two_injuries_reach_the_downloaded_summary(page, intranet, tmp_path):
    case = Case.objects.get(status=CaseStatus.HELP)
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(files.jpeg("KANARIE"))
    case_path = f"/meldcode/dossiers/{case.reference}/"
    log_in(page, intranet, "medewerker", case_path)
    attachments = page.get_by_role("region", name="Bijlagen")
    attachments.get_by_label("Bestand").set_input_files(str(photo))
    attachments.get_by_label("Titel").fill("Blauwe plek bovenarm")
    attachments.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_role("status").first).to_have_text(
        "De bijlage 'Blauwe plek bovenarm' is toegevoegd.")

    page.get_by_role("link", name="Letsel aangeven op de lichaamskaart").click()
    for region, kind, note in (("front-left-upper-arm", "bruise", "Gezien bij binnenkomst."),
                               ("back-right-thigh", "burn", "Rond, als van een sigaret.")):
        form = page.locator("#mc-mark-form")
        form.get_by_label("Lichaamsdeel").select_option(region)
        form.get_by_label("Soort letsel").select_option(kind)
        form.get_by_label("Toelichting").fill(note)
        form.get_by_role("button", name="Letsel toevoegen").click()
        expect(page.get_by_role("status").first).to_have_text(
            "Het letsel staat op de lichaamskaart.")

    page.goto(f"{intranet}{case_path}meldingsoverzicht/")
    evidence = page.get_by_role("region", name="4. Letsel en bijlagen")
    rows = evidence.locator(".mc-bodymap__table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Linkerbovenarm, voorkant")
    expect(rows.nth(1)).to_contain_text("Rechterbovenbeen, achterkant")
    expect(evidence.locator("li")).to_contain_text(["Blauwe plek bovenarm"])
    assert violations(page) == [], describe(violations(page))

    with page.expect_download() as download:
        page.get_by_role("link", name="Overzicht downloaden (pdf)").click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for fact in ("Linkerbovenarm, voorkant Blauwe plek", "Gezien bij binnenkomst.",
                 "Rechterbovenbeen, achterkant Brandwond", "Rond, als van een sigaret.",
                 "JPEG-foto · Blauwe plek bovenarm"):
        assert fact in text, fact
