"""Single sign-on with OpenID Connect against a real provider (``tests/oidc_provider``):
users keyed by issuer and subject, roles from the provider's groups at every sign-on and
refresh, the provider's second factor, refused tokens, logout at the provider.

The browser here is the test client for the intranet and a ``requests`` session for the
provider; ``tests/browser/test_sso.py`` does the same in Chromium.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests import builders
from wagtail_meldcode.models import MeldcodeSettings, SsoEvent, SsoGroupRole, SsoIdentity
from wagtail_meldcode.models.roles import RoleField

STAFF, COORDINATORS, MANAGEMENT = ("meldcode-medewerkers", "meldcode-aandachtsfunctionarissen",
                                   "meldcode-management")
VERIFY = "/account/tweestapsverificatie/controleren/"


@pytest.fixture
def mapped(roles, meldcode):
    """The site's meldcode settings map three provider groups to its three roles."""
    site_settings = MeldcodeSettings.for_site(meldcode.get_site())
    for claim_value, role in ((STAFF, RoleField.STAFF), (COORDINATORS, RoleField.COORDINATORS),
                              (MANAGEMENT, RoleField.MANAGEMENT)):
        SsoGroupRole.objects.create(site_settings=site_settings, claim_value=claim_value,
                                    role=role)
    return roles


def site_label(meldcode):
    site = meldcode.get_site()
    return site.site_name or site.hostname


def sign_on(client, provider, username, next_url="/", browser=None):
    """Sign on at ``provider`` as ``username`` (``browser``: their provider session), the
    way a browser follows the redirects; returns the intranet's answer to the callback and
    the provider session."""
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url})
    assert start.status_code == 302
    browser = browser or provider.browser(username)
    return follow_provider(client, browser, start["Location"]), browser


def follow_provider(client, browser, authorize_url):
    """Ask the provider at ``authorize_url``; bring its answer to the intranet's callback."""
    query = parse_qs(urlsplit(authorize_url).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["nonce"] and query["state"]
    answer = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    callback = urlsplit(answer.headers["Location"])
    assert (callback.netloc, callback.path) == ("testserver", "/sso/oidc/callback/")
    return client.get(f"{callback.path}?{callback.query}")


def events():
    return [(event.action, event.username, event.reason, event.roles_added, event.roles_removed)
            for event in SsoEvent.objects.order_by("pk")]


def logged_in_user(client):
    return User.objects.filter(pk=client.session.get("_auth_user_id")).first()


def test_first_sign_on_makes_a_user_keyed_by_issuer_and_subject(client, sso, mapped, meldcode):
    # A local account with the same e-mail address is never taken over.
    builders.make_person("jan")
    User.objects.filter(username="jan").update(email="jan@school.example")
    subject = sso.add_user("jan", [STAFF], email="jan@school.example", first_name="Jan",
                           last_name="de Vries")

    response, _browser = sign_on(client, sso, "jan", next_url=meldcode.url)

    assert (response.status_code, response["Location"]) == (302, meldcode.url)
    user = logged_in_user(client)
    assert (user.username, user.get_full_name(), user.email) == (
        "jan-2", "Jan de Vries", "jan@school.example")
    assert list(SsoIdentity.objects.values_list("user__username", "issuer", "subject")) == [
        ("jan-2", sso.issuer, subject)]
    assert list(user.groups.values_list("name", flat=True)) == ["Medewerkers"]
    assert events() == [
        ("roles", "jan-2", "", f"Medewerkers (staff_group, {site_label(meldcode)})", ""),
        ("login", "jan-2", "", "", ""),
    ]


def test_the_same_subject_is_the_same_user_after_the_address_changes(client, sso, mapped):
    sso.add_user("jan", [STAFF], email="jan@school.example")
    sign_on(client, sso, "jan")
    first = logged_in_user(client)
    client.logout()
    sso.add_user("jan", [STAFF], email="j.devries@school.example")

    sign_on(client, sso, "jan")

    assert logged_in_user(client).pk == first.pk
    assert User.objects.get(pk=first.pk).email == "j.devries@school.example"


def test_a_group_moved_at_the_provider_moves_the_role_at_the_next_sign_on(
        client, sso, mapped, meldcode):
    sso.add_user("jan", [STAFF])
    sign_on(client, sso, "jan")
    client.logout()
    sso.add_user("jan", [COORDINATORS, "sportclub"])

    response, _browser = sign_on(client, sso, "jan")

    assert response.status_code == 302
    assert list(logged_in_user(client).groups.values_list("name", flat=True)) == [
        "Aandachtsfunctionarissen"]
    site = site_label(meldcode)
    assert events()[-2:] == [
        ("roles", "jan", "", f"Aandachtsfunctionarissen (coordinators_group, {site})",
         f"Medewerkers (staff_group, {site})"),
        ("login", "jan", "", "", ""),
    ]


def test_a_user_in_no_mapped_group_gets_no_access_and_no_session(client, sso, mapped, people):
    sso.add_user("piet", ["sportclub"])

    response, _browser = sign_on(client, sso, "piet")

    assert response.status_code == 403
    assert response.templates[0].name == "wagtail_meldcode/sso/no_access.html"
    content = response.content.decode()
    assert "<h1>Geen toegang tot de meldcode</h1>" in content
    assert "Jeroen Bakker" in content  # the coordinator to turn to
    assert "_auth_user_id" not in client.session
    assert events() == [("refused", "piet", "no_role", "", "")]


def test_a_group_taken_away_ends_the_session_at_the_next_refresh(
        client, sso, mapped, meldcode, settings):
    settings.MELDCODE_SSO_REFRESH = 0
    settings.MELDCODE_SSO_TRUST_PROVIDER_MFA = True
    sso.add_user("jan", [STAFF])
    _response, browser = sign_on(client, sso, "jan")
    sso.add_user("jan", [])

    refresh = client.get(meldcode.url)

    assert refresh.status_code == 302
    assert parse_qs(urlsplit(refresh["Location"]).query)["prompt"] == ["none"]
    response = follow_provider(client, browser, refresh["Location"])
    assert response.status_code == 403
    assert response.templates[0].name == "wagtail_meldcode/sso/no_access.html"
    assert "_auth_user_id" not in client.session
    assert events()[-2:] == [
        ("roles", "jan", "", "", f"Medewerkers (staff_group, {site_label(meldcode)})"),
        ("refused", "jan", "no_role", "", ""),
    ]


def test_within_the_refresh_time_the_session_is_not_checked_again(
        client, sso, mapped, meldcode, settings):
    settings.MELDCODE_SSO_TRUST_PROVIDER_MFA = True
    sso.add_user("jan", [STAFF])
    sign_on(client, sso, "jan")

    assert client.get(meldcode.url).status_code == 200


@pytest.mark.parametrize("fault", ["issuer", "audience", "nonce", "signature", "expired"])
def test_a_token_that_fails_a_check_is_refused_and_logged(client, sso, mapped, fault):
    sso.add_user("jan", [STAFF])
    sso.set_fault(fault)

    response, _browser = sign_on(client, sso, "jan")

    assert response.status_code == 403
    assert response.templates[0].name == "wagtail_meldcode/sso/refused.html"
    assert response.context["reason"] == fault
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="jan").exists()
    assert events() == [("refused", "", fault, "", "")]


