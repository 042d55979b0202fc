"""The chronology: every read and change is an append-only event, refused change by the DB."""

import pytest
from django.contrib.auth.models import User
from django.db import DatabaseError, connection, transaction
from django.test import Client

from tests.helpers import do_steps_1_to_3, open_case
from wagtail_meldcode.models import CaseEvent
from wagtail_meldcode.models.audit import AppendOnlyError

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_and_client(people):
    client = Client(REMOTE_ADDR="192.0.2.10")
    client.force_login(User.objects.get(username="medewerker"))
    case, wizard = open_case(client)
    do_steps_1_to_3(wizard)
    return case, client


def test_reads_and_changes_are_logged_in_order(case_and_client):
    case, client = case_and_client
    client.get(f"/meldcode/dossiers/{case.reference}/")
    events = list(CaseEvent.objects.filter(case=case))
    actions = [(e.action, e.step) for e in events]
    assert actions[0] == ("create", 1)
    assert ("save_step", 1) in actions and ("save_step", 3) in actions
    assert actions[-1] == ("view", None)
    assert all(e.username == "medewerker" and e.role == "owner" for e in events)
    assert {e.ip_address for e in events} == {"192.0.2.10"}
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_case_page_shows_the_chronology(case_and_client):
    case, client = case_and_client
    content = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    chronology = content[content.index("Chronologie"):]
    # Every change, after the header row; the reads are in the access report only.
    changes = CaseEvent.objects.filter(case=case).exclude(action="view")
    assert chronology.count("<tr>") == changes.count() + 1 == 5
    assert "Dossier geopend" in chronology or "Opened the case" in chronology


def test_events_hold_no_case_content(case_and_client):
    case, _client = case_and_client
    values = " ".join(str(v) for e in CaseEvent.objects.values() for v in e.values())
    assert "Blauwe plek" not in values and "Leerling groep 6" not in values


def test_the_orm_refuses_to_change_events(case_and_client):
    event = CaseEvent.objects.first()
    event.action = "view"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.all().update(action="view")
    with pytest.raises(AppendOnlyError):
        CaseEvent.objects.all().delete()


@pytest.mark.parametrize("statement", [
    "UPDATE wagtail_meldcode_caseevent SET action = 'view'",
    "UPDATE wagtail_meldcode_caseevent SET username = 'someone else'",
    "DELETE FROM wagtail_meldcode_caseevent",
])
def test_the_database_refuses_to_change_events(case_and_client, statement):
    before = list(CaseEvent.objects.values_list("pk", "action", "username"))
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert list(CaseEvent.objects.values_list("pk", "action", "username")) == before
