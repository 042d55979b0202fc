"""The rules of the meldcode that the case forms enforce."""

import json

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import FieldError

from tests.helpers import day, do_steps_1_to_3, errors, open_case, weigh
from wagtail_meldcode.models import Case, Consultation, Signal

pytestmark = pytest.mark.django_db


def signal_fields(form="physical_abuse", **extra):
    return {
        "person_reference": "Leerling", "age_group": "12-18",
        "signals-0-description": "Vertelt dat ze na de zomer wordt uitgehuwelijkt.",
        "signals-0-kind": "fact", "signals-0-source": "own",
        "signals-0-observed_on": day(-1), "signals-0-form_of_violence": form, **extra,
    }


@pytest.mark.parametrize("form", ["female_genital_mutilation", "honour_related_violence"])
def test_step_2_needs_veilig_thuis_or_an_expert_for_fgm_and_honour_violence(staff, client, form):
    case, wizard = open_case(client)
    assert wizard.post("signalen", signal_fields(form)).status_code == 302
    colleague = {"consultations-0-with_whom": "colleague", "consultations-0-consulted_on": day(),
                 "consultations-0-advice": "Neem contact op met Veilig Thuis."}
    response = wizard.post("overleg", colleague)
    assert response.status_code == 200
    assert "overleg met Veilig Thuis of een deskundige" in response.content.decode()
    assert not Consultation.objects.filter(case=case).exists()

    response = wizard.post("overleg", {**colleague,
                                       "consultations-0-with_whom": "veilig_thuis",
                                       "consultations-0-anonymous": "on"})
    assert response.status_code == 302, errors(response)
    assert Consultation.objects.get(case=case).anonymous


def test_step_2_without_such_signals_may_be_a_colleague(staff, client):
    case, wizard = open_case(client)
    wizard.post("signalen", signal_fields())
    response = wizard.post("overleg", {
        "consultations-0-with_whom": "colleague", "consultations-0-consulted_on": day(),
        "consultations-0-advice": "Eerst gesprek met ouders.",
    })
    assert response.status_code == 302, errors(response)


def test_step_3_needs_a_conversation_or_a_recorded_reason(staff, client):
    case, wizard = open_case(client)
    response = wizard.post("gesprek", {})
    assert "Leg het gesprek vast, of de reden" in response.content.decode()
    response = wizard.post("gesprek", {"no_conversation_reason": "safety"})
    assert response.status_code == 200
    response = wizard.post("gesprek", {
        "no_conversation_reason": "safety",
        "no_conversation_explanation": "Vader heeft gedreigd de leerkracht iets aan te doen.",
    })
    assert response.status_code == 302, errors(response)
    case.refresh_from_db()
    assert case.no_conversation_reason == "safety"


def test_kindcheck_for_adult_clients(staff, client):
    case, wizard = open_case(client, person="Cliënt K.", age_group="adults")
    fields = signal_fields(age_group="adults")
    response = wizard.post("signalen", fields)
    assert response.status_code == 200
    assert "Voor de kindcheck is een antwoord op deze vraag nodig" in response.content.decode()
    response = wizard.post("signalen", {
        **fields, "kc_parental_problems": "addiction", "kc_cares_for_children": "yes",
        "kc_pregnant": "no", "kc_children_count": "2", "kc_children_ages": "3 en 7",
        "kc_shared_care": "Oma, twee dagen per week",
    })
    assert response.status_code == 302, errors(response)
    case.refresh_from_db()
    assert case.kindcheck == {
        "parental_problems": ["addiction"], "cares_for_children": True, "pregnant": False,
        "children_count": 2, "children_ages": "3 en 7",
        "shared_care": "Oma, twee dagen per week",
    }


def test_a_later_entry_confirms_a_hypothesis(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    hypothesis = Signal.objects.get(case=case, kind="hypothesis")
    response = wizard.post("signalen", {
        "signals-2-description": "Moeder vertelt dat vader slaat.", "signals-2-kind": "fact",
        "signals-2-source": "third_party", "signals-2-source_name": "Moeder",
        "signals-2-observed_on": day(), "signals-2-follows_up": str(hypothesis.pk),
        "signals-2-hypothesis_outcome": "confirmed",
    }, **{"signalen-signals-TOTAL_FORMS": "3"})
    assert response.status_code == 302, errors(response)
    entry = Signal.objects.get(case=case, follows_up=hypothesis)
    assert entry.hypothesis_outcome == "confirmed"
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert "mc-record-entry--hypothesis" in page and "Bevestigd" in page


def test_deviating_from_the_framework_needs_a_reason(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    answers = {"can_help": "yes", "help_accepted": "yes", "help_effective": "yes",
               "report": "yes", "help": "no", "reported_on": day(),
               "report_discussed": "yes"}
    response = wizard.post("besluit", answers)
    assert response.status_code == 200
    assert "Je besluit wijkt af van het afwegingskader" in response.content.decode()
    response = wizard.post("besluit", {**answers, "deviation_reason": "Eerdere hulp faalde."})
    assert response.status_code == 302, errors(response)
    assert Case.objects.get(pk=case.pk).latest_decision().deviates


def test_the_framework_asks_for_the_questions_the_path_needs(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    response = wizard.post("besluit", {"can_help": "yes", "report": "no", "help": "yes"})
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("Het afwegingskader vraagt hier om een antwoord") == 2


def test_live_advice(staff, client):
    case, wizard = open_case(client)
    url = f"/meldcode/dossiers/{case.reference}/advies/"
    assert json.loads(client.get(url).content)["suggestion"] is None  # not weighed yet
    do_steps_1_to_3(wizard)
    weigh(wizard, "yes")
    advice = json.loads(client.get(url, {"can_help": "yes", "help_accepted": "no"}).content)
    assert advice["suggestion"] == "report" and advice["report_required"] is True
    advice = json.loads(client.get(url, {"can_help": "yes"}).content)
    assert advice["suggestion"] is None
    advice = json.loads(client.get(url, {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes"}).content)
    assert advice["suggestion"] == "help"
    page = client.get(wizard.url("besluit")).content.decode()
    assert 'id="mc-advice"' in page and "aria-live" in page


def test_closed_cases_cannot_be_changed(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "no")
    wizard.post("besluit", {"report": "no", "help": "no", "close_reason": "Geen zorgen meer."})
    response = client.get(wizard.url("signalen"))
    assert response.status_code == 302
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/"


def test_case_records_the_meldcode_revision_in_force(staff, client):
    case, _wizard = open_case(client)
    assert case.meldcode_revision == case.meldcode.live_revision is not None


def test_my_cases_lists_own_cases_with_step_and_due_date(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    other = Case.objects.create(
        meldcode=case.meldcode, site=case.site, person_reference="Niet van mij",
        age_group="0-4", owner=User.objects.get(username="beheerder"),
    )
    content = client.get("/meldcode/dossiers/").content.decode()
    assert case.reference in content and "Stap 4 van 5" in content
    assert other.reference not in content and "Niet van mij" not in content


def test_pattern_lookups_on_encrypted_fields_are_refused(staff):
    with pytest.raises(FieldError):
        list(Signal.objects.filter(description__contains="plek"))
