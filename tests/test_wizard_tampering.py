"""Tampered or forged wizard requests change nothing (issue: holes found by an attack)."""

import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from tests.helpers import do_steps_1_to_3, open_case, weigh
from wagtail_meldcode.models import Case, CaseEvent, Decision

pytestmark = pytest.mark.django_db

DECISION = {
    "besluit-report": "no", "besluit-help": "no", "besluit-close_reason": "Niets aan de hand.",
}


def forged_decision(wizard, case):
    """The decision step's data, posted to the signals step: the management form names
    the decision step, the draft version is the signals step's own."""
    data = wizard.form_data("signalen")
    data.update(DECISION)
    data[f"case_{case.pk}-current_step"] = "besluit"
    return data


def test_a_post_is_for_the_step_in_its_url_only(staff, client):
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "no")
    response = client.post(wizard.url("signalen"), forged_decision(wizard, case))
    assert response.status_code == 400
    assert Decision.objects.filter(case=case).count() == 0
    assert CaseEvent.objects.filter(case=case, action__in=["decide", "close"]).count() == 0


def test_a_tampered_step_name_is_a_bad_request(staff, client):
    case, wizard = open_case(client)
    data = wizard.form_data("signalen")
    data[f"case_{case.pk}-current_step"] = "xyz"
    assert client.post(wizard.url("signalen"), data).status_code == 400


def test_a_get_of_the_done_url_changes_and_records_nothing(staff, client):
    case, wizard = open_case(client)
    response = client.get(wizard.url("klaar"))
    assert response.status_code == 302
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/"
    # Only the read is recorded.
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "create", "view"]
    assert Case.objects.get(pk=case.pk).status == "open"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_forged_decisions_at_once_give_none(people):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent requests need a database that several threads share")
    owner = User.objects.get(username="medewerker")
    client = Client()
    client.force_login(owner)
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    weigh(wizard, "no")
    start = threading.Barrier(2)
    statuses = []

    def post():
        data = forged_decision(wizard, case)
        start.wait(10)
        try:
            statuses.append(client.post(wizard.url("signalen"), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [400, 400]
    assert Decision.objects.filter(case=case).count() == 0
