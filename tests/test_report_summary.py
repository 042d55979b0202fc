"""The report to Veilig Thuis, prepared: the summary gathers every recorded fact of the
case, and nothing of another, in the order Veilig Thuis asks for it; the page and the PDF
are exports, logged as such, for whom the case belongs to only."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.storage import storages
from django.test import Client
from django.utils import timezone

from tests import files
from tests.helpers import Wizard, day, do_steps_1_to_3, errors, open_case, open_colleague_case
from tests.test_attachments import upload
from tests.test_bodymap import mark
from tests.test_dossier import dossier, dutch_date, pdf_text, text_of  # noqa: F401
from tests.test_own_questions import publish_questions
from wagtail_meldcode.models import CaseEvent, ReporterDetails
from wagtail_meldcode.summary import one_year_before

pytestmark = pytest.mark.django_db

SECTIONS = ["reporter", "people", "concerns", "evidence", "discussed", "consulted",
            "network", "continuing"]


def summary_url(case, pdf=False):
    return f"/meldcode/dossiers/{case.reference}/meldingsoverzicht/" + ("pdf/" if pdf else "")


def sections(html):
    """The text of each section of the summary page, by section."""
    return {name: text_of(re.search(
        rf'id="mc-sum-{name}-body">(.*?)</div>\s*<p class="mc-actions"><button[^>]*'
        rf'data-mc-copy="mc-sum-{name}-body"', html, re.S)[1]) for name in SECTIONS}


@pytest.fixture(autouse=True)
def empty_storage():
    storages._storages.pop("default", None)
    yield
    storages._storages.pop("default", None)


@pytest.fixture
def summary_case(meldcode, dossier, client):  # noqa: F811 (the fixture imported above)
    """The complete dossier of test_dossier, with an own question answered in step 2, a
    third party's signal, two injuries on the body map (one linked to a signal), two
    attachments (one older than a year); and another case of the same owner, with a
    canary, that must not show."""
    publish_questions(meldcode, 2, {"label": "Besproken in het zorgteam",
                                    "field_type": "singleline", "required": False})
    wizard = Wizard(client, dossier.reference)
    r = wizard.post("overleg", {"own-besproken_in_het_zorgteam": "Ja, op 3 maart"})
    assert r.status_code == 302, errors(r)
    r = wizard.post("signalen", {
        "signals-2-description": "De buurvrouw hoorde vaak geschreeuw.",
        "signals-2-kind": "fact", "signals-2-source": "third_party",
        "signals-2-source_name": "Buurvrouw, mevrouw P.", "signals-2-observed_on": day(-3),
        # form_data() keeps one value per name: give both ticked boxes again.
        "kc_parental_problems": ["addiction", "psychiatric"],
    }, **{"signalen-signals-TOTAL_FORMS": "3"})
    assert r.status_code == 302, errors(r)
    old = one_year_before(timezone.localdate()) - timezone.timedelta(days=1)
    assert upload(client, dossier, "foto.jpg", files.jpeg("x"), title="Foto van de wang",
                  description="").status_code == 302
    assert upload(client, dossier, "rapport.pdf", files.pdf("x"), title="Verslag consultatiebureau",
                  description="Eerdere zorgen.", dated_on=old.isoformat()).status_code == 302
    signal = dossier.signals.get(kind="fact", source="own")
    assert mark(client, dossier, region="front-left-upper-arm", signal=str(signal.pk),
                note="Gezien op maandag.").status_code == 302
    assert mark(client, dossier, region="back-right-thigh", kind="burn", size="1 cm",
                colour="rood", note="Gezien op dinsdag.").status_code == 302
    other, other_wizard = open_case(client, person="KANARIE-ANDER-DOSSIER")
    do_steps_1_to_3(other_wizard)
    dossier.refresh_from_db()
    return dossier


def expected(case):
    """What each section of the summary says, in the words a reader sees."""
    today, year_ago = timezone.localdate(), one_year_before(timezone.localdate())
    decision = case.latest_decision()
    seen = dutch_date(today - timezone.timedelta(days=1))
    return {
        "reporter": "Naam Sanne de Vries Functie Groepsleerkracht groep 6 Organisatie "
                    "Basisschool De Linde Telefoonnummer 020-1234567 "
                    "E-mail medewerker@example.org Aandachtsfunctionaris Niet toegewezen "
                    f"Ons kenmerk {case.reference}",
        "people": "Pseudoniem Leerling groep 6 Volledige naam niet vastgelegd "
                  "Leeftijdsgroep Volwassenen Kindcheck Ouderproblematiek Verslaving, "
                  "Ernstige psychiatrische problemen Zorgt voor kinderen ja Zwanger nee "
                  "Aantal kinderen 2 Leeftijden van de kinderen 3 en 6 jaar "
                  "Zorgt ook voor de kinderen Ex-partner, om het weekend",
        "concerns": "Feiten, met datum en bron "
                    f"Feit · {dutch_date(today - timezone.timedelta(days=3))} · "
                    "Informatie van derden: Buurvrouw, mevrouw P. "
                    "De buurvrouw hoorde vaak geschreeuw. "
                    f"Feit · {dutch_date(today - timezone.timedelta(days=2))} · "
                    "Eigen waarneming · Lichamelijke mishandeling "
                    "Blauwe plek op de wang, zegt gevallen te zijn. "
                    "Hypothesen (geen vastgestelde feiten) "
                    f"Hypothese · {dutch_date(today - timezone.timedelta(days=1))} · "
                    "Eigen waarneming Mogelijk thuis geslagen. "
                    f"Weging (stap 4) Gewogen door Sanne de Vries op {dutch_date(today)} "
                    "Vermoeden: ja Acute onveiligheid: nee Structurele onveiligheid: ja "
                    "Signalen, advies en gesprek wijzen dezelfde kant op.",
        "evidence": "Lichaamskaart "
                    # The outline's words and numbers, then the table.
                    "Voorkant Achterkant 1 2 "
                    "Letsel op de lichaamskaart Nr. Lichaamsdeel Soort Grootte Kleur "
                    "Datum gezien Toelichting Signaal "
                    f"1 Linkerbovenarm, voorkant Blauwe plek 3 x 2 cm blauwpaars {seen} "
                    f"Gezien op maandag. {dutch_date(today - timezone.timedelta(days=2))}: "
                    "Blauwe plek op de wang, zegt gevallen te zijn. "
                    f"2 Rechterbovenbeen, achterkant Brandwond 1 cm rood {seen} "
                    "Gezien op dinsdag. "
                    "Bijlagen Veilig Thuis vraagt om documenten van het afgelopen jaar; "
                    "oudere zijn gemarkeerd. "
                    f"{dutch_date(year_ago - timezone.timedelta(days=1))} · Pdf-document · "
                    "Verslag consultatiebureau: Eerdere zorgen. (ouder dan een jaar) · "
                    "Downloaden : Verslag consultatiebureau "
                    f"{dutch_date(today - timezone.timedelta(days=1))} · JPEG-foto · "
                    "Foto van de wang · Downloaden : Foto van de wang",
        "discussed": f"moeder · {dutch_date(today)} Doel van het gesprek uitgelegd ja "
                     "Feiten voorgelegd nee "
                     "Reactie Moeder schrok en vertelde over spanningen thuis. "
                     "Interpretatie achteraf Past bij de signalen. "
                     "Vooraf met de leerling of de ouders besproken Ja, vooraf besproken: "
                     "Op school met moeder besproken. "
                     "Reactie en bezwaren van de leerling of de ouders Moeder was boos, maar "
                     "begreep de melding.",
        "consulted": f"Aandachtsfunctionaris · {dutch_date(today - timezone.timedelta(days=1))} "
                     "Bespreek het met de ouders. "
                     "Vragen van onze organisatie Besproken in het zorgteam Ja, op 3 maart",
        "network": "Zorgt ook voor de kinderen Ex-partner, om het weekend "
                   "Vertelde ons een signaal Buurvrouw, mevrouw P. Biedt de hulp Wijkteam",
        "continuing": f"Melding bij Veilig Thuis ja (gemeld op {dutch_date(today)}) "
                      "Hulp bieden of organiseren ja "
                      "Hulpplan Opvoedondersteuning door het wijkteam. "
                      "Hulp geboden door Wijkteam "
                      f"Eerste controle op {dutch_date(decision.first_check_on)} "
                      f"Volgen tot {dutch_date(decision.help_ends_on)}",
    }


def give_details(user):
    ReporterDetails.objects.create(user=user, function="Groepsleerkracht groep 6",
                                   phone="020-1234567")


@pytest.fixture
def named_site(summary_case):
    site = summary_case.site
    site.site_name = "Basisschool De Linde"
    site.save()


def test_the_page_gathers_every_recorded_fact_in_veilig_thuis_order(
        summary_case, named_site, staff, client):
    give_details(staff)
    html = client.get(summary_url(summary_case)).content.decode()
    assert sections(html) == expected(summary_case)
    assert "KANARIE-ANDER-DOSSIER" not in html


def test_the_pdf_holds_the_same_sections_in_the_same_order(
        summary_case, named_site, staff, client):
    give_details(staff)
    response = client.get(summary_url(summary_case, pdf=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="meldingsoverzicht-{summary_case.reference}.pdf"')
    assert response["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    # The text without the running header and footer of each page, or the list bullets.
    text = " ".join(re.sub(
        rf"{summary_case.meldcode.title} {summary_case.reference} Gemaakt door .*? "
        r"pagina \d+ van \d+|•", "", pdf_text(response)).split())
    # The drawing is there, its marks numbered; pypdf reads its words after the page's text.
    drawing = "Voorkant Achterkant 1 2 "
    assert text.count(drawing) == 1
    text = text.replace(drawing, "")
    headings = ["1. Melder", "2. Betrokkenen", "3. Zorgen", "4. Letsel en bijlagen",
                "5. Besproken met de betrokkenen", "6. Overleg", "7. Netwerk",
                "8. Wat onze organisatie blijft doen"]
    position = 0
    for heading, name in zip(headings, SECTIONS, strict=True):
        # The PDF has no links: the page's "Download" links are left out.
        section = re.sub(r" · Downloaden : [^·]*?(?= \d| *$)", "", expected(summary_case)[name])
        # Nor has it the table's caption, which is for screen readers.
        section = section.replace(drawing, "").replace("Letsel op de lichaamskaart ", "")
        position = text.index(f"{heading} {section}", position)
    assert "KANARIE-ANDER-DOSSIER" not in text



def test_the_reporter_is_asked_once_and_nothing_typed_is_lost(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    html = client.get(summary_url(case)).content.decode()
    assert 'id="mc-reporter-form"' in html
    assert sections(html)["reporter"].startswith(
        "Naam Sanne de Vries Functie niet vastgelegd Organisatie localhost "
        "Telefoonnummer niet vastgelegd")

    response = client.post(summary_url(case), {"function": "Mentor klas 2b", "phone": "12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert ("Vul een telefoonnummer in met minstens 8 cijfers, bijvoorbeeld 06-12345678."
            in html)
    assert 'value="Mentor klas 2b"' in html
    assert not ReporterDetails.objects.exists()

    response = client.post(summary_url(case), {"function": "Mentor klas 2b",
                                               "phone": "+31 6 1234 5678"})
    assert response.status_code == 302
    assert response["Location"] == summary_url(case)
    details = ReporterDetails.objects.get()
    assert (details.user, details.function, details.phone) == (
        staff, "Mentor klas 2b", "+31 6 1234 5678")

    # Every later summary, of any case, reads them and asks nothing.
    other, other_wizard = open_case(client, person="Leerling groep 3")
    html = client.get(summary_url(other)).content.decode()
    assert 'id="mc-reporter-form"' not in html
    assert "Je functie of telefoonnummer wijzigen" in html
    assert sections(html)["reporter"].startswith(
        "Naam Sanne de Vries Functie Mentor klas 2b Organisatie localhost "
        "Telefoonnummer +31 6 1234 5678")


def test_opening_and_downloading_are_logged_as_exports(staff, client, people):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    assert client.get(summary_url(case)).status_code == 200
    assert client.get(summary_url(case, pdf=True)).status_code == 200
    coordinator = Client()
    coordinator.force_login(people["aandachtsfunctionaris"])
    # The coordinator finds it in the admin's case view.
    admin_page = coordinator.get(f"/admin/meldcode_cases/{case.pk}/dossier/").content.decode()
    assert f'href="{summary_url(case)}"' in admin_page
    assert coordinator.get(summary_url(case)).status_code == 200
    logged = CaseEvent.objects.filter(case=case, action__in=["summary", "summary_pdf"])
    assert list(logged.order_by("pk").values_list("username", "role", "action")) == [
        ("medewerker", "owner", "summary"),
        ("medewerker", "owner", "summary_pdf"),
        ("aandachtsfunctionaris", "coordinators_group", "summary"),
    ]
    # Exports are what was done with the case: the chronology shows them.
    page = text_of(client.get(f"/meldcode/dossiers/{case.reference}/").content.decode())
    assert "Heeft het meldingsoverzicht voor Veilig Thuis als pdf gedownload" in page


def test_another_staff_member_gets_404_and_the_attempt_is_logged(staff, client):
    case, wizard = open_case(client)
    colleague = User.objects.create_user("collega")
    colleague.groups.add(Group.objects.get(name="Medewerkers"))
    other = Client()
    other.force_login(colleague)
    for url in (summary_url(case), summary_url(case, pdf=True)):
        assert other.get(url).status_code == 404, url
    assert other.post(summary_url(case), {"function": "x", "phone": "0612345678"}
                      ).status_code == 404
    assert list(CaseEvent.objects.filter(case=case, username="collega")
                .values_list("action", "role")) == [("denied", "outsider")] * 3
    assert not ReporterDetails.objects.exists()


def test_a_worry_about_a_colleague_has_no_summary(staff, client):
    case, _wizard = open_colleague_case(client)
    assert client.get(summary_url(case)).status_code == 404
    assert client.get(summary_url(case, pdf=True)).status_code == 404
    assert not CaseEvent.objects.filter(case=case, action__startswith="summary").exists()
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert "meldingsoverzicht" not in page

    meldcode_case, _wizard = open_case(client)
    page = client.get(f"/meldcode/dossiers/{meldcode_case.reference}/").content.decode()
    assert f'href="{summary_url(meldcode_case)}"' in page

