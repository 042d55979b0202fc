"""The words follow the sector: a school's case speaks of the pupil (leerling) and the
parents (ouders) and a childcare case of the child and the parents, never of a client
(cliënt); youth care of the young person (jeugdige); health care, social support and
justice of the client. In the form that opens a case, the five steps' forms, what a
decision lacks, the dossier and its PDF (see :mod:`wagtail_meldcode.wording`)."""

from dataclasses import dataclass, replace

import pytest

from tests import builders
from tests.helpers import day, errors, open_case, weigh
from tests.test_dossier import pdf_text, text_of
from tests.test_lifecycle import missing_links

pytestmark = pytest.mark.django_db

STEPS = ("signalen", "overleg", "gesprek", "weging", "besluit")


@dataclass
class Words:
    """What a sector's case says, each as one exact run of words on the page."""

    pseudonym: str
    kindcheck: str
    children_count: str
    kindcheck_missing: str
    no_conversation: str
    with_whom: str
    report: str
    dossier_no_conversation: str
    dossier_report: str


SCHOOL = Words(
    pseudonym="Persoon (pseudoniem): Een pseudoniem of initialen, niet de volledige naam, "
              "bijvoorbeeld 'leerling groep 6, J.'",
    kindcheck="Kindcheck (alleen bij volwassen leerlingen) Heeft je volwassen leerling "
              "problemen die kinderen in gevaar kunnen brengen, en zorgt de leerling voor "
              "kinderen of verwacht de leerling een baby? Heeft de leerling een van deze "
              "problemen? Geweld Verslaving Ernstige psychiatrische problemen Verstandelijke "
              "beperking Zorgt de leerling voor kinderen? Ja Nee Is de leerling zwanger? Ja Nee",
    children_count="Voor hoeveel kinderen zorgt de leerling?",
    kindcheck_missing="Vul de kindcheck in: de leerling is volwassen.",
    no_conversation="Als er geen gesprek is geweest: waarom niet? De veiligheid van de "
                    "leerling, van mijzelf of van een ander is in het geding Er zijn goede "
                    "redenen om aan te nemen dat de leerling of de ouders het contact zullen "
                    "verbreken",
    with_whom="Met wie: Bijvoorbeeld: de leerling, moeder, beide ouders.",
    report="Vooraf met de leerling of de ouders besproken: Ja, vooraf besproken Nee: de "
           "veiligheid van iemand zou in gevaar komen Nee: de leerling of de ouders zouden "
           "het contact verbreken Hoe het is besproken, of waarom niet: Maximaal 10.000 "
           "tekens. Reactie en bezwaren van de leerling of de ouders: Maximaal 10.000 tekens.",
    dossier_no_conversation="Geen gesprek: Er zijn goede redenen om aan te nemen dat de "
                            "leerling of de ouders het contact zullen verbreken. Vader "
                            "dreigde eerder alle contact te stoppen.",
    dossier_report="Vooraf met de leerling of de ouders besproken Nee: de leerling of de "
                   "ouders zouden het contact verbreken: Niet besproken, zie stap 3. "
                   "Reactie en bezwaren van de leerling of de ouders Nog geen reactie.",
)

HEALTH_CARE = Words(
    pseudonym="Persoon (pseudoniem): Een pseudoniem of initialen, niet de volledige naam, "
              "bijvoorbeeld 'cliënt afdeling B, J.'",
    kindcheck="Kindcheck (alleen bij volwassen cliënten) Heeft je volwassen cliënt "
              "problemen die kinderen in gevaar kunnen brengen, en zorgt de cliënt voor "
              "kinderen of verwacht de cliënt een baby? Heeft de cliënt een van deze "
              "problemen? Geweld Verslaving Ernstige psychiatrische problemen Verstandelijke "
              "beperking Zorgt de cliënt voor kinderen? Ja Nee Is de cliënt zwanger? Ja Nee",
    children_count="Voor hoeveel kinderen zorgt de cliënt?",
    kindcheck_missing="Vul de kindcheck in: de cliënt is volwassen.",
    no_conversation="Als er geen gesprek is geweest: waarom niet? De veiligheid van de "
                    "cliënt, van mijzelf of van een ander is in het geding Er zijn goede "
                    "redenen om aan te nemen dat de cliënt het contact zal verbreken",
    with_whom="Met wie: Bijvoorbeeld: moeder, beide ouders, de cliënt.",
    report="Vooraf met de cliënt besproken: Ja, vooraf besproken Nee: de veiligheid van "
           "iemand zou in gevaar komen Nee: de cliënt zou het contact verbreken Hoe het is "
           "besproken, of waarom niet: Maximaal 10.000 tekens. Reactie en bezwaren van de "
           "cliënt: Maximaal 10.000 tekens.",
    dossier_no_conversation="Geen gesprek: Er zijn goede redenen om aan te nemen dat de "
                            "cliënt het contact zal verbreken. Vader dreigde eerder alle "
                            "contact te stoppen.",
    dossier_report="Vooraf met de cliënt besproken Nee: de cliënt zou het contact "
                   "verbreken: Niet besproken, zie stap 3. Reactie en bezwaren van de "
                   "cliënt Nog geen reactie.",
)

