"""Safe by default: two-factor login, sessions, throttling, headers, IDOR, CSRF and XSS."""

import io
import os
import secrets
import subprocess
import sys
import time

import pypdf
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils.html import escape
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.helpers import Wizard, open_case
from wagtail_meldcode import reminders
from wagtail_meldcode.fields import EncryptedTextField
from wagtail_meldcode.middleware import LAST_SEEN, STARTED
from wagtail_meldcode.models import (
    CaseDraft,
    CaseEvent,
    FollowUp,
    MeldcodeStepPage,
    ReminderDelivery,
)
from wagtail_meldcode.views.two_factor import _backup_codes

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-voor-de-test"
STEPS = ["signalen", "overleg", "gesprek", "weging", "besluit"]


@pytest.fixture
def helped(helped_case):
    """A case with help and a follow-up: every step recorded."""
    return helped_case


def password_login(client, username, password=PASSWORD, next_url="/meldcode/dossiers/"):
    user = User.objects.get(username=username)
    user.set_password(password)
    user.save()
    return client.post(f"/accounts/login/?next={next_url}",
                       {"username": username, "password": password, "next": next_url})


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


# Two-factor login -------------------------------------------------------------------------


def test_case_data_needs_the_second_factor(helped, client):
    assert password_login(client, "medewerker").status_code == 302
    for url in ["/meldcode/dossiers/", f"/meldcode/dossiers/{helped.reference}/",
                f"/meldcode/dossiers/{helped.reference}/pdf/", "/meldcode/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/tweestapsverificatie/controleren/")
    # Nothing was shown, so nothing was logged as a read.
    assert not CaseEvent.objects.filter(case=helped, action="view").exists()


