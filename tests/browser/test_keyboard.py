"""A whole step of a case with the keyboard only: Tab, arrows, Space, Enter and typing."""

from django.contrib.auth.models import User
from django.test import Client
from playwright.sync_api import expect

from tests.browser.support import log_in, marks
from tests.helpers import do_steps_1_to_3, open_case

pytestmark = marks

FOCUSED = "document.activeElement"


def tab_to(page, selector, limit=60):
    """Press Tab until ``selector`` has the focus; each stop must show where it is."""
    for _presses in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(f"""() => {{
            const el = {FOCUSED}, style = getComputedStyle(el);
            return {{matches: el.matches({selector!r}), tag: el.tagName, id: el.id,
                     visible: el.matches(':focus-visible') && style.outlineStyle !== 'none'}};
        }}""")
        assert focus["visible"], f"no visible focus on {focus}"
        if focus["matches"]:
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_step_4_with_the_keyboard_only(page, intranet):
    client = Client()
    client.force_login(User.objects.get(username="medewerker"))
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    log_in(page, intranet, "medewerker", wizard.url("weging"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Wegen met het afwegingskader")

    # The skip link comes first and leads past the header.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    tab_to(page, "#id_weging-suspicion_0")
    page.keyboard.press("Space")
    expect(page.get_by_role("group", name="Vraag 1: Heb ik").get_by_label("Ja")).to_be_checked()
    for question in ("acute onveiligheid", "structurele onveiligheid"):
        page.keyboard.press("Tab")  # into the next group, on its first answer: "Ja"
        page.keyboard.press("ArrowRight")  # "Nee"
        expect(page.get_by_role("group", name=question).get_by_label("Nee")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Onderbouwing")).to_be_focused()
    page.keyboard.type("Signalen en gesprek wijzen op zorgen, zonder acuut gevaar.")
    tab_to(page, "button:not([name])[type=submit]:not([tabindex='-1'])")
    expect(page.locator(":focus")).to_have_text("Opslaan en volgende stap")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Beslissen over melden en hulp")
    case.refresh_from_db()
    weighing = case.weighing
    assert (weighing.suspicion, weighing.acute_unsafety, weighing.structural_unsafety) == (
        True, False, False)
    assert weighing.reasoning == "Signalen en gesprek wijzen op zorgen, zonder acuut gevaar."


def test_veilig_thuis_comes_before_the_meldcode_with_the_keyboard(page, intranet):
    log_in(page, intranet, "medewerker", "/meldcode/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link, past the header
    expect(page.locator("main")).to_be_focused()
    passed = []
    for _presses in range(20):
        page.keyboard.press("Tab")
        href = page.evaluate(f"{FOCUSED}.href || {FOCUSED}.tagName")
        if href == "tel:0800-2000":
            break
        passed.append(href.removeprefix(intranet))
    else:
        raise AssertionError(f"Veilig Thuis not reached; passed {passed}")
    # Only the page's own buttons (my cases, a new case, a worry about a colleague, the
    # print version) come first.
    assert passed == ["/meldcode/dossiers/", "/meldcode/dossiers/nieuw/",
                      "/meldcode/dossiers/collega/nieuw/", "/meldcode/afdrukken/"]