CHILDCARE = Words(
    pseudonym="Persoon (pseudoniem): Een pseudoniem of initialen, niet de volledige naam, "
              "bijvoorbeeld 'peuter groep Egeltjes, J.'",
    kindcheck="Kindcheck (alleen bij volwassenen) Heeft de volwassene problemen die "
              "kinderen in gevaar kunnen brengen, en zorgt die voor kinderen of verwacht die "
              "een baby? Heeft de volwassene een van deze problemen? Geweld Verslaving "
              "Ernstige psychiatrische problemen Verstandelijke beperking Zorgt de "
              "volwassene voor kinderen? Ja Nee Is de volwassene zwanger? Ja Nee",
    children_count="Voor hoeveel kinderen zorgt de volwassene?",
    kindcheck_missing="Vul de kindcheck in: het dossier gaat over een volwassene.",
    no_conversation="Als er geen gesprek is geweest: waarom niet? De veiligheid van het "
                    "kind, van mijzelf of van een ander is in het geding Er zijn goede "
                    "redenen om aan te nemen dat de ouders het contact zullen verbreken",
    with_whom="Met wie: Bijvoorbeeld: moeder, vader, beide ouders.",
    report="Vooraf met de ouders besproken: Ja, vooraf besproken Nee: de veiligheid van "
           "iemand zou in gevaar komen Nee: de ouders zouden het contact verbreken Hoe het "
           "is besproken, of waarom niet: Maximaal 10.000 tekens. Reactie en bezwaren van de "
           "ouders: Maximaal 10.000 tekens.",
    dossier_no_conversation="Geen gesprek: Er zijn goede redenen om aan te nemen dat de "
                            "ouders het contact zullen verbreken. Vader dreigde eerder alle "
                            "contact te stoppen.",
    dossier_report="Vooraf met de ouders besproken Nee: de ouders zouden het contact "
                   "verbreken: Niet besproken, zie stap 3. Reactie en bezwaren van de "
                   "ouders Nog geen reactie.",
)

#: Youth care: the young person and the parents; the kindcheck is about adult clients.
YOUTH_CARE = replace(
    HEALTH_CARE,
    pseudonym="Persoon (pseudoniem): Een pseudoniem of initialen, niet de volledige naam, "
              "bijvoorbeeld 'jeugdige team Noord, J.'",
    no_conversation="Als er geen gesprek is geweest: waarom niet? De veiligheid van de "
                    "jeugdige, van mijzelf of van een ander is in het geding Er zijn goede "
                    "redenen om aan te nemen dat de jeugdige of de ouders het contact zullen "
                    "verbreken",
    with_whom="Met wie: Bijvoorbeeld: de jeugdige, moeder, beide ouders.",
    report="Vooraf met de jeugdige of de ouders besproken: Ja, vooraf besproken Nee: de "
           "veiligheid van iemand zou in gevaar komen Nee: de jeugdige of de ouders zouden "
           "het contact verbreken Hoe het is besproken, of waarom niet: Maximaal 10.000 "
           "tekens. Reactie en bezwaren van de jeugdige of de ouders: Maximaal 10.000 tekens.",
    dossier_no_conversation="Geen gesprek: Er zijn goede redenen om aan te nemen dat de "
                            "jeugdige of de ouders het contact zullen verbreken. Vader "
                            "dreigde eerder alle contact te stoppen.",
    dossier_report="Vooraf met de jeugdige of de ouders besproken Nee: de jeugdige of de "
                   "ouders zouden het contact verbreken: Niet besproken, zie stap 3. "
                   "Reactie en bezwaren van de jeugdige of de ouders Nog geen reactie.",
)

