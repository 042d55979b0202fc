"""The body map in the browser: a staff member marks one injury by clicking the drawing and
another with the keyboard only, through the list; both are numbered on the case page.
axe-core finds nothing on the body map's page."""

from playwright.sync_api import expect

from tests.browser.support import describe, log_in, marks, screenshot, violations
from wagtail_meldcode import bodymap
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, InjuryMark

pytestmark = marks


def test_two_injuries_marked_by_drawing_and_by_keyboard(page, intranet):
    case = Case.objects.get(status=CaseStatus.HELP)
    figure = bodymap.figure_for(case)
    case_path = f"/meldcode/dossiers/{case.reference}/"
    log_in(page, intranet, "medewerker", case_path)

    # From the case page's step 1 to the body map.
    page.get_by_role("link", name="Letsel aangeven op de lichaamskaart").click()
    expect(page).to_have_url(f"{intranet}{case_path}lichaamskaart/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Lichaamskaart van dossier {case.reference}")
    assert violations(page) == [], describe(violations(page))

    # The drawing, once its script made it clickable: a click on the left upper arm, seen
    # from the front.
    expect(page.locator(".mc-bodymap__figure--active")).to_have_count(1)
    page.locator('[data-region="front-left-upper-arm"]').click()
    form = page.locator("#mc-mark-form")
    expect(form.get_by_label("Lichaamsdeel")).to_have_value("front-left-upper-arm")
    expect(page.locator("#mc-mark-place")).to_have_text(
        "Plek op de tekening: linkerbovenarm, voorkant")
    form.get_by_label("Soort letsel").select_option("bruise")
    form.get_by_label("Grootte").fill("3 bij 2 cm")
    form.get_by_label("Kleur").fill("blauwpaars")
    form.get_by_label("Toelichting").fill("Gezien bij binnenkomst.")
    form.get_by_role("button", name="Letsel toevoegen").click()
    expect(page.get_by_role("status").first).to_have_text("Het letsel staat op de lichaamskaart.")
    screenshot(page, "bodymap", top=page.locator(".mc-bodymap"))
    drawn = InjuryMark.objects.get(case=case)
    anchor = figure.region("front-left-upper-arm").anchor
    # The click was at the middle of the shape: its anchor, to within a pixel's width.
    assert drawn.content["region"] == "front-left-upper-arm"
    assert abs(drawn.content["x"] - anchor[0]) < 1.5 and abs(drawn.content["y"] - anchor[1]) < 1.5

    # The keyboard only: the part of the body chosen in the list, then the other fields.
    form = page.locator("#mc-mark-form")
    expect(page.locator(".mc-bodymap__figure--active")).to_have_count(1)
    form.get_by_label("Lichaamsdeel").focus()
    # Down the list, from "Kies een lichaamsdeel" to the right foot seen from the front.
    for _step in range([r.key for r in figure.regions].index("front-right-foot") + 1):
        page.keyboard.press("ArrowDown")
    expect(form.get_by_label("Lichaamsdeel")).to_have_value("front-right-foot")
    form.get_by_label("Soort letsel").focus()
    for _step in range(3):  # from "Blauwe plek" past "Brandwond" and "Snijwond"
        page.keyboard.press("ArrowDown")
    expect(form.get_by_label("Soort letsel")).to_have_value("swelling")
    form.get_by_label("Kleur").focus()
    page.keyboard.type("rood")
    form.get_by_label("Toelichting").focus()
    page.keyboard.type("Dikke enkel, loopt mank.")
    form.get_by_role("button", name="Letsel toevoegen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_have_text("Het letsel staat op de lichaamskaart.")
    typed = InjuryMark.objects.filter(case=case).last()
    assert (typed.content["region"], typed.content["x"], typed.content["y"]) == (
        "front-right-foot", *figure.region("front-right-foot").anchor)
    assert violations(page) == [], describe(violations(page))

    # Both numbered on the case page, on the outline and in the table.
    page.goto(f"{intranet}{case_path}")
    drawing = page.get_by_role("img", name="Lichaamskaart")
    expect(drawing.locator("text")).to_have_text(["Voorkant", "Achterkant", "1", "2"])
    rows = page.locator(".mc-bodymap__table tbody tr")
    expect(rows).to_have_count(2)
    for row, cells in enumerate((["1", "Linkerbovenarm, voorkant", "Blauwe plek", "3 bij 2 cm"],
                                 ["2", "Rechtervoet, voorkant", "Zwelling", ""])):
        for column, text in enumerate(cells):
            expect(rows.nth(row).locator("td").nth(column)).to_have_text(text)
    screenshot(page, "case-bodymap", top=page.locator("#lichaamskaart"))
    assert violations(page) == [], describe(violations(page))
