"""Key rotation: ``meldcode_rotate_keys`` re-encrypts every value, resumably."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import override_settings

from tests.helpers import day, do_steps_1_to_3, open_case, weigh
from wagtail_meldcode.encryption import DecryptionError, needs_rotation
from wagtail_meldcode.key_rotation import encrypted_models
from wagtail_meldcode.models import LegalHold, Signal
from wagtail_meldcode.models.followup import FollowUpOutcome
from wagtail_meldcode.reminders import record_answer

pytestmark = pytest.mark.django_db

NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def old_key(settings):
    return settings.MELDCODE_ENCRYPTION_KEYS[0]


@pytest.fixture
def recorded(staff, own_questions, client):
    """Two cases with a value in every kind of encrypted field, under the old key."""
    for person in ("Leerling groep 6", "Leerling groep 8"):
        case, wizard = open_case(client, person=person)
        do_steps_1_to_3(wizard)
        weigh(wizard, "yes")
        # The own question of step 4.
        wizard.post("weging", {"own-gebruikt_risicotaxatie_instrument": "Ja"})
        wizard.post("besluit", {
            "can_help": "yes", "help_accepted": "yes", "help_effective": "yes",
            "report": "no", "help": "yes", "help_plan": "Wekelijks gesprek",
            "help_provider": "Schoolmaatschappelijk werk", "first_check_on": day(7),
            "check_interval_days": "7", "help_ends_on": day(14),
        })
        wizard.post("signalen", {"signals-0-description": "Concept"}, save_draft="1")
        record_answer(case.followups.get(kind="check", status="pending"), staff,
                      outcome=FollowUpOutcome.WORKING, observations="Gaat beter")
        LegalHold.objects.create(case=case, reason="Klacht", placed_by=staff)


def decrypted():
    """Every encrypted value of the app, read through the models: {(model, pk): values}."""
    values = {}
    for model, fields in encrypted_models():
        for row in model._base_manager.values("pk", *(f.attname for f in fields)):
            values[(model._meta.label, row.pop("pk"))] = row
    return values


def raw_tokens():
    """Every stored token, as the database holds it."""
    tokens = []
    with connection.cursor() as cursor:
        for model, fields in encrypted_models():
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            cursor.execute(f"SELECT {columns} FROM {model._meta.db_table}")  # noqa: S608
            tokens.extend(t for row in cursor.fetchall() for t in row if t)
    return tokens


def rotate(**options):
    out = io.StringIO()
    call_command("meldcode_rotate_keys", stdout=out, **options)
    return out.getvalue()


def test_every_model_with_encrypted_fields_is_found():
    labels = {model._meta.label for model, _fields in encrypted_models()}
    assert labels == {
        "wagtail_meldcode.Case", "wagtail_meldcode.Signal", "wagtail_meldcode.Consultation",
        "wagtail_meldcode.Conversation", "wagtail_meldcode.Weighing",
        "wagtail_meldcode.Decision", "wagtail_meldcode.CaseDraft",
        "wagtail_meldcode.FollowUp", "wagtail_meldcode.LegalHold",
        "wagtail_meldcode.OwnAnswer", "wagtail_meldcode.ColleagueStep",
        "wagtail_meldcode.Attachment", "wagtail_meldcode.InjuryMark",
    }


def test_rotation_keeps_every_record_readable_without_the_old_key(recorded, old_key):
    before = decrypted()
    assert len([key for key in before if key[0] == "wagtail_meldcode.OwnAnswer"]) == 2
    # Every value but the empty ones is stored as a token, all to be rotated.
    assert len(raw_tokens()) == sum(value not in ("", None)
                                    for values in before.values() for value in values.values())
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[NEW_KEY, old_key]):
        assert all(needs_rotation(token) for token in raw_tokens())
        output = rotate()
    signals = Signal.objects.count()
    assert f"wagtail_meldcode.Signal: {signals}/{signals} rows, {signals} value" in output
    assert "wagtail_meldcode.CaseDraft" in output and "re-encrypted with the newest key" in output

    with override_settings(MELDCODE_ENCRYPTION_KEYS=[NEW_KEY]):
        assert decrypted() == before
        assert not any(needs_rotation(token) for token in raw_tokens())
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[old_key]), pytest.raises(DecryptionError):
        decrypted()


class FailAfter:
    """Let ``count`` UPDATE statements through, then fail like a lost connection."""

    def __init__(self, count):
        self.count = count

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("UPDATE"):
            if self.count == 0:
                raise DatabaseError("connection lost")
            self.count -= 1
        return execute(sql, params, many, context)


def values_per_batch(size):
    """How many values each batch of ``size`` rows holds, in the order the rotation walks
    them: model by model, rows by primary key."""
    batches = []
    with connection.cursor() as cursor:
        for model, fields in encrypted_models():
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            pk = connection.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT {columns} FROM {model._meta.db_table} ORDER BY {pk}")  # noqa: S608
            rows = cursor.fetchall()
            batches += [sum(1 for row in rows[start:start + size] for token in row if token)
                        for start in range(0, len(rows), size)]
    return batches


def test_an_interrupted_rotation_resumes_where_it_stopped(recorded, old_key):
    before = decrypted()
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[NEW_KEY, old_key]):
        total = len(raw_tokens())
        # Fail at the second update of a batch past the middle: the batches before it are
        # committed; its first update is rolled back with it, and the rest never start.
        committed = 0
        for values in values_per_batch(2):
            if committed >= total // 2 and values >= 2:
                break
            committed += values
        with connection.execute_wrapper(FailAfter(committed + 1)), pytest.raises(DatabaseError):
            rotate(batch_size=2)
        done = sum(not needs_rotation(token) for token in raw_tokens())
        assert done == committed
        output = rotate(batch_size=2)
        assert f"{total - done} value(s) re-encrypted with the newest key" in output
        assert "rows," in output  # progress per batch
        assert "0 value(s) re-encrypted" in rotate()  # nothing left to do
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[NEW_KEY]):
        assert decrypted() == before
