"""The evaluation report on a 1280 pixel wide screen: every chart label is whole, and
every table's last column can be seen or scrolled to, also with the keyboard."""

from playwright.sync_api import expect

from tests.browser.support import log_in, marks

pytestmark = marks

#: The labels of each chart that stick out of its SVG's viewBox, by the chart's title.
LABELS_OUTSIDE = """() => Object.fromEntries(
    [...document.querySelectorAll("main figure svg")].map(svg => {
    const box = svg.viewBox.baseVal;
    const outside = [...svg.querySelectorAll("text")].filter(text => {
        const b = text.getBBox();
        return b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width
            || b.y + b.height > box.y + box.height;
    }).map(text => text.textContent);
    return [svg.querySelector("title").textContent, outside];
}).filter(([_title, outside]) => outside.length))"""

#: The tables whose last column cannot be reached: neither inside the window nor in a
#: region that scrolls to it and takes the keyboard's focus. By the table's label.
COLUMNS_OUT_OF_REACH = """() => Object.fromEntries(
    [...document.querySelectorAll("main table")].map(table => {
    const region = table.closest("[role=region]"), main = document.querySelector("main");
    const last = table.querySelector("thead th:last-child");
    const problems = [];
    const visibleRight = Math.min(window.innerWidth, main.getBoundingClientRect().right);
    const frame = region || table;
    if (frame.getBoundingClientRect().right > visibleRight + 1) problems.push("cut off");
    if (region && region.scrollWidth > region.clientWidth) {
        if (region.tabIndex !== 0 || !region.getAttribute("aria-label")) {
            problems.push("scrolls, but not with the keyboard");
        }
        region.scrollLeft = region.scrollWidth;
    }
    const right = (region || main).getBoundingClientRect().right;
    if (last.getBoundingClientRect().right > Math.min(right, visibleRight) + 1) {
        problems.push(`last column "${last.textContent}" out of reach`);
    }
    if (region) region.scrollLeft = 0;
    return [region ? region.getAttribute("aria-label") : last.textContent, problems];
}).filter(([_name, problems]) => problems.length))"""


def test_charts_and_tables_fit_at_1280_pixels(page, intranet, history):
    log_in(page, intranet, "aandachtsfunctionaris", "/admin/meldcode_evaluation/")
    expect(page.get_by_role("heading", name="Geopende dossiers")).to_be_visible()
    # Six sections of the five steps' cases and the own questions, and one of the worries
    # about a colleague: a chart and a table each.
    assert page.locator("main figure svg").count() == 7
    assert page.evaluate(LABELS_OUTSIDE) == {}
    assert page.locator("main table").count() == 7
    assert page.evaluate(COLUMNS_OUT_OF_REACH) == {}


def test_a_wide_table_scrolls_with_the_keyboard(page, intranet, history):
    page.set_viewport_size({"width": 900, "height": 800})
    log_in(page, intranet, "aandachtsfunctionaris", "/admin/meldcode_evaluation/")
    regions = page.locator("main [role=region][tabindex='0']")
    wide = [index for index in range(regions.count())
            if regions.nth(index).evaluate("r => r.scrollWidth > r.clientWidth")]
    assert wide, "no table is wider than its region at 900 pixels"
    region = regions.nth(wide[0])
    region.focus()
    expect(region).to_be_focused()
    for _press in range(20):
        page.keyboard.press("ArrowRight")
    assert region.evaluate("r => r.scrollLeft") > 0
