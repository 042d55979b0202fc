"""A worry about a colleague in a school, in the browser: a teacher reports it and tells
the school board, the board takes it to its end; axe-core checks each new page."""

from playwright.sync_api import expect

from tests.browser.support import describe, log_in, log_out, marks, violations
from tests.helpers import day
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case

pytestmark = marks


def save_and_next(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en volgende stap").click()


def test_a_worry_about_a_colleague_walked_to_its_end(page, intranet):
    log_in(page, intranet, "medewerker", "/meldcode/dossiers/")
    page.get_by_role("link", name="Zorg over een collega").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zorg over een collega")
    assert violations(page) == [], describe(violations(page))
    page.get_by_label("Persoon (pseudoniem)").fill("Leerling groep 4, M.")
    page.get_by_label("Leeftijdsgroep").select_option(label="4 tot 12 jaar")
    page.get_by_label("Betrokken collega").fill("P. Jansen, gymleraar")
    page.get_by_label("Account van je collega op dit intranet").select_option(
        label="Geen account, of ik weet het niet")
    with page.expect_navigation():
        page.get_by_role("button", name="Dossier openen").click()
    reference = page.url.split("/dossiers/")[1].split("/")[0]
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat is er gezien")
    assert violations(page) == [], describe(violations(page))

    page.get_by_label("Wat heb je gezien of gehoord?").fill(
        "In de kleedkamer raakte de gymleraar een leerling ongepast aan.")
    page.get_by_label("Wanneer").fill(day(-1))
    page.get_by_label("Gezien of gehoord door").fill("Ikzelf")
    save_and_next(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Het bevoegd gezag informeren")
    page.get_by_label("Ingelicht op").fill(day(-1))
    page.get_by_label("Wie heb je ingelicht?").fill("R. Smit, voorzitter college van bestuur")
    page.get_by_label("Telefonisch").check()
    save_and_next(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Overleg met de vertrouwensinspecteur")
    log_out(page)

    # The school board was told ("Nieuw voor jou"), finds it under "Voor het bestuur" and
    # takes it from here.
    log_in(page, intranet, "bestuurder", "/meldcode/dossiers/")
    expect(page.get_by_role("region", name="Nieuw voor jou")).to_contain_text(
        f"{reference}: Nieuw dossier voor het bestuur")
    page.get_by_role("link", name="Voor het bestuur").click()
    page.get_by_role("rowheader").get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {reference}")
    assert violations(page) == [], describe(violations(page))
    page.get_by_role("link", name="Stap 3").click()
    page.get_by_label("Overlegd op").fill(day(0))
    page.get_by_label("Uitkomst van het overleg").fill("Er is een redelijk vermoeden.")
    page.get_by_label("Ja", exact=True).check()
    save_and_next(page)
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Waarom").fill("Aangifte is verplicht bij een redelijk vermoeden.")
    page.get_by_label("Aangifte gedaan op").fill(day(0))
    save_and_next(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("De ouders informeren")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Ingelicht op").fill(day(0))
    page.get_by_label("Hoe, en hun reactie; of waarom niet").fill(
        "Gesprek met beide ouders voor de aangifte.")
    save_and_next(page)
    page.get_by_label("Genomen maatregelen").fill("De gymleraar is op non-actief gesteld.")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan en dossier afsluiten").click()
    expect(page.get_by_role("status").first).to_have_text(
        f"Dossier {reference} is compleet en afgesloten.")
    expect(page.get_by_text("De gymleraar is op non-actief gesteld.")).to_be_visible()
    assert violations(page) == [], describe(violations(page))
    assert Case.objects.get(reference=reference).status == CaseStatus.CLOSED
