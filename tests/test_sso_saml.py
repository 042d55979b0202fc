"""Single sign-on with SAML 2.0 against a real identity provider (``tests/saml_idp``,
pysaml2's IdP): users keyed by the IdP's entity ID and the persistent NameID, roles from
the group attribute at every sign-on, the IdP's second factor by AuthnContextClassRef,
refused assertions, Single Logout.

The browser here is the test client for the intranet and a ``requests`` session for the
IdP; ``tests/browser/test_sso_saml.py`` does the same in Chromium.
"""

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests import builders
from tests import test_sso_oidc as oidc_tests
from tests.saml_idp.server import posted_form
from tests.test_sso_oidc import COORDINATORS, STAFF, VERIFY, events, logged_in_user, site_label
from wagtail_meldcode.models import SsoEvent, SsoIdentity

#: The role mapping of the OpenID Connect tests: three IdP groups to the site's roles.
mapped = oidc_tests.mapped

MFA = "https://refeds.org/profile/mfa"
PASSWORD_ONLY = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


def start(client, next_url="/"):
    """Start a SAML login at the intranet: the authentication request for the IdP."""
    response = client.get(reverse("saml2_login"), {"next": next_url})
    assert response.status_code == 302
    request_url = urlsplit(response["Location"])
    assert "SAMLRequest" in parse_qs(request_url.query)
    return response["Location"]


def ask_idp(browser, request_url):
    """The IdP's answer to ``request_url``: the form its page posts to the intranet."""
    answer = browser.get(request_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 200, answer.text[:500]
    action, fields = posted_form(answer.text)
    assert urlsplit(action)[1:3] == ("testserver", "/sso/saml/acs/")
    return fields


def sign_on(client, idp, username, next_url="/", browser=None):
    """Sign on at ``idp`` as ``username`` the way a browser follows the redirect and the
    posted form; returns the intranet's answer, the IdP session and the posted fields."""
    browser = browser or idp.browser(username)
    fields = ask_idp(browser, start(client, next_url))
    return client.post("/sso/saml/acs/", fields), browser, fields


def test_first_sign_on_makes_a_user_keyed_by_entity_id_and_name_id(
        client, saml, mapped, meldcode):
    # A local account with the same e-mail address is never taken over.
    builders.make_person("jan")
    User.objects.filter(username="jan").update(email="jan@school.example")
    subject = saml.add_user("jan", [STAFF], mail="jan@school.example", givenName="Jan",
                            sn="de Vries")

    response, _browser, _fields = sign_on(client, saml, "jan", next_url=meldcode.url)

    assert (response.status_code, response["Location"]) == (302, meldcode.url)
    user = logged_in_user(client)
    assert (user.username, user.get_full_name(), user.email) == (
        "jan-2", "Jan de Vries", "jan@school.example")
    assert list(SsoIdentity.objects.values_list("user__username", "issuer", "subject")) == [
        ("jan-2", saml.entity_id, subject)]
    assert list(user.groups.values_list("name", flat=True)) == ["Medewerkers"]
    assert events() == [
        ("roles", "jan-2", "", f"Medewerkers (staff_group, {site_label(meldcode)})", ""),
        ("login", "jan-2", "", "", ""),
    ]
    assert list(SsoEvent.objects.values_list("protocol", "issuer", "subject")) == [
        ("saml", saml.entity_id, subject)] * 2


def test_the_same_name_id_is_the_same_user_after_the_address_changes(client, saml, mapped):
    saml.add_user("jan", [STAFF], mail="jan@school.example")
    sign_on(client, saml, "jan")
    first = logged_in_user(client)
    client.logout()
    saml.add_user("jan", [STAFF], mail="j.devries@school.example")

    sign_on(client, saml, "jan")

    assert logged_in_user(client).pk == first.pk
    assert User.objects.get(pk=first.pk).email == "j.devries@school.example"


def test_a_group_moved_at_the_idp_moves_the_role_at_the_next_sign_on(
        client, saml, mapped, meldcode):
    saml.add_user("jan", [STAFF])
    sign_on(client, saml, "jan")
    client.logout()
    saml.add_user("jan", [COORDINATORS, "sportclub"])

    response, _browser, _fields = sign_on(client, saml, "jan")

    assert response.status_code == 302
    assert list(logged_in_user(client).groups.values_list("name", flat=True)) == [
        "Aandachtsfunctionarissen"]
    site = site_label(meldcode)
    assert events()[-2:] == [
        ("roles", "jan", "", f"Aandachtsfunctionarissen (coordinators_group, {site})",
         f"Medewerkers (staff_group, {site})"),
        ("login", "jan", "", "", ""),
    ]


def test_a_group_taken_away_at_the_idp_takes_the_access_away_at_the_next_sign_on(
        client, saml, mapped, meldcode):
    saml.add_user("jan", [STAFF])
    sign_on(client, saml, "jan")
    client.logout()
    saml.add_user("jan", [])

    response, _browser, _fields = sign_on(client, saml, "jan")

    assert response.status_code == 403
    assert response.templates[0].name == "wagtail_meldcode/sso/no_access.html"
    assert list(User.objects.get(username="jan").groups.all()) == []
    assert "_auth_user_id" not in client.session
    assert events()[-2:] == [
        ("roles", "jan", "", "", f"Medewerkers (staff_group, {site_label(meldcode)})"),
        ("refused", "jan", "no_role", "", ""),
    ]


def test_a_user_in_no_mapped_group_gets_no_access_and_no_case_data(
        client, saml, mapped, people, meldcode):
    saml.add_user("piet", ["sportclub"])

    response, _browser, _fields = sign_on(client, saml, "piet")

    assert response.status_code == 403
    assert response.templates[0].name == "wagtail_meldcode/sso/no_access.html"
    content = response.content.decode()
    assert "<h1>Geen toegang tot de meldcode</h1>" in content
    assert "Jeroen Bakker" in content  # the coordinator to turn to
    assert "_auth_user_id" not in client.session
    assert client.get(meldcode.url).status_code == 302  # to the login page
    assert events() == [("refused", "piet", "no_role", "", "")]


@pytest.mark.parametrize(("fault", "message"), [
    ("unsigned", "draagt geen handtekening"),
    ("audience", "bedoeld voor een andere toepassing"),
    ("recipient", "naar een ander adres gestuurd"),
    ("expired", "was verlopen"),
    ("issuer", "van een andere identiteitsprovider"),
    ("transient", "geen blijvende herkenning"),
])
def test_an_assertion_that_fails_a_check_is_refused_in_dutch_and_logged(
        client, saml, mapped, fault, message):
    saml.add_user("jan", [STAFF])
    saml.set_fault(fault)

    response, _browser, _fields = sign_on(client, saml, "jan")

    assert response.status_code == 403
    assert response.templates[0].name == "wagtail_meldcode/sso/refused.html"
    reason = "name_id" if fault == "transient" else fault
    assert response.context["reason"] == reason
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="jan").exists()
    assert events() == [("refused", "", reason, "", "")]
    assert SsoEvent.objects.get().protocol == "saml"


