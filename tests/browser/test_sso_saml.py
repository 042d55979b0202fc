"""SAML single sign-on in the browser: through the real test IdP's login page to the
meldcode and out again at both ends (Single Logout); the IdP's groups decide the role."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect
from wagtail.models import Site

from tests.browser.support import marks
from tests.saml_idp.idp import PASSWORD
from wagtail_meldcode.models import MeldcodeSettings, SsoEvent, SsoGroupRole
from wagtail_meldcode.models.roles import RoleField

pytestmark = marks

MFA = "https://refeds.org/profile/mfa"


@pytest.fixture
def saml_intranet(live_server, saml, meldcode, roles, settings):
    """The intranet on the live server, known to the IdP there, the IdP group
    ``meldcode-medewerkers`` mapped to the staff role."""
    settings.SAML_CONFIG = saml.settings(sites=(live_server.url, "http://testserver"))
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname,
                                                     port=address.port)
    Site.clear_site_root_paths_cache()
    SsoGroupRole.objects.create(site_settings=MeldcodeSettings.for_site(meldcode.get_site()),
                                claim_value="meldcode-medewerkers", role=RoleField.STAFF)
    return live_server.url


def sign_on_at_idp(page, username):
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen bij de IdP").click()


def test_signing_on_and_off_through_the_idp(page, saml_intranet, saml, meldcode, settings):
    settings.MELDCODE_SSO_TRUSTED_MFA = [MFA]
    saml.add_user("sanne", ["meldcode-medewerkers"], authn_context=MFA, givenName="Sanne",
                  sn="Smit")

    page.goto(f"{saml_intranet}/accounts/login/?next={meldcode.url}")
    page.get_by_role("link", name="Inloggen met Test-IdP").click()
    expect(page.get_by_role("heading", name="Test-IdP")).to_be_visible()
    sign_on_at_idp(page, "sanne")

    # The IdP did the second factor: straight to the meldcode, no code asked.
    page.wait_for_url(f"{saml_intranet}{meldcode.url}")
    expect(page.get_by_text("Ingelogd als Sanne Smit")).to_be_visible()
    assert list(User.objects.get(username="sanne").groups.values_list("name", flat=True)) == [
        "Medewerkers"]

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{saml_intranet}/accounts/login/")
    # The IdP's session ended too (Single Logout): signing on again asks for the password.
    page.get_by_role("link", name="Inloggen met Test-IdP").click()
    expect(page.get_by_role("heading", name="Test-IdP")).to_be_visible()
    assert list(SsoEvent.objects.values_list("action", "username", "protocol")) == [
        ("roles", "sanne", "saml"), ("login", "sanne", "saml"), ("logout", "sanne", "saml")]


def test_a_refused_assertion_reads_why_in_dutch(page, saml_intranet, saml):
    saml.add_user("kees", ["meldcode-medewerkers"])
    saml.set_fault("unsigned")

    page.goto(f"{saml_intranet}/accounts/login/")
    page.get_by_role("link", name="Inloggen met Test-IdP").click()
    sign_on_at_idp(page, "kees")

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen is niet gelukt")
    expect(page.get_by_role("alert")).to_contain_text("draagt geen handtekening")
    assert list(SsoEvent.objects.values_list("action", "reason")) == [("refused", "unsigned")]
