"""Single sign-on with SAML 2.0 against a real identity provider (``tests/saml_idp``,
pysaml2's IdP): users keyed by the IdP's entity ID and the persistent NameID, roles from
the group attribute at every sign-on, the IdP's second factor by AuthnContextClassRef,
refused assertions, Single Logout.

The browser here is the test client for the intranet and a ``requests`` session for the
IdP; ``tests/browser/test_sso_saml.py`` does the same in Chromium.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests import builders
from tests.saml_idp.server import posted_form
from tests.test_sso_oidc import (COORDINATORS, STAFF, VERIFY, events, logged_in_user,  # noqa: F401
                                 mapped, site_label)
from wagtail_meldcode.models import SsoEvent, SsoIdentity

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


def test_first_sign_on_makes_a_user_keyed_by_entity_id_and_name_id(client, saml, mapped,
                                                                    meldcode):
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
