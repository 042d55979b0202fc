"""The intranet on a phone (390 CSS pixels wide) and zoomed to 200% (WCAG 1.4.10,
reflow): no page scrolls sideways, and Veilig Thuis is on a phone's first screen."""

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import builders
from tests.browser.support import PASSWORD, first_screen, log_in, log_out, marks, sideways
from wagtail_meldcode import lifecycle, notices
from wagtail_meldcode.choices import CaseStatus
from wagtail_meldcode.models import Case
from wagtail_meldcode.models.notices import NoticeKind

pytestmark = marks

STEPS = ("signalen", "overleg", "gesprek", "weging", "besluit")
#: The Veilig Thuis box (``includes/veilig_thuis.html``).
VEILIG_THUIS = "aside.mc-help"


def transferred_case(people):
    """A case the coordinator took from ``medewerker`` and gave to a colleague."""
    staff, coordinator = people["medewerker"], people["aandachtsfunctionaris"]
    meldcode = Case.objects.get(status=CaseStatus.HELP).meldcode
    colleague = builders.make_person("collega", *staff.groups.all(), first_name="Sanne",
                                     last_name="de Wit")
    case = builders.make_case(meldcode, staff, person_reference="Leerling groep 3")
    lifecycle.transfer(case, colleague)
    notices.tell(case, NoticeKind.TRANSFERRED_AWAY, [staff], actor=coordinator,
                 new_owner=colleague)
    return case


def intranet_tour(page, base_url, people):
    """Every intranet page of ``medewerker``, as ``(name, path)`` while the window
    shows it."""
    helped = Case.objects.get(status=CaseStatus.HELP)
    started = Case.objects.get(status=CaseStatus.OPEN)
    closed = Case.objects.get(status=CaseStatus.CLOSED)
    transferred = transferred_case(people)
    cases = "/meldcode/dossiers/"
    paths = [
        ("meldcode", "/meldcode/"),
        *[(f"step page {number}", path) for number, path in enumerate(step_pages(page,
                                                                            base_url), 1)],
        ("print version", "/meldcode/afdrukken/"),
        ("my cases", cases),
        ("my closed cases", f"{cases}?lijst=afgesloten"),
        ("my transferred cases", f"{cases}?lijst=overgedragen"),
        ("new case", f"{cases}nieuw/"),
        *[(f"step {step}", f"{cases}{helped.reference}/stap/{step}/") for step in STEPS],
        ("step 2, empty", f"{cases}{started.reference}/stap/overleg/"),
        ("case", f"{cases}{helped.reference}/"),
        ("closed case", f"{cases}{closed.reference}/"),
        ("check-in", f"{cases}{helped.reference}/controle/{helped.followups.get().pk}/"),
        ("transferred case", f"{cases}{transferred.reference}/"),
    ]
    page.goto(base_url + "/accounts/login/")
    yield "login", "/accounts/login/"
    log_in(page, base_url, "medewerker")
    for name, path in paths:
        page.goto(base_url + path)
        yield name, path
    page.goto(f"{base_url}{cases}nieuw/")
    page.get_by_role("button", name="Dossier openen").click()
    page.wait_for_selector(".mc-errorsummary, .mc-field--error")
    yield "new case with errors", f"{cases}nieuw/"
    # The second factor: checked at login, and set up by someone who has none yet.
    log_out(page)
    page.get_by_label("Gebruikersnaam").fill("aandachtsfunctionaris")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/account/tweestapsverificatie/controleren/**")
    yield "two-step verification", "/account/tweestapsverificatie/controleren/"
    page.context.clear_cookies()
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user__username="medewerker").delete()
    log_in(page, base_url, "medewerker", cases)
    page.wait_for_url("**/account/tweestapsverificatie/**")
    yield "set up two-step verification", "/account/tweestapsverificatie/"


def step_pages(page, base_url):
    """The paths of the meldcode's five step pages, as its index page links them."""
    from wagtail_meldcode.models import MeldcodeStepPage

    return [step.url for step in MeldcodeStepPage.objects.live().order_by("step_number")]


def test_no_page_scrolls_sideways_on_a_phone(phone, intranet, people):
    found = {f"{name} ({path})": out
             for name, path in intranet_tour(phone, intranet, people)
             if (out := sideways(phone))}
    assert found == {}


def test_no_page_scrolls_sideways_zoomed_to_200_percent(zoomed, intranet, people):
    found = {f"{name} ({path})": out
             for name, path in intranet_tour(zoomed, intranet, people)
             if (out := sideways(zoomed))}
    assert found == {}


def test_veilig_thuis_is_on_the_first_screen_of_a_phone(phone, intranet):
    started = Case.objects.get(status=CaseStatus.OPEN)
    log_in(phone, intranet, "medewerker")
    paths = ["/meldcode/", *step_pages(phone, intranet),
             *[f"/meldcode/dossiers/{started.reference}/stap/{step}/" for step in STEPS]]
    below = []
    for path in paths:
        phone.goto(intranet + path)
        if not first_screen(phone, VEILIG_THUIS):
            below.append(path)
    assert below == []
