"""The coordinator gets the reminder, follows its link and finds the help does not work."""

import re

from playwright.sync_api import expect

from tests.browser.support import fill_in_login, marks, screenshot
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, ReminderDelivery
from wagtail_meldcode.reminders import deliver, dispatch

pytestmark = marks


def send_what_is_due(now=None):
    """A dispatch pass, then the send tasks, run here as the worker would run them."""
    dispatch(now)
    deliver(list(ReminderDelivery.objects.filter(sent_at=None).values_list("pk", flat=True)))


def test_help_that_does_not_work_reopens_step_5(page, intranet, mailoutbox):
    case = Case.objects.get(status=CaseStatus.HELP)
    followup = case.followups.get()
    send_what_is_due(followup.due_at)
    (reminder,) = [m for m in mailoutbox if m.to == ["aandachtsfunctionaris@example.org"]]
    link = re.search(r"http://\S+/controle/\d+/", reminder.body).group()
    assert link.startswith(intranet)

    page.goto(link)
    fill_in_login(page, "aandachtsfunctionaris")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Vervolgcontrole van dossier {case.reference}")
    screenshot(page, "follow-up-check-in")
    page.get_by_label("Nee, de hulp werkt niet").check()
    page.get_by_label("Wat heb je gezien").fill("Ouders zijn na twee afspraken gestopt.")
    page.get_by_role("button", name="Vervolgcontrole opslaan").click()

    # The case: reporting after all is to be considered, and step 5 is open again.
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Dossier {case.reference}")
    expect(page.get_by_text("Alsnog melden overwegen")).to_be_visible()
    screenshot(page, "case-reconsider-report")
    steps = page.get_by_role("navigation", name="Stappen van dit dossier")
    steps.get_by_role("link", name="Stap 5").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Beslissen over melden en hulp")
    expect(page.locator("[aria-current=step]")).to_contain_text("Stap 5")
    # Question 5 answered anew: the afwegingskader now advises a report.
    page.get_by_role("group", name="Vraag 5:").get_by_label("Nee").check()
    expect(page.locator("[data-advice-text]")).to_have_text("Meld bij Veilig Thuis.")

    page.goto(f"{intranet}/meldcode/dossiers/")
    expect(page.get_by_role("row").filter(has_text=case.reference)).to_contain_text(
        "alsnog melden overwegen")

    # The owner hears it too: one message, with a link and no content.
    mailoutbox.clear()
    send_what_is_due()
    (notice,) = [m for m in mailoutbox if m.to == ["medewerker@example.org"]]
    assert case.reference in notice.subject
    assert "Leerling" not in notice.body
