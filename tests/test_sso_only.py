"""Single sign-on only: no password login anywhere, the provider's groups mapped by
administrators only, and the break-glass login of a superuser from the command line."""

import io
import re
import time

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import User
from django.core import checks
from django.core.management import CommandError, call_command
from wagtail.models import Site

from tests.test_settings import edit_url, form_data, rules_management_form
from wagtail_meldcode.checks import check_single_sign_on_only
from wagtail_meldcode.models import MeldcodeSettings, RoleChange, SsoEvent, SsoGroupRole
from wagtail_meldcode.roles import ensure_roles

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-password-1"
VERIFY = "/account/tweestapsverificatie/controleren/"


@pytest.fixture
def sso_only(settings):
    settings.MELDCODE_SSO_ONLY = True
    return settings


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "root@example.org", PASSWORD)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_a_password_login_is_refused(client, sso_only, root, url):
    response = client.post(url, {"username": "root", "password": PASSWORD})

    assert response.status_code == 403
    assert response.templates[0].name == "wagtail_meldcode/sso/password_off.html"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("url", "sign_on"), [
    ("/accounts/login/?next=/meldcode/", ["/sso/oidc/inloggen/?next=%2Fmeldcode%2F",
                                          "/sso/saml/inloggen/?next=%2Fmeldcode%2F"]),
    ("/admin/login/", ["/sso/oidc/inloggen/?next=%2Fadmin%2F",
                       "/sso/saml/inloggen/?next=%2Fadmin%2F"]),
])
def test_the_login_pages_offer_single_sign_on_and_no_password(client, sso_only, url, sign_on):
    content = client.get(url).content.decode()

    assert 'name="password"' not in content
    # Both protocols are on in the tests: a button for each.
    assert re.findall(r'href="([^"]*)" data-meldcode-sso', content) == sign_on


def test_with_passwords_on_both_ways_are_offered(client):
    content = client.get("/admin/login/").content.decode()

    assert 'name="password"' in content
    assert "data-meldcode-sso" in content


def test_single_sign_on_only_with_a_password_way_left_open_fails_the_checks(sso_only):
    assert [error.id for error in check_single_sign_on_only(None)] == [
        "wagtail_meldcode.E002", "wagtail_meldcode.E002", "wagtail_meldcode.E002",
        "wagtail_meldcode.E004", "wagtail_meldcode.E004",
    ]


def test_single_sign_on_only_set_up_fully_passes_the_checks(sso_only):
    sso_only.WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
    sso_only.WAGTAIL_PASSWORD_RESET_ENABLED = False
    sso_only.WAGTAILUSERS_PASSWORD_ENABLED = False
    sso_only.AUTHENTICATION_BACKENDS = ["wagtail_meldcode.sso.oidc.OidcBackend",
                                        "wagtail_meldcode.sso.break_glass.BreakGlassBackend"]

    assert check_single_sign_on_only(None) == []
    assert [message for message in checks.run_checks() if message.id.startswith(
        "wagtail_meldcode.")] == []


@pytest.mark.parametrize("backend", ["wagtail_meldcode.sso.oidc.OidcBackend",
                                     "wagtail_meldcode.sso.saml.SamlBackend"])
def test_single_sign_on_only_works_with_either_protocol_alone(sso_only, backend):
    sso_only.WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
    sso_only.WAGTAIL_PASSWORD_RESET_ENABLED = False
    sso_only.WAGTAILUSERS_PASSWORD_ENABLED = False
    sso_only.AUTHENTICATION_BACKENDS = [backend]

    assert check_single_sign_on_only(None) == []


def test_single_sign_on_only_without_any_protocol_fails_the_checks(sso_only):
    sso_only.WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
    sso_only.WAGTAIL_PASSWORD_RESET_ENABLED = False
    sso_only.WAGTAILUSERS_PASSWORD_ENABLED = False
    sso_only.AUTHENTICATION_BACKENDS = ["wagtail_meldcode.sso.break_glass.BreakGlassBackend"]

    assert [error.id for error in check_single_sign_on_only(None)] == ["wagtail_meldcode.E003"]