#: The words of each sector's case, and whether it may say "cliënt" anywhere.
SECTORS = [
    ("onderwijs", SCHOOL, False),
    ("kinderopvang", CHILDCARE, False),
    ("jeugdhulp", YOUTH_CARE, True),
    ("gezondheidszorg", HEALTH_CARE, True),
    ("maatschappelijke_ondersteuning", HEALTH_CARE, True),
    ("justitie", HEALTH_CARE, True),
]


@pytest.fixture
def meldcode(home, sector):
    return builders.install_meldcode(home, sector=sector)


def form_text(response):
    """The words of the form on a page (not the guidance or the menus around it)."""
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('class="mc-form')
    return text_of(html[start:html.index("</form>", start)])


def page_text(response):
    assert response.status_code == 200
    return text_of(response.content.decode())


@pytest.mark.parametrize("sector, words, client_sector", SECTORS,
                         ids=[sector for sector, _words, _client in SECTORS])
def test_a_case_speaks_the_words_of_its_sector(staff, client, sector, words, client_sector):
    pages = [page_text(new := client.get("/meldcode/dossiers/nieuw/"))]
    assert words.pseudonym in form_text(new)
    case, wizard = open_case(client, person="J. uit groep 8", age_group="adults")

    # Before anything is recorded, the decision lists the kindcheck in the sector's words.
    response = wizard.post("besluit", {"report": "no", "help": "no", "close_reason": "Geen."})
    assert [text for _url, text in missing_links(response)][:2] == [
        "Leg minstens één signaal vast.", words.kindcheck_missing]

    step_1 = client.get(wizard.url("signalen"))
    pages.append(page_text(step_1))
    assert words.pseudonym in form_text(step_1)
    assert words.kindcheck in form_text(step_1)
    step_1_data = {
        "person_reference": "J. uit groep 8", "age_group": "adults",
        "kc_cares_for_children": "yes", "kc_pregnant": "no",
        "signals-0-description": "Blauwe plek op de arm.", "signals-0-kind": "fact",
        "signals-0-source": "own", "signals-0-observed_on": day(-1),
        "signals-0-form_of_violence": "physical_abuse",
    }
    response = wizard.post("signalen", step_1_data)
    assert errors(response)[:1] == [f'<li>{words.children_count}</li>']
    response = wizard.post("signalen", {**step_1_data, "kc_children_count": "1",
                                        "kc_children_ages": "2 jaar"})
    assert response.status_code == 302, errors(response)

    pages.append(page_text(client.get(wizard.url("overleg"))))
    response = wizard.post("overleg", {
        "consultations-0-with_whom": "coordinator", "consultations-0-consulted_on": day(-1),
        "consultations-0-advice": "Melden.",
    })
    assert response.status_code == 302, errors(response)

    step_3 = client.get(wizard.url("gesprek"))
    pages.append(page_text(step_3))
    assert words.no_conversation in form_text(step_3)
    assert words.with_whom in form_text(step_3)
    response = wizard.post("gesprek", {
        "no_conversation_reason": "contact_break",
        "no_conversation_explanation": "Vader dreigde eerder alle contact te stoppen.",
    })
    assert response.status_code == 302, errors(response)

    pages.append(page_text(client.get(wizard.url("weging"))))
    weigh(wizard, "yes", structural="yes")

    step_5 = client.get(wizard.url("besluit"))
    pages.append(page_text(step_5))
    assert words.report in form_text(step_5)
    response = wizard.post("besluit", {
        "can_help": "no", "report": "yes", "help": "no", "reported_on": day(),
        "report_discussed": "no_contact_break",
        "report_discussion": "Niet besproken, zie stap 3.",
        "client_reaction": "Nog geen reactie.",
    })
    assert response.status_code == 302, errors(response)

    dossier = page_text(client.get(f"/meldcode/dossiers/{case.reference}/"))
    pdf = pdf_text(client.get(f"/meldcode/dossiers/{case.reference}/pdf/"))
    for text in (dossier, pdf):
        assert words.dossier_no_conversation in text
        assert words.dossier_report in text
    if not client_sector:
        assert [text for text in (*pages, dossier, pdf) if "cliënt" in text.lower()] == []
