"""The coordinator's case view in the browser: the actions from the header's menu, each
with its page, the confirmation for closing and the message that says what changed; the
owner finds what was done under "Nieuw voor jou"."""

import re

from playwright.sync_api import expect

from tests.browser.support import log_in, marks
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case

pytestmark = marks


def choose(page, action):
    """Open the header's "Acties" menu and follow ``action``."""
    page.get_by_role("button", name="Acties").click()
    page.get_by_role("link", name=action, exact=True).click()


def test_the_coordinator_acts_from_the_case_view_and_the_owner_is_told(page, other_page,
                                                                        intranet):
    case = Case.objects.get(status=CaseStatus.HELP)
    reference = case.reference
    dossier = f"{intranet}/admin/meldcode_cases/{case.pk}/dossier/"
    coordinator = page
    log_in(coordinator, intranet, "aandachtsfunctionaris", dossier)
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Dossier {reference}")
    message = coordinator.locator(".messages")

    choose(coordinator, "Stap heropenen")
    coordinator.get_by_label("Stap 3: gesprek").check()
    coordinator.get_by_role("button", name="Stap heropenen").click()
    expect(coordinator).to_have_url(dossier)
    expect(message).to_have_text(f"Dossier {reference} staat weer bij “Stap 3: gesprek”. "
                                 "Op de hoogte gebracht: Sanne de Vries.")

    choose(coordinator, "Notitie of advies toevoegen")
    coordinator.get_by_label("Notitie of advies").fill("Bespreek het met de intern begeleider.")
    coordinator.get_by_role("button", name="Notitie of advies toevoegen").click()
    expect(message).to_have_text(f"Je advies staat nu in stap 2 van dossier {reference}. "
                                 "Op de hoogte gebracht: Sanne de Vries.")

    choose(coordinator, "Dossier afsluiten")
    # The confirmation says what closing does; cancelling changes nothing.
    expect(coordinator.get_by_text("Afsluiten beëindigt het werk aan dit dossier:")
           ).to_be_visible()
    coordinator.get_by_role("link", name="Annuleren").click()
    expect(coordinator).to_have_url(dossier)
    choose(coordinator, "Dossier afsluiten")
    coordinator.get_by_label("Waarom wordt het dossier afgesloten?").fill(
        "De hulp is elders belegd.")
    coordinator.get_by_role("button", name="Ja, dossier afsluiten").click()
    expect(message).to_contain_text(f"Dossier {reference} is afgesloten.")

    # A closed case offers reopening, not closing.
    coordinator.get_by_role("button", name="Acties").click()
    expect(coordinator.get_by_role("link", name="Dossier heropenen")).to_be_visible()
    expect(coordinator.get_by_role("link", name="Dossier afsluiten")).to_have_count(0)
    coordinator.keyboard.press("Escape")

    # Its content is kept while a legal hold is in force.
    choose(coordinator, "Vernietigingsstop instellen")
    coordinator.get_by_label("Waarom moet het dossier bewaard blijven?").fill("Klacht ingediend.")
    coordinator.get_by_role("button", name="Vernietigingsstop instellen").click()
    expect(message).to_have_text(f"Op dossier {reference} staat nu een vernietigingsstop: de "
                                 "inhoud blijft bewaard tot de stop wordt opgeheven.")
    expect(coordinator.get_by_text("Vernietigingsstop: ingesteld op")).to_be_visible()
    choose(coordinator, "Vernietigingsstop opheffen")
    coordinator.get_by_label("Waarom mag de vernietigingsstop worden opgeheven?").fill(
        "Klacht afgehandeld.")
    coordinator.get_by_role("button", name="Vernietigingsstop opheffen").click()
    expect(message).to_contain_text(f"De vernietigingsstop op dossier {reference} is opgeheven.")

    owner = other_page
    log_in(owner, intranet, "medewerker", "/meldcode/dossiers/")
    news = owner.get_by_role("region", name="Nieuw voor jou").get_by_role("listitem")
    expect(news).to_have_text([
        re.compile(rf"^{reference}: Dossier afgesloten, door Jeroen Bakker \d"),
        re.compile(rf"^{reference}: Advies toegevoegd, door Jeroen Bakker \d"),
        re.compile(rf"^{reference}: Stap heropend \(stap 3\), door Jeroen Bakker \d"),
    ])
    news.first.get_by_role("link", name=reference).click()
    expect(owner.get_by_role("heading", level=1)).to_have_text(f"Dossier {reference}")
    expect(owner.get_by_text("De hulp is elders belegd.")).to_be_visible()

    # Given to another owner, the case leaves the former owner's lists but for its reference.
    choose(coordinator, "Overdragen aan een andere eigenaar")
    coordinator.get_by_label("Nieuwe eigenaar").select_option(label="Jeroen Bakker")
    coordinator.get_by_role("button", name="Overdragen aan een andere eigenaar").click()
    expect(message).to_have_text(f"Dossier {reference} is nu van Jeroen Bakker in plaats van "
                                 "Sanne de Vries. Op de hoogte gebracht: Sanne de Vries.")
    owner.goto(f"{intranet}/meldcode/dossiers/")
    owner.get_by_role("link", name=re.compile(r"^Overgedragen")).click()
    expect(owner.get_by_role("row").nth(1)).to_contain_text(f"{reference}")
    expect(owner.get_by_role("row").nth(1)).to_contain_text("Jeroen Bakker")
