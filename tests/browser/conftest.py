"""Headless Chromium driven by Playwright, against the example intranet on a live server."""

import os
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from django.contrib.staticfiles import finders
from django.db import connections
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Site

from tests import builders, services
from tests.browser.support import AXE, CHROMIUM, CHROMIUM_ARGS, PASSWORD
from tests.helpers import use_broker


def _missing():
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (make install)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (make browser-deps, or apt-get install chromium)"
    if not AXE.exists():
        return f"{AXE} is missing (make browser-deps)"
    return None


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker):
    """One Chromium for all browser tests; it closes when they are done."""
    reason = _missing()
    if reason:
        if services.in_ci():
            pytest.fail(f"browser tests cannot run: {reason} (required with CI=true)",
                        pytrace=False)
        pytest.skip(f"browser tests cannot run: {reason}")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)

    serialized = {
        alias: connections[alias]._test_serialized_contents for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API keeps an event loop running in this thread. Django then
        # allows database calls only with DJANGO_ALLOW_ASYNC_UNSAFE, and hands this thread
        # connections of their own (asgiref's Local): they need the database contents
        # that serialized rollback restores between tests.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        with django_db_blocker.unblock():
            connections.close_all()


#: The hosts the tests' browser may reach: the live server.
LOCAL = {"localhost", "127.0.0.1"}


def offline(route):
    """Nothing leaves the machine; Wagtail's Gravatar pictures become its default one."""
    if "gravatar" in route.request.url:
        route.fulfill(path=finders.find("wagtailadmin/images/default-user-avatar.png"))
    else:
        route.abort()


def window(browser, width=1280, height=800, scale=1):
    """A fresh browser window (no cookies) in Dutch, ``width`` x ``height`` CSS pixels at
    ``scale`` device pixels each; closed afterwards."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=scale,
        locale="nl-NL", timezone_id="Europe/Amsterdam",
    )
    context.set_default_timeout(10_000)
    context.route(lambda url: urlsplit(url).hostname not in LOCAL, offline)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(browser):
    """A fresh browser window (no cookies) in Dutch, 1280x800."""
    yield from window(browser)


@pytest.fixture
def other_page(browser):
    """A second window like ``page``: another person at work at the same time."""
    yield from window(browser)


@pytest.fixture
def phone(browser):
    """A window as wide as a phone's screen: 390x844 CSS pixels (an iPhone 12 to 15)."""
    yield from window(browser, 390, 844, scale=3)


@pytest.fixture
def zoomed(browser):
    """A 1280x800 screen zoomed to 200%: 640x400 CSS pixels, two device pixels each, as
    WCAG 1.4.10 (reflow) asks."""
    yield from window(browser, 640, 400, scale=2)


@pytest.fixture(autouse=True)
def memory_broker():
    """Tasks the site publishes go to kombu's in-memory transport; no worker runs them."""
    with use_broker("memory://"):
        yield


@pytest.fixture
def history(meldcode, people):
    """A year of closed cases, for the evaluation report's figures and charts."""
    builders.make_history(meldcode, people["aandachtsfunctionaris"])


@pytest.fixture
def intranet(live_server, meldcode, people, own_questions, helped_case):
    """The intranet on the live server, with what the demo shows: the meldcode naming its
    coordinator, one person per role, the own questions, a started, a helped and a closed
    case of ``medewerker``. The people log in with ``PASSWORD`` and an authenticator app
    they already set up (``support.second_factor_code``).

    Returns the server's base URL. The site's address is the live server's, so links in
    e-mails lead there.
    """
    builders.name_coordinator(meldcode)
    owner = people["medewerker"]
    builders.make_started_case(meldcode, owner)
    builders.make_closed_case(meldcode, owner)
    for user in User.objects.all():
        user.set_password(PASSWORD)
        user.save()
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        StaticDevice.objects.create(user=user, name="backup")
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname,
                                                     port=address.port)
    Site.clear_site_root_paths_cache()  # a queryset update sends no signal
    return live_server.url
