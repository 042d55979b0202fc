"""Case content is encrypted at rest: the raw tables hold no plaintext."""

import uuid

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings

from tests.helpers import day, do_steps_1_to_3, open_case, weigh, write_canary_in_steps_1_to_3
from wagtail_meldcode.encryption import needs_rotation, rotate
from wagtail_meldcode.models import Case, Signal

pytestmark = pytest.mark.django_db

CASE_TABLES = [
    "wagtail_meldcode_case", "wagtail_meldcode_signal", "wagtail_meldcode_consultation",
    "wagtail_meldcode_conversation", "wagtail_meldcode_weighing", "wagtail_meldcode_decision",
    "wagtail_meldcode_casedraft", "wagtail_meldcode_caseevent",
]


def raw_dump():
    with connection.cursor() as cursor:
        rows = []
        for table in CASE_TABLES:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            rows.extend(cursor.fetchall())
    return repr(rows)


def test_no_plaintext_in_the_database(people, client):
    canary = f"KANARIE{uuid.uuid4().hex}"
    client.force_login(User.objects.get(username="medewerker"))
    case, wizard = open_case(client, person=f"{canary}-pseudoniem")
    do_steps_1_to_3(wizard)
    write_canary_in_steps_1_to_3(wizard, canary)
    weigh(wizard, "yes")
    wizard.post("weging", {"reasoning": f"{canary}-afweging"})
    wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes", "report": "no",
        "help": "yes", "help_plan": f"{canary}-plan", "help_provider": f"{canary}-hulp",
        "first_check_on": day(7), "check_interval_days": "7", "help_ends_on": day(14),
    })
    wizard.post("signalen", {"signals-0-description": f"{canary}-concept"}, save_draft="1")

    case.refresh_from_db()
    assert case.person_name == f"{canary}-naam"  # readable through the application
    assert Signal.objects.filter(description=f"{canary}-signaal").count() == 0  # ciphertext
    assert f"{canary}-plan" == case.latest_decision().help_plan
    assert canary not in raw_dump()


def test_rotation_keeps_every_record_readable(people, client, settings):
    client.force_login(User.objects.get(username="medewerker"))
    case, wizard = open_case(client, person="Roteer mij")
    do_steps_1_to_3(wizard)
    old_key = settings.MELDCODE_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[new_key, old_key]):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, description FROM wagtail_meldcode_signal")
            for pk, token in cursor.fetchall():
                assert needs_rotation(token)
                cursor.execute("UPDATE wagtail_meldcode_signal SET description = %s "
                               "WHERE id = %s", [rotate(token), pk])
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[new_key]):
        assert sorted(Signal.objects.filter(case=case).values_list("description", flat=True)) \
            == ["Blauwe plek op de wang, zegt gevallen te zijn.", "Mogelijk thuis geslagen."]
        assert Case.objects.filter(pk=case.pk).exists()
