"""axe-core finds no violation, of any impact, on the pages people use (WCAG 2.1 AA)."""

import datetime
import re

from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from wagtail.models import Site

from tests import builders
from tests.browser.support import (
    PASSWORD,
    describe,
    log_in,
    marks,
    screenshot,
    second_factor_code,
    violations,
)
from wagtail_meldcode import lifecycle, notices
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case, FollowUp
from wagtail_meldcode.models.notices import NoticeKind
from wagtail_meldcode.views.cases import MY_CASES_PER_PAGE

pytestmark = marks

STEPS = ("signalen", "overleg", "gesprek", "weging", "besluit")


class Tour:
    """Visit pages, run axe-core on each and keep what it finds."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.found = {}

    def check(self, name, shot=None, exclude=()):
        found = violations(self.page, exclude)
        if found:
            self.found[f"{name} ({self.page.url})"] = found
        if shot:
            screenshot(self.page, shot)

    def visit(self, path, name, shot=None, status=200, exclude=()):
        response = self.page.goto(self.base_url + path)
        assert response.status == status, f"{path}: {response.status}"
        self.check(name, shot, exclude)

    def assert_clean(self):
        assert not self.found, describe(self.found)


def test_the_meldcode_pages(page, intranet):
    tour = Tour(page, intranet)
    tour.visit("/accounts/login/", "login")
    # The check itself works: an image without a text alternative is found.
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    assert "image-alt" in {v["rule"] for v in violations(page)}
    log_in(page, intranet, "medewerker")
    tour.check("home")
    tour.visit("/meldcode/", "meldcode", shot="meldcode")
    links = page.get_by_role("region", name="De vijf stappen").get_by_role("link")
    expect(links).to_have_count(5)
    for number, href in enumerate(links.evaluate_all("a => a.map(l => l.pathname)"), 1):
        tour.visit(href, f"step page {number}", shot="meldcode-step" if number == 1 else None)
    page.goto(intranet + "/meldcode/")
    page.get_by_role("link", name="Afdrukversie").click()
    tour.check("print version")
    tour.assert_clean()


def transferred_case(helped, people):
    """A case the coordinator took from ``medewerker`` and gave to a colleague."""
    staff, coordinator = people["medewerker"], people["aandachtsfunctionaris"]
    colleague = builders.make_person("collega", *staff.groups.all(), first_name="Sanne",
                                     last_name="de Wit")
    case = builders.make_case(helped.meldcode, staff, person_reference="Leerling groep 3")
    lifecycle.transfer(case, colleague)
    notices.tell(case, NoticeKind.TRANSFERRED_AWAY, [staff], actor=coordinator,
                 new_owner=colleague)
    return case


def test_the_case_pages(page, intranet, people):
    tour = Tour(page, intranet)
    helped = Case.objects.get(status=CaseStatus.HELP)
    started = Case.objects.get(status=CaseStatus.OPEN)
    log_in(page, intranet, "medewerker")
    tour.visit("/meldcode/dossiers/", "my cases")
    tour.visit("/meldcode/dossiers/nieuw/", "new case")
    page.get_by_role("button", name="Dossier openen").click()
    tour.check("new case with errors")
    for step in STEPS:
        tour.visit(f"/meldcode/dossiers/{helped.reference}/stap/{step}/", f"step {step}")
    tour.visit(f"/meldcode/dossiers/{started.reference}/stap/overleg/", "step 2, empty")
    page.get_by_role("button", name="Opslaan en volgende stap").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    tour.check("step 2 with errors")
    tour.visit(f"/meldcode/dossiers/{helped.reference}/", "case")
    closed = Case.objects.get(status=CaseStatus.CLOSED)
    tour.visit(f"/meldcode/dossiers/{closed.reference}/", "closed case")
    tour.visit("/meldcode/dossiers/?lijst=afgesloten", "my closed cases")
    transferred = transferred_case(helped, people)
    tour.visit("/meldcode/dossiers/?lijst=overgedragen", "my transferred cases")
    tour.visit(f"/meldcode/dossiers/{transferred.reference}/", "transferred case",
               status=403)
    for n in range(MY_CASES_PER_PAGE):
        Case.objects.create(meldcode=helped.meldcode, site=helped.site, owner=helped.owner,
                            age_group="4-12", person_reference=f"Leerling {n}")
    tour.visit("/meldcode/dossiers/", "my cases, paged")
    page.get_by_role("link", name="Volgende pagina").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"pagina=2$"))
    expect(page.get_by_role("link", name="Pagina 2")).to_have_attribute("aria-current", "page")
    tour.check("my cases, page 2")
    tour.assert_clean()


def test_the_coordinator_pages(page, intranet, history):
    tour = Tour(page, intranet)
    helped = Case.objects.get(status=CaseStatus.HELP)
    followup = helped.followups.get()
    # Due now, so the dashboard lists it.
    FollowUp.objects.filter(pk=followup.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1), due_on=timezone.localdate())
    log_in(page, intranet, "aandachtsfunctionaris")
    tour.visit(f"/meldcode/dossiers/{helped.reference}/controle/{followup.pk}/", "check-in")
    page.get_by_role("button", name="Vervolgcontrole opslaan").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    tour.check("check-in with errors")
    tour.visit("/admin/", "admin dashboard", shot="admin-dashboard")
    expect(page.get_by_role("link", name=helped.reference).first).to_be_visible()
    tour.visit("/admin/meldcode_cases/", "admin case listing", shot="admin-cases")
    tour.visit(f"/admin/meldcode_cases/{helped.pk}/dossier/", "admin case",
               shot="admin-case")
    page.get_by_role("button", name="Acties").click()
    tour.check("admin case with its actions menu open")
    for action in ("toewijzen", "overdragen", "advies", "heropenen", "vernietigingsstop",
                   "afsluiten"):
        tour.visit(f"/admin/meldcode_cases/{helped.pk}/dossier/{action}/",
                   f"admin case action {action}",
                   shot="admin-case-close" if action == "afsluiten" else None)
    page.get_by_role("button", name="Ja, dossier afsluiten").click()
    expect(page.get_by_text("Dit is een verplicht veld")).to_be_visible()
    tour.check("admin case closing with errors")
    tour.visit(f"/admin/meldcode_cases/{helped.pk}/toegang/", "access report",
               shot="admin-access-report")
    tour.visit("/admin/meldcode_evaluation/", "evaluation report", shot="admin-evaluation")
    tour.visit("/admin/meldcode_evaluation/?start=2026-06-01&end=2026-01-01&interval=month",
               "evaluation report with errors")
    check_in = f"/meldcode/dossiers/{helped.reference}/controle/{followup.pk}/"
    page.goto(intranet + check_in)
    page.get_by_label("Wat heb je gezien").fill("De begeleiding loopt volgens plan.")
    page.get_by_label("Ja, de hulp werkt", exact=True).check()
    page.get_by_role("button", name="Vervolgcontrole opslaan").click()
    expect(page.get_by_role("status").first).to_be_visible()
    tour.check("case with a message")
    tour.visit(check_in, "answered check-in")
    tour.assert_clean()


def test_the_editor_and_management_pages(page, intranet, settings):
    # A demo without two-step verification: the admin and the intranet say so.
    settings.MELDCODE_REQUIRE_2FA = False
    tour = Tour(page, intranet)
    log_in(page, intranet, "beheerder", "/admin/")
    tour.check("admin dashboard, two-step verification off")
    site = Site.objects.get(is_default_site=True)
    settings_path = f"/admin/settings/wagtail_meldcode/meldcodesettings/{site.pk}/"
    tour.visit(settings_path, "meldcode settings")
    page.get_by_role("textbox", name="Telefoonnummer Veilig Thuis").fill("")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Dit is een verplicht veld.").first).to_be_visible()
    tour.check("meldcode settings with errors")
    page.context.clear_cookies()  # logged out
    log_in(page, intranet, "leidinggevende", "/admin/")
    tour.check("admin dashboard of management")
    tour.visit("/admin/meldcode_evaluation/", "evaluation report of management")
    tour.assert_clean()


def test_the_two_step_verification_pages(page, intranet, settings):
    # Otherwise django-otp makes the next try after a wrong code wait a second.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    tour = Tour(page, intranet)
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user__username="aandachtsfunctionaris").delete()
    log_in(page, intranet, "aandachtsfunctionaris", "/meldcode/dossiers/")
    expect(page).to_have_url(re.compile("/account/tweestapsverificatie/"))
    tour.check("set up two-step verification", shot="two-step-setup")
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("alert")).to_contain_text("Die code klopt niet")
    tour.check("set up, wrong code")
    page.get_by_label("Code", exact=True).fill(
        second_factor_code("aandachtsfunctionaris", confirmed=False))
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tweestapsverificatie is ingesteld")
    tour.check("backup codes")
    page.get_by_role("link", name="Verder").click()
    expect(page).to_have_url(re.compile("/meldcode/dossiers/$"))
    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_label("Gebruikersnaam").fill("aandachtsfunctionaris")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile("/account/tweestapsverificatie/controleren/"))
    tour.check("verify")
    tour.assert_clean()
