"""Bad input is refused with a clear Dutch message (issue: holes found by an attack):
formsets and drafts have a size, free text a length, dates sensible bounds, and every error
of a step is shown."""


import pytest
from django.contrib.auth.models import User

from tests.helpers import day, do_steps_1_to_3, error_summary, open_case
from tests.test_reminders import checkin
from wagtail_meldcode.forms.base import LONG_TEXT_MAX_LENGTH, MAX_ROWS
from wagtail_meldcode.models import CaseDraft, Conversation, Signal
from wagtail_meldcode.wizard import MAX_DRAFT_SIZE

pytestmark = pytest.mark.django_db


def signal_rows(wizard, count):
    data = wizard.form_data("signalen")
    data["signalen-signals-TOTAL_FORMS"] = str(count)
    return data


def test_a_formset_count_beyond_the_limit_is_refused_not_built(staff, client):
    case, wizard = open_case(client)
    response = client.post(wizard.url("signalen"), signal_rows(wizard, 5000), follow=True)
    assert response.redirect_chain == [(wizard.errors_url("signalen"), 302)]
    assert len(response.context["form"].formsets["signals"].forms) == MAX_ROWS
    assert error_summary(response).count("Deze lijst bevat ten hoogste 100 regels.") == 1
    assert Signal.objects.filter(case=case).count() == 0


def test_add_row_stops_at_the_limit_and_the_draft_keeps_a_sane_count(staff, client):
    case, wizard = open_case(client)
    data = signal_rows(wizard, 99999999)
    data["add_row"] = "signalen-signals"
    response = client.post(wizard.url("signalen"), data, follow=True)
    assert response.status_code == 200
    assert "Deze lijst bevat ten hoogste 100 regels." in response.content.decode()
    draft = CaseDraft.objects.get(case=case, step="signalen")
    assert draft.data["signalen-signals-TOTAL_FORMS"] == [str(MAX_ROWS)]
    assert len(response.context["form"].formsets["signals"].forms) == MAX_ROWS


def test_a_draft_too_large_to_keep_is_refused_and_stays_on_the_page(staff, client):
    case, wizard = open_case(client)
    data = wizard.form_data("signalen")
    rows = MAX_DRAFT_SIZE // LONG_TEXT_MAX_LENGTH + 1
    data["signalen-signals-TOTAL_FORMS"] = str(rows)
    for row in range(rows):
        data[f"signalen-signals-{row}-description"] = "x" * LONG_TEXT_MAX_LENGTH
    data["save_draft"] = "1"
    response = client.post(wizard.url("signalen"), data)
    assert response.status_code == 200
    assert error_summary(response).count("te lang om als concept te bewaren") == 1
    assert 'x' * LONG_TEXT_MAX_LENGTH in response.content.decode()
    draft = CaseDraft.objects.get(case=case, step="signalen")  # made empty by the row lock
    assert (draft.version, draft.data) == (0, None)


def test_free_text_has_a_maximum_that_the_form_shows(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    page = client.get(wizard.url("gesprek")).content.decode()
    assert 'maxlength="10000"' in page and "Maximaal 10.000 tekens." in page
    data = wizard.form_data("gesprek")
    data.update({"gesprek-conversations-1-with_whom": "vader",
                 "gesprek-conversations-1-held_on": day(),
                 "gesprek-conversations-1-reaction": "x" * (LONG_TEXT_MAX_LENGTH + 1),
                 "gesprek-conversations-TOTAL_FORMS": "2"})
    response = client.post(wizard.url("gesprek"), data, follow=True)
    assert response.redirect_chain == [(wizard.errors_url("gesprek"), 302)]
    assert ("Zorg dat deze waarde niet meer dan 10000 tekens bevat (het zijn er nu 10001)."
            in response.content.decode())
    assert Conversation.objects.filter(case=case).count() == 1


def test_an_observation_date_too_long_ago_is_refused(staff, client):
    case, wizard = open_case(client)
    response = wizard.post("signalen", {
        "person_reference": "Leerling", "age_group": "4-12",
        "signals-0-description": "Blauwe plek.", "signals-0-kind": "fact",
        "signals-0-source": "own", "signals-0-observed_on": "0001-01-01",
    })
    assert response.status_code == 200
    assert "Deze datum ligt te ver terug: controleer het jaar." in response.content.decode()


def test_a_next_check_far_ahead_is_refused_not_a_server_error(helped_case, client):  # noqa: F811
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    followup = helped_case.followups.get()
    response = checkin(client, followup, outcome="partly", observations="Deels.",
                       next_step="Nieuw plan.", next_check_on="9999-12-31")
    assert response.status_code == 200
    assert "Kies een datum binnen twee jaar vanaf vandaag." in response.content.decode()
    followup.refresh_from_db()
    assert followup.status == "pending"


def test_every_error_of_a_step_is_shown(staff, client):
    """Step 5 before step 4: the reason is listed, not only "some fields need attention"."""
    case, wizard = open_case(client)
    response = wizard.post("besluit", {"report": "no", "help": "no",
                                       "close_reason": "Geen zorgen."})
    assert response.status_code == 200
    assert error_summary(response).count(
        "De besluiten kunnen nog niet worden opgeslagen: vul eerst aan wat er in de "
        "eerdere stappen ontbreekt (zie hieronder). Wat je hier typte, blijft bewaard.") == 1
