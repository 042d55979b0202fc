"""The coordinators' search by pseudonym: an exact match on a keyed hash, kept with the
pseudonym through its changes, the purge and a key rotation."""

import hashlib
import importlib
import io

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from tests.builders import make_case
from tests.helpers import do_steps_1_to_3, open_case
from wagtail_meldcode.encryption import normalise_pseudonym, search_hash
from wagtail_meldcode.models import Case
from wagtail_meldcode.retention import purge

pytestmark = pytest.mark.django_db

URL = "/admin/meldcode_cases/"
NEW_KEY = Fernet.generate_key().decode()


@pytest.fixture
def coordinator(people):
    client = Client()
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    return client


@pytest.fixture
def cases(meldcode, people):
    owner = people["medewerker"]
    return [make_case(meldcode, owner, person_reference=pseudonym)
            for pseudonym in ("Leerling groep 7, S.", "Leerling groep 7, T.", "Jan")]


def found(client, query, **params):
    """The references the listing finds for ``query``, in the order shown."""
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return [case.reference for case in response.context["page_obj"].object_list]


def test_the_exact_pseudonym_finds_its_case(coordinator, cases):
    first, second, third = cases
    for query in ("Leerling groep 7, S.", "  leerling GROEP 7,   s. "):
        assert found(coordinator, query) == [first.reference], query
    assert found(coordinator, "jan") == [third.reference]
    # A part of a pseudonym, or another one, finds nothing.
    for query in ("Leerling groep 7", "Leerling", "groep 7, S.", "Leerling groep 7, R.", "Ja"):
        assert found(coordinator, query) == [], query
    # The reference is still searched by its part.
    assert found(coordinator, second.reference[3:]) == [second.reference]


def test_a_search_finds_a_closed_case_too(coordinator, cases):
    first, *_others = cases
    Case.objects.filter(pk=first.pk).update(status="closed")
    assert found(coordinator, "Leerling groep 7, S.") == [first.reference]
    assert found(coordinator, "Leerling groep 7, S.", status="open") == []


def test_the_pseudonym_stays_encrypted_and_its_hash_is_keyed(coordinator, cases, settings):
    case = cases[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_reference, person_reference_hash FROM "
                       "wagtail_meldcode_case WHERE id = %s", [case.pk])
        stored, stored_hash = cursor.fetchone()
    text = normalise_pseudonym("Leerling groep 7, S.")
    assert text not in stored.casefold() and "Leerling" not in stored
    assert stored_hash == search_hash("Leerling groep 7, S.") and len(stored_hash) == 64
    # Keyed: not the plain SHA-256 of the text, and another key ring gives another hash.
    assert stored_hash != hashlib.sha256(text.encode()).hexdigest()
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[NEW_KEY]):
        assert search_hash("Leerling groep 7, S.") != stored_hash
    # Neither the hash nor another case's pseudonym is on the page of a search.
    content = coordinator.get(URL, {"q": "Leerling groep 7, S."}).content.decode()
    assert stored_hash not in content and "Leerling groep 7, T." not in content


def test_a_changed_pseudonym_is_found_and_the_old_one_not(staff, client, coordinator):
    case, wizard = open_case(client, person="Anna B.")
    assert found(coordinator, "anna b.") == [case.reference]
    do_steps_1_to_3(wizard)  # step 1 saves the pseudonym "Leerling groep 6"
    assert found(coordinator, "Leerling groep 6") == [case.reference]
    assert found(coordinator, "Anna B.") == []


def test_the_purge_clears_the_hash(coordinator, cases):
    case = cases[0]
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=timezone.now())
    assert found(coordinator, "Leerling groep 7, S.", status="all") == [case.reference]
    case.refresh_from_db()
    purge(case, timezone.now())
    assert Case.objects.get(pk=case.pk).person_reference_hash == ""
    assert found(coordinator, "Leerling groep 7, S.", status="all") == []


def test_the_search_works_during_and_after_a_key_rotation(coordinator, cases, settings):
    old_key = settings.MELDCODE_ENCRYPTION_KEYS[0]
    case = cases[0]
    old_hash = case.person_reference_hash
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[NEW_KEY, old_key]):
        # The new key is in front, the hashes are still under the old one.
        assert found(coordinator, "Leerling groep 7, S.") == [case.reference]
        out = io.StringIO()
        call_command("meldcode_rotate_keys", stdout=out)
        assert "3/3 cases, 3 hash(es) recomputed" in out.getvalue()
    with override_settings(MELDCODE_ENCRYPTION_KEYS=[NEW_KEY]):
        case.refresh_from_db()
        assert case.person_reference_hash != old_hash
        assert case.person_reference_hash == search_hash("Leerling groep 7, S.")
        assert found(coordinator, "Leerling groep 7, S.") == [case.reference]
        out = io.StringIO()
        call_command("meldcode_rotate_keys", stdout=out)
        assert "done, 0 hash(es) recomputed" in out.getvalue()


def test_the_migration_hashes_the_existing_pseudonyms(cases):
    migration = importlib.import_module(
        "wagtail_meldcode.migrations.0018_case_pseudonym_hash_and_listing_indexes")
    expected = {case.pk: search_hash(case.person_reference) for case in cases}
    Case.objects.update(person_reference_hash="")
    migration.hash_pseudonyms(apps, connection.schema_editor())
    assert dict(Case.objects.values_list("pk", "person_reference_hash")) == expected
