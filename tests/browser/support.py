"""What the browser tests share: marks, logging in, axe-core, screenshots."""

import json
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Debian's Chromium; Playwright never downloads a browser of its own here.
CHROMIUM = os.environ.get("MELDCODE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: axe-core from the npm registry, installed by ``make browser-deps``.
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: The password every demo user gets in these tests.
PASSWORD = "browser-test-password"
#: Where ``make screenshots`` wants the screenshots; unset: none are taken.
SCREENSHOTS = os.environ.get("MELDCODE_SCREENSHOTS")


def on_postgres():
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


#: Every browser test: a live server needs committed data (a transactional database), and
#: on SQLite the append-only trigger of the case events refuses the flush between tests.
#: With pytest-xdist they all run in one worker process, which starts Chromium once.
marks = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.skipif(not on_postgres(), reason="browser tests run in the PostgreSQL pass"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def log_in(page, base_url, username, next_url="/"):
    """Log in through the intranet's login form, as a person would."""
    page.goto(f"{base_url}/accounts/login/?next={next_url}")
    fill_in_login(page, username)


def fill_in_login(page, username):
    """Fill in and send the login form the page shows, then the second factor if asked."""
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    if "/account/tweestapsverificatie/controleren/" in page.url:
        page.get_by_label("Code", exact=True).fill(second_factor_code(username))
        with page.expect_navigation():
            page.get_by_role("button", name="Controleren").click()


def second_factor_code(username, confirmed=True):
    """What the user's authenticator app shows now (``intranet`` gave everyone one).

    django-otp accepts each time step's code once; a second login in the same half
    minute types the app's next code, a third one a backup code.
    """
    device = TOTPDevice.objects.get(user__username=username, confirmed=confirmed)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    ahead = device.last_t - totp.t() + 1
    if ahead > device.tolerance:
        backup = StaticDevice.objects.get(user__username=username)
        return backup.token_set.create(token=StaticToken.random_token()).token
    totp.time = time.time() + max(ahead, 0) * device.step
    return f"{totp.token():06d}"


def log_out(page):
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/accounts/login/")


def violations(page, exclude=()):
    """Every violation axe-core finds on the whole page, whatever its impact.

    ``exclude`` names (rule, CSS selector) pairs that axe-core leaves out: only for
    Wagtail's own admin markup that this app cannot change, each with its reason where it
    is passed (and listed under "Known limits" in docs/accessibility.md).
    """
    # A message of the Wagtail admin appears after a short delay and fades in; while it
    # fades its contrast is too low for a moment. Wait for it (a second at most).
    page.evaluate("""async () => {
        if (!document.querySelector(".messages li")) return;
        const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
        await pause(200);
        await Promise.race([pause(1000), Promise.all(document.getAnimations()
            .map(a => a.finished.catch(() => null)))]);
    }""")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the pages' Content-Security-Policy forbids
        # inline scripts, and the tests keep it in force.
        page.evaluate(AXE.read_text())
    results = page.evaluate(
        """async exclude => {
            const results = await axe.run(document, {resultTypes: ["violations"]});
            const excluded = (rule, node) => exclude.some(([r, selector]) =>
                r === rule && node.target.length === 1
                && document.querySelector(node.target[0]).matches(selector));
            return results.violations.map(violation => ({...violation,
                nodes: violation.nodes.filter(node => !excluded(violation.id, node))}))
                .filter(violation => violation.nodes.length);
        }""",
        [list(pair) for pair in exclude],
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results
    ]


def describe(violations):
    return json.dumps(violations, indent=1, ensure_ascii=False)


def screenshot(page, name, top=None):
    """Save the window as docs/screenshots/``name``.png (``make screenshots``).

    The window shows the page from its top, or from the ``top`` locator's element on.
    """
    if not SCREENSHOTS:
        return
    page.evaluate("document.activeElement && document.activeElement.blur()")
    if top is None:
        page.evaluate("window.scrollTo(0, 0)")
    else:
        # At once (Wagtail's admin scrolls smoothly), and up, not sideways: its editor has
        # the minimap to the right of an overflow-x: hidden <main>, which scrollIntoView()
        # would bring into the picture.
        top.evaluate("""element => {
            element.scrollIntoView({behavior: "instant"});
            for (let e = element.parentElement; e; e = e.parentElement) {
                e.scrollTo({left: 0, behavior: "instant"});
            }
        }""")
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def sideways(page):
    """What sticks out of the window to the right (so that the page scrolls sideways), as
    short descriptions of the outermost such elements; empty when the page fits."""
    return page.evaluate("""() => {
        const width = window.innerWidth, root = document.documentElement;
        if (root.scrollWidth <= width) return [];
        const out = e => e.getBoundingClientRect().right > width + 0.5;
        const found = [...document.body.querySelectorAll("*")].filter(
            e => out(e) && !(e.parentElement && e.parentElement !== document.body
                             && out(e.parentElement)));
        // Text wider than its element (a long word) leaves the element's box as it is.
        const text = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (!found.length && text.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(text.currentNode);
            if (range.getBoundingClientRect().right > width + 0.5) {
                found.push(text.currentNode.parentElement);
            }
        }
        return [`scrollWidth ${root.scrollWidth} > ${width}`, ...found.slice(0, 5).map(e =>
            `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`
            + ` right=${Math.round(e.getBoundingClientRect().right)}`
            + ` "${e.textContent.trim().slice(0, 40)}"`)];
    }""")


def first_screen(page, selector):
    """Whether ``selector``'s element is wholly on the window's first screen, the page
    scrolled to its top."""
    page.evaluate("window.scrollTo(0, 0)")
    return page.locator(selector).evaluate(
        "e => e.getBoundingClientRect().bottom <= window.innerHeight")
