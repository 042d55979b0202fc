"""The coordinators' case listing in the browser: open cases, those that wait for a
coordinator first, and the status filter that shows the closed ones too."""

from django.contrib.auth.models import User
from playwright.sync_api import expect

from tests.browser.support import log_in, marks, screenshot
from tests.builders import make_listing_cases
from wagtail_meldcode.models import Case

pytestmark = marks


def shown(page):
    """The references of the listed cases, from top to bottom."""
    return page.locator("main table tbody tr a[href$='/dossier/']").all_inner_texts()


def test_the_coordinator_sees_the_cases_in_the_default_order(page, intranet, meldcode):
    coordinator = User.objects.get(username="aandachtsfunctionaris")
    # The intranet's cases: a started one (unassigned) and a helped one (nothing due yet),
    # changed just now, and a closed one.
    started = Case.objects.get(status="open").reference
    helped = Case.objects.get(status="help").reference
    closed = Case.objects.get(status="closed").reference
    order = make_listing_cases(meldcode, User.objects.get(username="medewerker"), coordinator)
    expected = [started, *order[:7], helped, *order[7:]]

    log_in(page, intranet, "aandachtsfunctionaris", "/admin/meldcode_cases/")
    expect(page.locator("main table tbody tr")).to_have_count(len(expected))
    assert shown(page) == expected
    row = page.locator("main table tbody tr", has_text=order[2])  # the overdue check
    expect(row).to_contain_text("verlopen")
    # The nine columns fit a 1280 px window beside the admin's open menu.
    assert page.evaluate("document.querySelector('main table').getBoundingClientRect().right"
                         ) <= page.viewport_size["width"]
    screenshot(page, "admin-case-listing")

    # The default is the status filter's first choice; "all" adds the closed cases.
    page.get_by_role("button", name="Toon filters").click()
    page.locator(".w-drilldown__toggle", has_text="Status").click()
    status = page.get_by_role("combobox", name="Status")
    expect(status).to_have_value("")
    expect(status.locator("option:checked")).to_have_text(
        "Open (elke status behalve afgesloten)")
    status.select_option(label="Alle, ook de afgesloten")
    expect(page.locator("main table tbody tr")).to_have_count(len(expected) + 2)
    # The closed ones among the others, by last change: the builder's, changed last, then
    # the intranet's, closed after the helped case was made.
    assert shown(page) == [*expected[:8], "MC-ORDR-0011", closed, *expected[8:]]