def test_an_assertion_changed_after_signing_is_refused(client, saml, mapped):
    saml.add_user("jan", [STAFF])
    fields = ask_idp(saml.browser("jan"), start(client))
    # Someone on the way gives themselves the coordinators' group: the signed assertion
    # no longer matches its signature.
    xml = base64.b64decode(fields["SAMLResponse"]).decode()
    assert xml.count(f">{STAFF}<") == 1
    fields["SAMLResponse"] = base64.b64encode(
        xml.replace(f">{STAFF}<", f">{COORDINATORS}<").encode()).decode()

    response = client.post("/sso/saml/acs/", fields)

    assert response.status_code == 403
    assert response.context["reason"] == "signature"
    assert "is niet ondertekend door de identiteitsprovider" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(username="jan").exists()
    assert events() == [("refused", "", "signature", "", "")]


def test_the_issuer_of_an_unknown_idp_is_named_in_the_log(client, saml, mapped):
    saml.add_user("jan", [STAFF])
    saml.set_fault("issuer")

    sign_on(client, saml, "jan")

    assert list(SsoEvent.objects.values_list("reason", "issuer")) == [
        ("issuer", "https://onbekende-idp.example/saml")]


def test_a_replayed_assertion_is_refused(client, saml, mapped):
    saml.add_user("jan", [STAFF])
    _response, _browser, fields = sign_on(client, saml, "jan")
    # Someone who caught the posted assertion sends it again, from a login of their own.
    stranger = type(client)()
    start(stranger)

    response = stranger.post("/sso/saml/acs/", fields)

    assert response.status_code == 403
    assert response.context["reason"] == "replay"
    assert "al een keer gebruikt" in response.content.decode()
    assert "_auth_user_id" not in stranger.session
    assert events()[-1] == ("refused", "", "replay", "", "")