def test_setting_up_an_authenticator_app(helped, client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code makes the next wait otherwise
    password_login(client, "medewerker")
    response = client.get("/account/tweestapsverificatie/controleren/?next=/meldcode/dossiers/",
                          follow=True)
    content = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/account/tweestapsverificatie/?")
    assert "<svg" in content and "Stel tweestapsverificatie in" in content
    device = TOTPDevice.objects.get(user__username="medewerker", confirmed=False)

    wrong = client.post("/account/tweestapsverificatie/", {"code": "000000", "next": "/"})
    assert "Die code klopt niet" in wrong.content.decode()
    right = client.post("/account/tweestapsverificatie/",
                        {"code": current_code(device), "next": "/meldcode/dossiers/"})
    codes = StaticToken.objects.filter(device__user__username="medewerker")
    assert codes.count() == 10
    for code in codes:
        assert code.token in right.content.decode()
    assert client.get("/meldcode/dossiers/").status_code == 200


def test_a_backup_code_works_once(helped, client):
    user = User.objects.get(username="medewerker")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    code = _backup_codes(user)[0]
    password_login(client, "medewerker")
    response = client.post("/account/tweestapsverificatie/controleren/",
                           {"code": code.upper(), "next": "/meldcode/dossiers/"})
    assert response.status_code == 302 and response["Location"] == "/meldcode/dossiers/"
    assert client.get("/meldcode/dossiers/").status_code == 200
    client.post("/accounts/logout/")
    password_login(client, "medewerker")
    again = client.post("/account/tweestapsverificatie/controleren/", {"code": code})
    assert again.status_code == 200 and "Die code klopt niet" in again.content.decode()


def test_an_administrator_resets_a_lost_phone(helped, client):
    user = User.objects.get(username="medewerker")
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    _backup_codes(user)
    out = io.StringIO()
    call_command("meldcode_reset_2fa", "medewerker", stdout=out)
    assert "Removed 2" in out.getvalue()
    password_login(client, "medewerker")
    response = client.get("/account/tweestapsverificatie/controleren/")
    assert response["Location"].startswith("/account/tweestapsverificatie/?")
    with pytest.raises(CommandError):
        call_command("meldcode_reset_2fa", "niemand")


def test_a_password_alone_never_links_a_new_app(helped, client):
    user = User.objects.get(username="medewerker")
    _backup_codes(user)  # backup codes only, no app
    password_login(client, "medewerker")
    response = client.get("/account/tweestapsverificatie/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestapsverificatie/controleren/")
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_a_foreign_next_url_is_not_followed(helped, client):
    user = User.objects.get(username="medewerker")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    password_login(client, "medewerker")
    response = client.post("/account/tweestapsverificatie/controleren/",
                           {"code": current_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_coordinator_needs_it_in_the_admin_too(people, client):
    password_login(client, "aandachtsfunctionaris", next_url="/admin/")
    response = client.get("/admin/meldcode_cases/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/tweestapsverificatie/controleren/")


def test_editors_without_case_access_are_not_asked(people, client):
    password_login(client, "beheerder", next_url="/admin/")
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Tweestapsverificatie staat uit" not in response.content.decode()


def test_switched_off_for_a_demo_with_a_banner(helped, client, settings):
    settings.MELDCODE_REQUIRE_2FA = False
    password_login(client, "medewerker")
    response = client.get("/meldcode/dossiers/")
    assert response.status_code == 200
    assert "Tweestapsverificatie staat uit" in response.content.decode()
    client.force_login(User.objects.get(username="beheerder"))
    assert "Tweestapsverificatie staat uit" in client.get("/admin/").content.decode()


# Sessions ---------------------------------------------------------------------------------


def age_session(client, **seconds_ago):
    session = client.session
    now = time.time()
    for key, ago in seconds_ago.items():
        session[{"last_seen": LAST_SEEN, "started": STARTED}[key]] = now - ago
    session.save()


def test_idle_timeout(helped, client):
    client.force_login(User.objects.get(username="medewerker"))
    assert client.get("/meldcode/dossiers/").status_code == 200
    key = client.session.session_key
    age_session(client, last_seen=29 * 60)
    assert client.get("/meldcode/dossiers/").status_code == 200
    age_session(client, last_seen=31 * 60)
    response = client.get("/meldcode/dossiers/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Session.objects.filter(session_key=key).exists()
    assert "uitgelogd na een tijd zonder activiteit" in client.get(
        response["Location"]).content.decode()


def test_absolute_timeout(helped, client):
    client.force_login(User.objects.get(username="medewerker"))
    client.get("/meldcode/dossiers/")
    age_session(client, started=10 * 3600 + 60, last_seen=10)
    response = client.get("/meldcode/dossiers/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_page_warns_and_saves_the_draft_at_the_timeout(helped, client):
    client.force_login(User.objects.get(username="medewerker"))
    url = f"/meldcode/dossiers/{helped.reference}/stap/signalen/"
    page = client.get(url).content.decode()
    assert 'id="mc-session"' in page and 'data-idle-timeout="1760"' in page
    assert "js/session.js" in page
    data = Wizard(client, helped.reference).form_data("signalen")
    data["signalen-person_reference"] = "Typed just before the timeout"
    response = client.post(url, {**data, "save_draft": "1", "meldcode_idle_logout": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    draft = CaseDraft.objects.get(case=helped, step="signalen")
    assert draft.data["signalen-person_reference"] == ["Typed just before the timeout"]
    assert client.get("/meldcode/dossiers/").status_code == 302


def test_stay_logged_in(helped, client):
    client.force_login(User.objects.get(username="medewerker"))
    assert client.post("/account/sessie/").status_code == 204
    assert client.get("/account/sessie/").status_code == 405


def test_a_replayed_session_cookie_after_logout_is_refused(helped, client):
    client.force_login(User.objects.get(username="medewerker"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get("/meldcode/dossiers/").status_code == 200
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = replay.get("/meldcode/dossiers/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# Throttling -------------------------------------------------------------------------------


def test_logins_are_throttled_with_a_generic_message(people, client):
    user = User.objects.get(username="medewerker")
    user.set_password(PASSWORD)
    user.save()
    assert User.objects.get(username="medewerker").check_password(PASSWORD)
    for _attempt in range(4):
        failed = client.post("/accounts/login/", {"username": "medewerker", "password": "x"})
        assert failed.status_code == 200
    # The fifth failure locks the name out from this address, even with the right password.
    assert client.post("/accounts/login/", {"username": "medewerker", "password": "x"}
                       ).status_code == 429
    locked = client.post("/accounts/login/", {"username": "medewerker", "password": PASSWORD})
    assert locked.status_code == 429
    message = "Te veel mislukte pogingen om in te loggen"
    assert message in locked.content.decode()
    # An unknown name gets the same answer: nothing tells which names exist.
    for _attempt in range(5):
        unknown = client.post("/accounts/login/", {"username": "niemand", "password": "x"})
    assert unknown.status_code == 429 and message in unknown.content.decode()
    # Someone else at the same address can still log in.
    assert password_login(Client(), "beheerder", next_url="/admin/").status_code == 302


# Headers ----------------------------------------------------------------------------------


def test_security_headers(helped, client):
    client.force_login(User.objects.get(username="medewerker"))
    for url in ["/meldcode/", f"/meldcode/dossiers/{helped.reference}/stap/besluit/",
                "/accounts/login/"]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
    admin = client.get("/admin/")
    assert "frame-ancestors 'self'" in admin["Content-Security-Policy"]


def test_production_settings_pass_check_deploy(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "example_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "intranet.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MELDCODE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "MELDCODE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# IDOR: every URL, every role --------------------------------------------------------------


def case_urls(case):
    followup = case.followups.first()
    base = f"/meldcode/dossiers/{case.reference}/"
    return [
        base, base + "pdf/", base + "advies/", f"{base}controle/{followup.pk}/",
        *(f"{base}stap/{step}/" for step in STEPS),
        f"/admin/meldcode_cases/{case.pk}/dossier/",
        f"/admin/meldcode_cases/{case.pk}/toegang/",
        f"/admin/meldcode_cases/{case.pk}/toegang/csv/",
    ]


def step_of(url):
    """The step number a case URL belongs to, as the audit log records it (or None)."""
    if "/controle/" in url:
        return 5
    return next((n for n, step in enumerate(STEPS, 1) if url.endswith(f"/stap/{step}/")), None)


def get_logged(client, url):
    """GET ``url``; the response and the ``(action, role, step)`` of each event it logged."""
    before = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url)
    events = CaseEvent.objects.filter(pk__gt=before).order_by("pk")
    return response, list(events.values_list("action", "role", "step"))


def outsider(username, *, groups=(), superuser=False):
    user = User.objects.create_user(username, password=PASSWORD, is_superuser=superuser)
    for group in groups:
        user.groups.add(*User.objects.get(username=group).groups.all())
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["colleague", "editor", "management", "no_role"])
def test_outsiders_get_nothing_and_are_logged(helped, who):
    username, groups = {
        "colleague": ("collega", ["medewerker", "beheerder"]),
        "editor": ("redacteur", ["beheerder"]),
        "management": ("directeur", ["leidinggevende"]),
        "no_role": ("stagiair", []),
    }[who]
    client = outsider(username, groups=groups)
    for url in case_urls(helped):
        admin = url.startswith("/admin/")
        response, events = get_logged(client, url)
        assert helped.reference.encode() not in response.content, url
        if who in ("colleague", "editor") or (who == "management" and admin):
            # Past the page privacy and the admin door: our views answer 404 and log it;
            # a staff member's refusal names the step (the editor is refused earlier).
            step = step_of(url) if who == "colleague" else None
            assert (response.status_code, events) == (404, [("denied", "outsider", step)]), url
        elif not admin:
            # The meldcode page's privacy sends them to the login page; logged all the same.
            assert response.status_code == 302, url
            assert response["Location"] == f"/accounts/login/?next={url}"
            assert events == [("denied", "outsider", None)], url
        else:
            # No access to the admin at all: Wagtail's admin door sends them to its login
            # page before any view of ours runs; logged all the same.
            assert response.status_code == 302, url
            assert response["Location"] == f"/admin/login/?next={url}"
            assert events == [("denied", "outsider", None)], url
    denied = CaseEvent.objects.filter(username=username)
    assert denied.filter(case=helped, case_reference=helped.reference,
                         action="denied").count() == denied.count() == 12


def logged_action(url):
    """What a case URL logs for someone with access (the advice endpoint, which a form
    asks while it is filled in, logs nothing)."""
    if step_of(url):
        return "view"
    suffixes = {"toegang/csv/": "access_export", "toegang/": "access_report",
                "dossier/": "view", "pdf/": "export", "advies/": None}
    return next((action for suffix, action in suffixes.items() if url.endswith(suffix)),
                "view")  # the case record


@pytest.mark.parametrize(("username", "role"), [("medewerker", "owner"),
                                                ("aandachtsfunctionaris", "coordinator")])
def test_people_with_access_are_logged_on_every_url(helped, username, role):
    client = Client()
    client.force_login(User.objects.get(username=username))
    for url in case_urls(helped):
        response, events = get_logged(client, url)
        if username == "medewerker" and url.startswith("/admin/"):
            # Staff have no admin access: Wagtail's admin door answers first; the refusal
            # is logged, in their role on the case.
            assert response.status_code == 302, url
            assert response["Location"] == f"/admin/login/?next={url}"
            assert events == [("denied", "owner", None)], url
            continue
        assert response.status_code == 200, url
        action = logged_action(url)
        assert events == ([(action, role, step_of(url))] if action else []), url


# CSRF on every POST -----------------------------------------------------------------------


def test_csrf_is_enforced_on_every_post(helped):
    coordinator = User.objects.get(username="aandachtsfunctionaris")
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    base = f"/meldcode/dossiers/{helped.reference}/"
    posts = [
        "/accounts/logout/", "/account/sessie/", "/account/tweestapsverificatie/",
        "/account/tweestapsverificatie/controleren/", "/meldcode/dossiers/nieuw/",
        f"{base}controle/{helped.followups.first().pk}/",
        *(f"{base}stap/{step}/" for step in STEPS),
        f"/admin/meldcode_cases/{helped.pk}/dossier/",
    ]
    for url in posts:
        assert client.post(url, {"save_draft": "1", "action": "close"}).status_code == 403, url
    assert Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "x", "password": "y"}).status_code == 403


# XSS: a script in every free-text field is shown as text ----------------------------------

CANARY = '<script>alert("mc-xss")</script><img src=x onerror=alert(1)>'


def fill_every_text_field(case):
    """Put the canary in every encrypted text field of the case and everything below it."""
    rows = [case, *case.signals.all(), *case.consultations.all(), *case.conversations.all(),
            case.weighing, *case.decisions.all(), *case.followups.all()]
    for row in rows:
        for field in row._meta.get_fields():
            if isinstance(field, EncryptedTextField):
                setattr(row, field.name, CANARY)
        row.save()


def test_user_text_is_escaped_everywhere(helped, client):
    """A script typed anywhere is shown as text on every page that shows it: in every
    free-text field of a case, in a case's pseudonym typed in the new-case form, in a
    draft, and in an editor's summary of a step page."""
    fill_every_text_field(helped)
    step = MeldcodeStepPage.objects.get(step_number=1)
    step.summary = f"{CANARY}-samenvatting"
    step.save_revision().publish()
    meldcode = step.get_parent()
    client.force_login(User.objects.get(username="medewerker"))
    opened, wizard = open_case(client, person=f"{CANARY}-pseudoniem")
    wizard.post("signalen", {"signals-0-description": f"{CANARY}-concept"}, save_draft="1")
    coordinator = Client()
    coordinator.force_login(User.objects.get(username="aandachtsfunctionaris"))

    helped_pages = [url for url in case_urls(helped) if not url.endswith(("pdf/", "advies/"))]
    # (who, url, the texts it shows, escaped); the access report and the admin's listing
    # and dashboard show no case content at all.
    shown = [
        *((client, url, [CANARY]) for url in helped_pages if not url.startswith("/admin/")),
        *((coordinator, url, [CANARY]) for url in helped_pages if "/toegang/" not in url),
        *((coordinator, url, []) for url in helped_pages if "/toegang/" in url),
        (client, f"/meldcode/dossiers/{opened.reference}/", [f"{CANARY}-pseudoniem"]),
        (client, wizard.url("signalen"), [f"{CANARY}-pseudoniem", f"{CANARY}-concept",
                                          f"{CANARY}-samenvatting"]),
        (client, "/meldcode/dossiers/", [f"{CANARY}-pseudoniem", CANARY]),
        (coordinator, "/meldcode/dossiers/", [CANARY]),
        (coordinator, "/admin/meldcode_cases/", []),
        (coordinator, "/admin/", []),
        *((client, url, [f"{CANARY}-samenvatting"])
          for url in (meldcode.url, meldcode.url + "afdrukken/", step.url)),
    ]
    for who, url, texts in shown:
        response = who.get(url)
        content = response.content.decode()
        assert response.status_code == 200, url
        assert "<script>alert(" not in content and "<img src=x" not in content, url
        for text in texts:
            assert escape(text) in content, (url, text)

    # The PDF holds the text as text.
    pdf = coordinator.get(f"/meldcode/dossiers/{helped.reference}/pdf/").content
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert '<script>alert("mc-xss")</script>' in text.replace("\n", "")

    # The reminder e-mail carries a reference and a link, never the text.
    FollowUp.objects.filter(case=helped).update(due_at="2000-01-01T08:00:00Z")
    mail.outbox.clear()
    reminders.dispatch()
    reminders.deliver(list(ReminderDelivery.objects.values_list("pk", flat=True)))
    # The owner and the coordinator are reminded; the coordinator is told it is overdue.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "aandachtsfunctionaris@example.org", "aandachtsfunctionaris@example.org",
        "medewerker@example.org"]
    for message in mail.outbox:
        assert "mc-xss" not in message.subject + message.body
        assert helped.reference in message.body
