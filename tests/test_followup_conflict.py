"""One answer per follow-up check: a second answer, at the same moment or from a stale
form, is refused with the first answer shown and what was typed kept on the page."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from tests.helpers import Gate
from tests.test_reminders import checkin
from wagtail_meldcode import reminders
from wagtail_meldcode.models import CaseEvent, FollowUp

pytestmark = pytest.mark.django_db

CONFLICT = "Een collega heeft deze controle intussen beantwoord"


def test_a_stale_check_in_form_says_so_and_keeps_what_was_typed(helped_case, client):  # noqa: F811
    coordinator = User.objects.get(username="aandachtsfunctionaris")
    owner = User.objects.get(username="medewerker")
    followup = helped_case.followups.get()
    colleague = Client()
    colleague.force_login(owner)
    client.force_login(coordinator)
    assert checkin(client, followup).status_code == 200  # the form is open
    assert checkin(colleague, followup, outcome="working",
                   observations="Gaat goed volgens de mentor.").status_code == 302

    response = checkin(client, followup, outcome="not_working",
                       observations="Moeder zegt dat het slechter gaat.")
    assert response.status_code == 200
    content = response.content.decode()
    assert CONFLICT in content
    assert "Gaat goed volgens de mentor." in content  # the saved answer
    assert "Moeder zegt dat het slechter gaat." in content  # what was typed
    followup.refresh_from_db()
    assert (followup.outcome, followup.answered_by) == ("working", owner)
    assert FollowUp.objects.filter(case=helped_case, status="pending").count() == 1
    assert CaseEvent.objects.filter(case=helped_case, action="conflict").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_answers_at_once_give_one_answer_and_one_conflict(helped_case, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this is about: runs on PostgreSQL")
    followup = helped_case.followups.get()
    clients = []
    for username in ("aandachtsfunctionaris", "medewerker"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients.append(client)

    gate = Gate()
    schedule_followup = reminders.schedule_followup

    def slow_schedule(*args, **kwargs):
        gate.hold()  # the first answer holds the follow-up's lock here
        return schedule_followup(*args, **kwargs)

    monkeypatch.setattr(reminders, "schedule_followup", slow_schedule)

    def answer(client, observations):
        return lambda: checkin(client, followup, outcome="working", observations=observations)

    first, second = gate.run(answer(clients[0], "Eerste antwoord."),
                             answer(clients[1], "Tweede antwoord."))
    assert first.status_code == 302
    assert second.status_code == 200
    content = second.content.decode()
    assert CONFLICT in content and "Eerste antwoord." in content
    followup.refresh_from_db()
    assert followup.observations == "Eerste antwoord."
    assert FollowUp.objects.filter(case=helped_case, status="pending").count() == 1