def test_the_same_assertion_twice_in_one_browser_is_refused(client, saml, mapped):
    saml.add_user("jan", [STAFF])
    _response, _browser, fields = sign_on(client, saml, "jan")
    client.logout()

    response = client.post("/sso/saml/acs/", fields)

    assert (response.status_code, response.context["reason"]) == (403, "replay")
    assert "_auth_user_id" not in client.session


def test_an_answer_to_a_login_this_browser_never_started_is_refused(client, saml, mapped):
    saml.add_user("jan", [STAFF])
    fields = ask_idp(saml.browser("jan"), start(client))
    stranger = type(client)()

    response = stranger.post("/sso/saml/acs/", fields)

    assert (response.status_code, response.context["reason"]) == (403, "state")
    assert events() == [("refused", "", "state", "", "")]


@pytest.mark.parametrize(("context", "trusted", "page"), [
    pytest.param(MFA, [MFA], 200, id="trusted"),
    pytest.param(PASSWORD_ONLY, [MFA], 302, id="password-only"),
    pytest.param(MFA, [], 302, id="nothing-trusted"),
])
def test_the_idps_second_factor_counts_only_when_trusted(
        client, saml, mapped, meldcode, settings, context, trusted, page):
    settings.MELDCODE_SSO_TRUSTED_MFA = trusted
    saml.add_user("jan", [STAFF], authn_context=context)
    sign_on(client, saml, "jan")

    response = client.get(meldcode.url)

    assert response.status_code == page
    if page == 302:
        assert urlsplit(response["Location"]).path == VERIFY


def test_logging_out_ends_the_session_here_and_at_the_idp(client, saml, mapped):
    saml.add_user("jan", [STAFF])
    _response, browser, _fields = sign_on(client, saml, "jan")

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    logout_request = urlsplit(response["Location"])
    assert f"{logout_request.scheme}://{logout_request.netloc}{logout_request.path}" == (
        f"{saml.base_url}/slo")
    assert "SAMLRequest" in parse_qs(logout_request.query)
    assert "_auth_user_id" not in client.session
    answer = browser.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert (back.netloc, back.path) == ("testserver", "/sso/saml/ls/")
    done = client.get(f"{back.path}?{back.query}")
    assert (done.status_code, done["Location"]) == (302, "/accounts/login/")
    # The IdP's session ended too: a new login asks for the password there.
    again = browser.get(start(client), allow_redirects=False, timeout=10)
    assert "Gebruikersnaam" in again.text
    assert events()[-1] == ("logout", "jan", "", "", "")
    assert SsoEvent.objects.last().protocol == "saml"


def test_the_admin_logout_ends_the_idp_session_and_returns_to_the_admin_login(
        client, saml, mapped):
    saml.add_user("jan", [STAFF])
    _response, browser, _fields = sign_on(client, saml, "jan")

    response = client.post("/admin/logout/")

    answer = browser.get(response["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["Location"])
    done = client.get(f"{back.path}?{back.query}")
    assert (done.status_code, done["Location"]) == (302, "/admin/login/")
    assert "_auth_user_id" not in client.session


def test_the_admin_login_offers_the_idp(client, saml, db):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert ('href="/sso/saml/inloggen/?next=%2Fadmin%2F" data-meldcode-sso>'
            "Inloggen met Test-IdP</a>") in response.content.decode()


def test_signing_on_to_the_admin_through_the_idp(client, saml, mapped, settings):
    settings.MELDCODE_SSO_TRUSTED_MFA = [MFA]
    saml.add_user("jan", [COORDINATORS], authn_context=MFA)

    response, _browser, _fields = sign_on(client, saml, "jan", next_url="/admin/")

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_with_single_sign_on_only_the_idp_still_signs_on_and_passwords_are_refused(
        client, saml, mapped, settings, people):
    settings.MELDCODE_SSO_ONLY = True
    people["medewerker"].set_password("a-long-password-1")
    people["medewerker"].save()
    refused = client.post("/admin/login/", {"username": "medewerker",
                                            "password": "a-long-password-1"})
    assert refused.status_code == 403
    saml.add_user("jan", [STAFF])

    response, _browser, _fields = sign_on(client, saml, "jan")

    assert response.status_code == 302
    assert logged_in_user(client).username == "jan"


def test_the_idp_answers_on_the_host_the_login_started_from(client, saml, mapped, settings):
    # One intranet on two hostnames: the consumer service of this one comes first.
    settings.SAML_CONFIG = saml.settings(sites=("http://intranet.example", "http://testserver"))
    saml.add_user("jan", [STAFF])

    response, _browser, _fields = sign_on(client, saml, "jan")  # answered at testserver

    assert response.status_code == 302
    assert logged_in_user(client).username == "jan"
