"""Attachments in the browser: a staff member adds a photo on the case page, sees it
listed and downloads it without its location; a refused file is said beside the field;
the coordinator finds it in the admin. axe-core finds nothing on any of these pages."""

import io
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect

from tests import files
from tests.browser.support import describe, log_in, marks, screenshot, violations
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Attachment, Case

pytestmark = marks


def test_a_photo_is_added_on_the_case_page_and_listed(page, other_page, intranet, tmp_path):
    case = Case.objects.get(status=CaseStatus.HELP)
    signal = case.signals.first()
    photo = tmp_path / "IMG_0042.jpg"
    photo.write_bytes(files.jpeg("KANARIE"))
    case_path = f"/meldcode/dossiers/{case.reference}/"
    log_in(page, intranet, "medewerker", case_path)
    section = page.get_by_role("region", name="Bijlagen")
    expect(section.get_by_text("Nog geen bijlagen toegevoegd.")).to_be_visible()
    assert violations(page) == [], describe(violations(page))

    section.get_by_label("Bestand").set_input_files(str(photo))
    section.get_by_label("Titel").fill("Blauwe plek bovenarm")
    section.get_by_label("Beschrijving").fill("Gezien bij binnenkomst, linkerarm.")
    section.get_by_label("Hoort bij").select_option(f"signal-{signal.pk}")
    section.get_by_role("button", name="Bijlage toevoegen").click()

    expect(page).to_have_url(f"{intranet}{case_path}#bijlagen")
    expect(page.get_by_role("status").first).to_have_text(
        "De bijlage 'Blauwe plek bovenarm' is toegevoegd.")
    entry = section.locator("article", has_text="Blauwe plek bovenarm")
    expect(entry).to_contain_text("Gezien bij binnenkomst, linkerarm.")
    expect(entry).to_contain_text("JPEG-foto")
    assert violations(page) == [], describe(violations(page))
    screenshot(page, "case-attachments", top=section)

    with page.expect_download() as download:
        entry.get_by_role("link", name="Downloaden").click()
    attachment = Attachment.objects.get(case=case)
    assert download.value.suggested_filename == f"{case.reference}-bijlage-{attachment.pk}.jpg"
    saved = Image.open(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert saved.size == (30, 60) and dict(saved.getexif()) == {}

    # A program with a PDF's name is refused, next to the field, on a page of its own.
    section.get_by_label("Bestand").set_input_files(files=[{
        "name": "rapport.pdf", "mimeType": "application/pdf",
        "buffer": files.windows_program()}])
    section.get_by_label("Titel").fill("Rapport")
    section.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.get_by_role("alert")).to_have_text(
        "De bijlage is niet toegevoegd: zie de toelichting bij de velden.")
    expect(page.locator("#mc-attachment-file_error")).to_have_text(
        "Dit soort bestand kan niet worden toegevoegd. Voeg een pdf, een foto (JPEG, PNG of "
        "HEIC) of een Word-document (DOCX) toe.")
    assert violations(page) == [], describe(violations(page))
    assert Attachment.objects.filter(case=case).count() == 1

    # The coordinator finds the photo in the admin's case view.
    coordinator = other_page
    log_in(coordinator, intranet, "aandachtsfunctionaris",
           f"/admin/meldcode_cases/{case.pk}/dossier/")
    panel = coordinator.get_by_role("region", name="Bijlagen")
    expect(panel.locator("article", has_text="Blauwe plek bovenarm")).to_be_visible()
    assert violations(coordinator) == [], describe(violations(coordinator))


def test_a_wrong_file_is_removed_with_the_keyboard(page, intranet, tmp_path):
    case = Case.objects.get(status=CaseStatus.HELP)
    document = tmp_path / "verslag.pdf"
    document.write_bytes(files.pdf("KANARIE"))
    case_path = f"/meldcode/dossiers/{case.reference}/"
    log_in(page, intranet, "medewerker", case_path)
    section = page.get_by_role("region", name="Bijlagen")
    section.get_by_label("Bestand").set_input_files(str(document))
    section.get_by_label("Titel").fill("Verslag van een andere leerling")
    section.get_by_role("button", name="Bijlage toevoegen").click()
    # The case page again, loaded whole, before the keyboard goes to its new link.
    expect(page.get_by_role("status").first).to_have_text(
        "De bijlage 'Verslag van een andere leerling' is toegevoegd.")
    page.wait_for_load_state("load")

    remove = section.get_by_role("link", name="Verwijderen")
    remove.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "De bijlage 'Verslag van een andere leerling' verwijderen")
    assert violations(page) == [], describe(violations(page))
    page.get_by_role("button", name="Ja, bijlage verwijderen").click()
    expect(page.get_by_role("alert")).to_have_text(
        "De bijlage is niet verwijderd: zie de toelichting bij het veld.")
    page.get_by_label("Waarom verwijder je de bijlage?").fill("Hoort bij een ander dossier.")
    page.get_by_role("button", name="Ja, bijlage verwijderen").click()

    expect(page).to_have_url(f"{intranet}{case_path}#bijlagen")
    expect(page.get_by_role("status").first).to_have_text(
        "De bijlage 'Verslag van een andere leerling' is verwijderd.")
    expect(section.locator("article").last).to_contain_text(
        "Verwijderd door Sanne de Vries op")
    expect(section.locator("article").last).to_contain_text("Hoort bij een ander dossier.")
    assert Attachment.objects.get(case=case).stored_name == ""
