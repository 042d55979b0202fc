"""Never lose what was typed: drafts live in the database, per case and step."""

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session

from tests.helpers import day, do_steps_1_to_3, open_case
from wagtail_meldcode.models import CaseDraft, Signal

pytestmark = pytest.mark.django_db


def test_save_and_continue_later_survives_logout(staff, client):
    case, wizard = open_case(client)
    response = wizard.post("signalen", {
        "person_reference": "Leerling groep 6", "age_group": "4-12",
        "signals-0-description": "Komt al drie dagen zonder jas naar school.",
    }, save_draft="1")
    assert response.status_code == 302
    assert response["Location"] == "/meldcode/dossiers/"
    listing = client.get("/meldcode/dossiers/").content.decode()
    assert case.reference in listing and "concept" in listing.lower()

    client.logout()
    client.force_login(staff)
    page = client.get(wizard.url("signalen")).content.decode()
    assert "Komt al drie dagen zonder jas naar school." in page
    assert "errorlist" not in page  # a draft is shown as typed, not as errors


def test_an_expired_session_loses_nothing(staff, client):
    case, wizard = open_case(client)
    wizard.post("signalen", {"signals-0-description": "Zegt honger te hebben."},
                save_draft="1")
    Session.objects.all().delete()  # every session gone, as after expiry or a restart
    client.force_login(staff)
    assert "Zegt honger te hebben." in client.get(wizard.url("signalen")).content.decode()


def test_refresh_and_earlier_steps_keep_everything(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    wizard.post("weging", {"reasoning": "Nog niet af: eerst het gesprek met vader."},
                save_draft="1")
    for _ in range(2):  # a refresh is just another GET
        earlier = client.get(wizard.url("signalen")).content.decode()
        assert "Blauwe plek op de wang" in earlier
        assert "Nog niet af: eerst het gesprek met vader." in client.get(
            wizard.url("weging")).content.decode()
    assert Signal.objects.filter(case=case).count() == 2


def test_going_back_keeps_what_was_typed(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    response = wizard.post(
        "weging", {"reasoning": "Half geschreven afweging."}, wizard_goto_step="gesprek"
    )
    assert response["Location"] == wizard.url("gesprek")
    assert "Half geschreven afweging." in client.get(wizard.url("weging")).content.decode()


def test_two_tabs_on_two_cases_do_not_mix(staff, client):
    first, first_wizard = open_case(client, person="Kind A")
    second, second_wizard = open_case(client, person="Kind B")
    first_wizard.post("signalen", {"signals-0-description": "Tekst van dossier A"},
                      save_draft="1")
    second_wizard.post("signalen", {"signals-0-description": "Tekst van dossier B"},
                       save_draft="1")
    page_a = client.get(first_wizard.url("signalen")).content.decode()
    page_b = client.get(second_wizard.url("signalen")).content.decode()
    assert "Tekst van dossier A" in page_a and "Tekst van dossier B" not in page_a
    assert "Tekst van dossier B" in page_b and "Tekst van dossier A" not in page_b


def test_saving_a_step_again_does_not_duplicate_records(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    content = client.get(wizard.url("signalen")).content.decode()
    assert content.count("Blauwe plek op de wang") == 1
    response = wizard.post("signalen", {})  # resubmit the step as shown
    assert response.status_code == 302
    assert Signal.objects.filter(case=case).count() == 2


def test_second_person_saving_the_same_step_gets_a_conflict(staff, client, people):
    case, wizard = open_case(client)
    coordinator = User.objects.get(username="aandachtsfunctionaris")
    from django.test import Client

    other = Client()
    other.force_login(coordinator)
    stale = wizard.form_data("overleg")  # both have the step open

    response = wizard.post("overleg", {"consultations-0-advice": "Advies van de eigenaar"},
                           save_draft="1")
    assert response.status_code == 302

    stale.update({"overleg-consultations-0-advice": "Advies van de coördinator",
                  "save_draft": "1"})
    response = other.post(wizard.url("overleg"), stale)
    assert response.status_code == 200
    assert "Iemand anders heeft deze stap intussen opgeslagen" in response.content.decode()
    assert "Advies van de coördinator" in response.content.decode()  # nothing typed is lost
    draft = CaseDraft.objects.get(case=case, step="overleg")
    assert draft.data["overleg-consultations-0-advice"] == ["Advies van de eigenaar"]


def test_invalid_input_is_explained_and_the_rest_is_kept(staff, client):
    case, wizard = open_case(client)
    response = wizard.post("signalen", {
        "person_reference": "Leerling groep 6", "age_group": "4-12",
        "signals-0-description": "Vertelde dat oom hem slaat.", "signals-0-kind": "fact",
        "signals-0-source": "third_party", "signals-0-source_name": "",
        "signals-0-observed_on": day(-1),
    })
    assert response.status_code == 200
    content = response.content.decode()
    assert "Vermeld wie het je heeft verteld" in content
    assert "Vertelde dat oom hem slaat." in content
    assert not Signal.objects.filter(case=case).exists()


def test_nothing_is_kept_in_the_session(staff, client):
    case, wizard = open_case(client)
    wizard.post("signalen", {"signals-0-description": "Geheime tekst"}, save_draft="1")
    session = Session.objects.get(session_key=client.session.session_key)
    assert "Geheime tekst" not in str(session.get_decoded())
    assert not any(key.startswith("wizard_") for key in session.get_decoded())


def test_coordinators_group_member_may_continue_a_case(staff, client, people):
    case, wizard = open_case(client)
    from django.test import Client

    other = Client()
    other.force_login(User.objects.get(username="aandachtsfunctionaris"))
    assert other.get(wizard.url("signalen")).status_code == 200


def test_a_draft_of_the_decision_step_shows_its_advice(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    wizard.post("weging", {"suspicion": "yes", "acute_unsafety": "no",
                           "structural_unsafety": "no", "reasoning": "Zorgen."})
    wizard.post("besluit", {"can_help": "yes", "help_accepted": "no",
                            "help_plan": "Nog uitwerken"}, save_draft="1")
    page = client.get(wizard.url("besluit")).content.decode()
    assert "Nog uitwerken" in page
    assert "Meld bij Veilig Thuis." in page  # the advice for the answers in the draft


def test_a_conflict_on_a_valid_step_is_shown_too(staff, client, people):
    """The conflict message is shown when what the second person typed is valid."""
    from django.test import Client

    case, wizard = open_case(client)
    other = Client()
    other.force_login(User.objects.get(username="aandachtsfunctionaris"))
    weighing = {"weging-suspicion": "yes", "weging-acute_unsafety": "no",
                "weging-structural_unsafety": "no", "weging-reasoning": "Zorgen blijven."}
    stale = {**wizard.form_data("weging"), **weighing}
    assert client.post(wizard.url("weging"), stale).status_code == 302
    response = other.post(wizard.url("weging"), stale)
    assert response.status_code == 200
    assert "Iemand anders heeft deze stap intussen opgeslagen" in response.content.decode()
