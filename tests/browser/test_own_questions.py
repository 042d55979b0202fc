"""An editor adds a question of the organisation's own to step 1, a staff member answers
it, and the dossier keeps the answer with the question as it was asked, however the
editor changes it later (issue 15, "Done when")."""

import datetime
import io

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.support import log_in, log_out, marks, screenshot
from wagtail_meldcode.models import Case, MeldcodeStepPage, OwnAnswer

pytestmark = marks

#: The question the editor adds. The demo intranet (education) already asks "Groep of
#: klas" in step 1 (optional); this one comes after it.
QUESTION = "Leerjaar"
CHOICES = ("Groep 5", "Groep 6", "Groep 7")
RENAMED = "Groep van de leerling"
STEP_1 = "Signalen in kaart brengen"


def day(offset=0):
    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def publish(page):
    """Publish the page in the editor, from the footer's menu of more actions."""
    page.get_by_role("button", name="Meer acties").click()
    page.get_by_role("button", name="Publiceren").click()
    expect(page.locator(".messages")).to_contain_text(f"Pagina '{STEP_1}' is gepubliceerd.")


def question_panel(page, label):
    """The editor's panel of the own question now labelled ``label``."""
    return page.locator("[data-inline-panel-child]").filter(
        has=page.locator(f'input[name$="-label"][value="{label}"]'))


def expect_answer(page, question):
    """The dossier shows one answer under "Questions of our organisation" in step 1:
    "Groep 6", to the question as ``question`` says."""
    step = page.get_by_role("region", name="Stap 1: signalen")
    expect(step.get_by_role("heading", name="Vragen van onze organisatie")).to_be_visible()
    expect(step.locator(".mc-own-answers dt")).to_have_text([question])
    expect(step.locator(".mc-own-answers dd")).to_have_text(["Groep 6"])


def test_an_own_question_is_added_answered_and_kept_through_rename_and_delete(
        page, other_page, intranet):
    step = MeldcodeStepPage.objects.get(step_number=1)
    editor_url = f"/admin/pages/{step.pk}/edit/"

    # The editor adds the question to step 1 in the page editor and publishes it.
    editor = page
    log_in(editor, intranet, "beheerder", editor_url)
    panel = editor.get_by_role("region", name="Onze eigen vragen")
    panel.get_by_role("button", name="Voeg vraag toe").click()
    added = panel.locator("[data-inline-panel-child]").last
    added.get_by_label("Label").fill(QUESTION)
    added.get_by_label("Hulptekst").fill("Zoals in het leerlingvolgsysteem.")
    added.get_by_label("Verplicht").check()
    added.get_by_label("Soort vraag").select_option(label="Keuzelijst")
    added.get_by_label("Keuzes").click()
    for number, choice in enumerate(CHOICES):
        if number:
            editor.keyboard.press("Enter")
        editor.keyboard.type(choice)
    expect(added.get_by_label("Keuzes")).to_have_value("\n".join(CHOICES))
    screenshot(editor, "editor-own-questions", top=added)
    publish(editor)
    question = step.own_questions.get(label=QUESTION)
    assert (question.field_type, question.required, question.clean_name) == (
        "dropdown", True, "leerjaar")

    # A staff member opens a case; step 1 asks the question after the fixed fields.
    staff = other_page
    log_in(staff, intranet, "medewerker", "/meldcode/dossiers/nieuw/")
    staff.get_by_label("Persoon (pseudoniem)").fill("Leerling groep 6, D.")
    staff.get_by_label("Leeftijdsgroep").select_option(label="4 tot 12 jaar")
    staff.get_by_role("button", name="Dossier openen").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(STEP_1)
    reference = staff.url.split("/dossiers/")[1].split("/")[0]
    signal = staff.locator("#signalen-signals-0")
    signal.get_by_label("Beschrijving").fill("Komt al een week te laat en zonder ontbijt.")
    signal.get_by_label("Feit", exact=True).check()
    signal.get_by_label("Eigen waarneming").check()
    signal.get_by_label("Datum").fill(day(-1))
    own = staff.get_by_role("group", name="Vragen van onze organisatie")
    asked = own.get_by_label(QUESTION)
    expect(asked).to_have_attribute("name", "signalen-own-leerjaar")
    expect(own).to_contain_text("Zoals in het leerlingvolgsysteem.")
    # Required: the step is not saved without it, and what was typed stays.
    staff.get_by_role("button", name="Opslaan en volgende stap").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(STEP_1)
    expect(staff.get_by_role("alert").first).to_be_visible()
    expect(staff.locator(".mc-field--error")).to_contain_text(QUESTION)
    expect(signal.get_by_label("Beschrijving")).to_have_value(
        "Komt al een week te laat en zonder ontbijt.")
    asked.select_option(label="Groep 6")
    staff.get_by_role("button", name="Opslaan en volgende stap").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(
        "Collegiale consultatie en zo nodig Veilig Thuis raadplegen")
    case = Case.objects.get(reference=reference)
    assert OwnAnswer.objects.get(case=case).value == "Groep 6"
    log_out(staff)

    # The coordinator sees the answer in the admin case view and in the PDF dossier.
    coordinator = other_page
    log_in(coordinator, intranet, "aandachtsfunctionaris",
           f"/admin/meldcode_cases/{case.pk}/dossier/")
    expect_answer(coordinator, QUESTION)
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Dossier downloaden (pdf)").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    pdf = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert f"Vragen van onze organisatie {QUESTION} Groep 6 Stap 2" in pdf

    # The editor renames the question: the answer keeps the label it was given under.
    editor.goto(intranet + editor_url)
    question_panel(editor, QUESTION).get_by_label("Label").fill(RENAMED)
    publish(editor)
    assert step.own_questions.get(clean_name="leerjaar").label == RENAMED
    coordinator.reload()
    expect_answer(coordinator, QUESTION)

    # The editor deletes it: the answer stays, marked as no longer asked.
    editor.goto(intranet + editor_url)
    renamed = question_panel(editor, RENAMED)
    renamed.get_by_role("button", name="Verwijderen").click()
    expect(renamed).to_be_hidden()
    publish(editor)
    assert not step.own_questions.filter(clean_name="leerjaar").exists()
    coordinator.reload()
    expect_answer(coordinator, f"{QUESTION} niet meer gevraagd")