def test_an_answer_to_a_login_this_browser_never_started_is_refused(client, sso, mapped):
    sso.add_user("jan", [STAFF])
    start = client.get(reverse("oidc_authentication_init"))
    answer = sso.browser("jan").get(start["Location"], allow_redirects=False, timeout=10)
    callback = urlsplit(answer.headers["Location"])
    stranger = type(client)()
    stranger.get(reverse("oidc_authentication_init"))  # a login of its own, another state

    response = stranger.get(f"{callback.path}?{callback.query}")

    assert response.status_code == 403
    assert response.context["reason"] == "state"
    assert events() == [("refused", "", "state", "", "")]


@pytest.mark.parametrize(("amr", "acr", "trusted", "page"), [
    pytest.param(["pwd", "mfa"], "", ["mfa"], 200, id="trusted-amr"),
    pytest.param(["pwd"], "", ["mfa"], 302, id="password-only"),
    pytest.param(["pwd"], "urn:example:loa:2fa", ["urn:example:loa:2fa"], 200, id="trusted-acr"),
    pytest.param(["pwd", "otp"], "", [], 302, id="nothing-trusted"),
])
def test_the_providers_second_factor_counts_only_when_trusted(
        client, sso, mapped, meldcode, settings, amr, acr, trusted, page):
    settings.MELDCODE_SSO_TRUSTED_MFA = trusted
    sso.add_user("jan", [STAFF], amr=amr, acr=acr)
    sign_on(client, sso, "jan")

    response = client.get(meldcode.url)

    assert response.status_code == page
    if page == 302:
        assert urlsplit(response["Location"]).path == VERIFY


def test_trusting_every_sign_on_as_two_factor_is_a_switch(client, sso, mapped, meldcode,
                                                          settings):
    settings.MELDCODE_SSO_TRUST_PROVIDER_MFA = True
    sso.add_user("jan", [STAFF], amr=["pwd"])
    sign_on(client, sso, "jan")

    assert client.get(meldcode.url).status_code == 200


def test_logging_out_ends_the_session_here_and_at_the_provider(client, sso, mapped):
    sso.add_user("jan", [STAFF])
    _response, browser = sign_on(client, sso, "jan")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    end_session = urlsplit(response["Location"])
    query = parse_qs(end_session.query)
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == (
        f"{sso.issuer}/logout/")
    assert query["post_logout_redirect_uri"] == ["http://testserver/accounts/login/"]
    assert query["id_token_hint"]
    assert "_auth_user_id" not in client.session
    answer = browser.get(response["Location"], allow_redirects=False, timeout=10)
    assert (answer.status_code, answer.headers["Location"]) == (
        302, "http://testserver/accounts/login/")
    again = browser.get(client.get(reverse("oidc_authentication_init"))["Location"],
                        allow_redirects=False, timeout=10)
    assert urlsplit(again.headers["Location"]).path == "/accounts/login/"  # the provider's
    assert events()[-1] == ("logout", "jan", "", "", "")


def test_the_admin_logout_ends_the_provider_session_and_returns_to_the_admin_login(
        client, sso, mapped):
    sso.add_user("jan", [STAFF])
    sign_on(client, sso, "jan")

    response = client.post("/admin/logout/")

    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/admin/login/"]
    assert "_auth_user_id" not in client.session


def test_a_password_login_logs_out_locally_only(client, sso, people):
    people["medewerker"].set_password("a-long-password-1")
    people["medewerker"].save()
    client.post(reverse("login"), {"username": "medewerker", "password": "a-long-password-1"})

    response = client.post(reverse("logout"))

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert SsoEvent.objects.count() == 0


def test_without_a_user_info_endpoint_the_id_token_alone_is_read(client, sso, mapped, settings):
    settings.OIDC_OP_USER_ENDPOINT = ""  # as with Microsoft Entra ID
    sso.add_user("jan", [COORDINATORS], email="jan@school.example")

    response, _browser = sign_on(client, sso, "jan")

    assert response.status_code == 302
    user = logged_in_user(client)
    assert (user.email, list(user.groups.values_list("name", flat=True))) == (
        "jan@school.example", ["Aandachtsfunctionarissen"])