def break_glass_link(username):
    out, err = io.StringIO(), io.StringIO()
    call_command("meldcode_break_glass", username, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_a_break_glass_link_logs_a_superuser_in_once_and_two_factor_follows(
        client, sso_only, root):
    link = break_glass_link("root")
    assert link.startswith("/sso/noodtoegang/")

    page = client.get(link)
    assert page.status_code == 200
    response = client.post(link)

    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session[BACKEND_SESSION_KEY] == (
        "wagtail_meldcode.sso.break_glass.BreakGlassBackend")
    home = client.get("/")
    assert (home.status_code, home["Location"]) == (302, f"{VERIFY}?next=%2F")
    client.logout()
    assert client.get(link).status_code == 403  # used once
    assert list(SsoEvent.objects.values_list("action", "username", "reason")) == [
        ("login", "root", "break_glass"), ("refused", "", "break_glass")]


def test_a_break_glass_link_expires_after_ten_minutes(client, sso_only, root, monkeypatch):
    link = break_glass_link("root")
    later = time.time() + 10 * 60 + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    assert client.post(link).status_code == 403
    assert "_auth_user_id" not in client.session


def test_only_a_superuser_gets_a_break_glass_link(db):
    User.objects.create_user("jan", password=PASSWORD, is_staff=True)

    with pytest.raises(CommandError, match="No active superuser 'jan'"):
        break_glass_link("jan")


def test_a_break_glass_token_is_no_password(client, root):
    response = client.post("/accounts/login/", {"username": "root", "password": "x"})

    assert (response.status_code, "_auth_user_id" in client.session) == (200, False)


@pytest.fixture
def site(home):
    site = Site.objects.get()
    ensure_roles(site=site)
    return site


def test_only_an_administrator_maps_provider_groups_to_roles(site, demo_editor, client, root):
    settings = MeldcodeSettings.for_site(site)
    mapping = {**rules_management_form(1, "sso_group_roles"),
               "sso_group_roles-0-claim_value": "meldcode-medewerkers",
               "sso_group_roles-0-role": "staff_group", "sso_group_roles-0-ORDER": 1}
    roles = {"staff_group": settings.staff_group_id,
             "coordinators_group": settings.coordinators_group_id,
             "management_group": settings.management_group_id,
             "board_group": settings.board_group_id}

    client.force_login(demo_editor)
    page = client.get(edit_url(site))
    assert "sso_group_roles" not in page.context["form"].formsets
    assert client.post(edit_url(site), {**form_data(), **mapping}).status_code == 302
    assert SsoGroupRole.objects.count() == 0

    client.force_login(root)
    assert "sso_group_roles" in client.get(edit_url(site)).context["form"].formsets
    assert client.post(edit_url(site), {**form_data(**roles), **mapping}).status_code == 302
    assert list(SsoGroupRole.objects.values_list("claim_value", "role")) == [
        ("meldcode-medewerkers", "staff_group")]


def test_mapping_a_provider_group_is_a_recorded_role_change(site, root, client):
    settings = MeldcodeSettings.for_site(site)
    roles = {"staff_group": settings.staff_group_id,
             "coordinators_group": settings.coordinators_group_id,
             "management_group": settings.management_group_id,
             "board_group": settings.board_group_id}
    client.force_login(root)
    added = {**rules_management_form(1, "sso_group_roles"),
             "sso_group_roles-0-claim_value": "meldcode-af", "sso_group_roles-0-role":
             "coordinators_group", "sso_group_roles-0-ORDER": 1}
    assert client.post(edit_url(site), {**form_data(**roles), **added}).status_code == 302
    mapping = SsoGroupRole.objects.get()
    moved = {"sso_group_roles-TOTAL_FORMS": 1, "sso_group_roles-INITIAL_FORMS": 1,
             "sso_group_roles-MIN_NUM_FORMS": 0, "sso_group_roles-MAX_NUM_FORMS": 1000,
             "sso_group_roles-0-id": mapping.pk, "sso_group_roles-0-claim_value": "meldcode-af",
             "sso_group_roles-0-role": "staff_group", "sso_group_roles-0-ORDER": 1}
    assert client.post(edit_url(site), {**form_data(**roles), **moved}).status_code == 302
    removed = {**moved, "sso_group_roles-0-DELETE": "on"}
    assert client.post(edit_url(site), {**form_data(**roles), **removed}).status_code == 302

    assert SsoGroupRole.objects.count() == 0
    group = "meldcode-af (identiteitsprovider)"
    assert list(RoleChange.objects.values_list("role", "before", "after", "username")) == [
        ("coordinators_group", "", group, "root"),
        ("coordinators_group", group, "", "root"),
        ("staff_group", "", group, "root"),
        ("staff_group", group, "", "root"),
    ]
