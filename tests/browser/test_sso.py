"""Single sign-on in the browser: through the real test provider's login page to the
meldcode and out again at both ends; the provider's groups decide the role."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect
from wagtail.models import Site

from tests.browser.support import marks
from tests.oidc_provider.server import PASSWORD
from wagtail_meldcode.models import MeldcodeSettings, SsoEvent, SsoGroupRole
from wagtail_meldcode.models.roles import RoleField

pytestmark = marks


@pytest.fixture
def sso_intranet(live_server, sso, meldcode, roles, settings):
    """The intranet on the live server, its client registered at the provider, the
    provider group ``meldcode-medewerkers`` mapped to the staff role."""
    sso.register_client(settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET,
                        ["http://testserver", live_server.url])
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname,
                                                     port=address.port)
    Site.clear_site_root_paths_cache()
    SsoGroupRole.objects.create(site_settings=MeldcodeSettings.for_site(meldcode.get_site()),
                                claim_value="meldcode-medewerkers", role=RoleField.STAFF)
    return live_server.url


def sign_on_at_provider(page, username):
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen bij de provider").click()


def test_signing_on_and_off_through_the_provider(page, sso_intranet, sso, meldcode, settings):
    settings.MELDCODE_SSO_TRUSTED_MFA = ["mfa"]
    sso.add_user("sanne", ["meldcode-medewerkers"], amr=["pwd", "mfa"], first_name="Sanne",
                 last_name="Smit")

    page.goto(f"{sso_intranet}/accounts/login/?next={meldcode.url}")
    page.get_by_role("link", name="Inloggen met je account van de organisatie").click()
    expect(page.get_by_role("heading", name="Testprovider")).to_be_visible()
    sign_on_at_provider(page, "sanne")

    # The provider did the second factor: straight to the meldcode, no code asked.
    page.wait_for_url(f"{sso_intranet}{meldcode.url}")
    expect(page.get_by_text("Ingelogd als Sanne Smit")).to_be_visible()
    assert list(User.objects.get(username="sanne").groups.values_list("name", flat=True)) == [
        "Medewerkers"]

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{sso_intranet}/accounts/login/")
    # The provider's session ended too: signing on again asks for the password there.
    page.get_by_role("link", name="Inloggen met je account van de organisatie").click()
    expect(page.get_by_role("heading", name="Testprovider")).to_be_visible()
    assert list(SsoEvent.objects.values_list("action", "username")) == [
        ("roles", "sanne"), ("login", "sanne"), ("logout", "sanne")]


def test_without_the_providers_second_factor_the_app_asks_for_its_own(
        page, sso_intranet, sso, meldcode):
    sso.add_user("sanne", ["meldcode-medewerkers"], amr=["pwd"])

    page.goto(f"{sso_intranet}/accounts/login/?next={meldcode.url}")
    page.get_by_role("link", name="Inloggen met je account van de organisatie").click()
    sign_on_at_provider(page, "sanne")

    page.wait_for_url(f"{sso_intranet}/account/tweestapsverificatie/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stel tweestapsverificatie in")


def test_someone_in_no_mapped_group_reads_why_in_dutch(page, sso_intranet, sso):
    sso.add_user("kees", ["sportclub"])

    page.goto(f"{sso_intranet}/accounts/login/")
    page.get_by_role("link", name="Inloggen met je account van de organisatie").click()
    sign_on_at_provider(page, "kees")

    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang tot de meldcode")
    assert list(SsoEvent.objects.values_list("action", "username", "reason")) == [
        ("refused", "kees", "no_role")]
