"""Told at once, in the browser: a staff member opens a case, the coordinator's e-mail
and the notice on the dashboard lead to it, and the menu counts what waits."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.browser.support import log_in, marks
from wagtail_meldcode import notices
from wagtail_meldcode.models import Case, CaseNotice

pytestmark = marks


def test_the_coordinator_is_told_of_a_new_case_and_is_led_to_it(page, other_page, intranet,
                                                                  settings):
    settings.WAGTAILADMIN_BASE_URL = intranet  # the admin is on the live server too
    log_in(page, intranet, "medewerker", "/meldcode/dossiers/nieuw/")
    page.get_by_label("Persoon (pseudoniem)").fill("Leerling groep 5, T.")
    page.get_by_label("Leeftijdsgroep").select_option(label="4 tot 12 jaar")
    page.get_by_role("button", name="Dossier openen").click()
    reference = page.url.split("/dossiers/")[1].split("/")[0]

    # The worker's part: send what the opening put in the outbox.
    notices.deliver(list(CaseNotice.objects.filter(by_email=True).values_list("pk", flat=True)))
    [message] = mail.outbox
    assert message.to == ["aandachtsfunctionaris@example.org"]
    assert message.subject == f"Nieuw dossier {reference}"
    assert "Leerling" not in message.body
    link = re.search(rf"^{re.escape(intranet)}/admin/\S+$", message.body, re.M).group(0)

    coordinator = other_page
    log_in(coordinator, intranet, "aandachtsfunctionaris", "/admin/")
    expect(coordinator.get_by_role("button", name=re.compile(r"^Meldcode \(\d+ taken\)"))
           ).to_be_visible()
    panel = coordinator.locator("#meldcode_notices-section")
    expect(panel.get_by_role("link", name=reference)).to_have_attribute("href", link)
    # The task list has it too, leading to the page where it gets a coordinator.
    tasks = coordinator.locator("#meldcode_cases-section")
    case = Case.objects.get(reference=reference)
    expect(tasks.get_by_role("link", name=reference)).to_have_attribute(
        "href", f"/admin/meldcode_cases/{case.pk}/dossier/toewijzen/")
    tasks.get_by_role("link", name=reference).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Aandachtsfunctionaris toewijzen")
    coordinator.get_by_label("Aandachtsfunctionaris").select_option(label="Jeroen Bakker")
    coordinator.get_by_role("button", name="Aandachtsfunctionaris toewijzen").click()
    expect(coordinator.locator(".messages")).to_have_text(
        f"Jeroen Bakker is nu de aandachtsfunctionaris van dossier {reference}.")

    coordinator.goto(link)
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text(reference)
    coordinator.goto(f"{intranet}/admin/")
    expect(coordinator.locator("#meldcode_notices-section")).to_contain_text("Nog niet gezien (0)")
    expect(coordinator.locator("#meldcode_cases-section").get_by_role("link", name=reference)
           ).to_have_count(0)
