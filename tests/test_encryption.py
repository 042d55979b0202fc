"""Encryption at rest: keys from the settings, rotation, and the encrypted model fields."""

import datetime

import pytest
from cryptography.fernet import Fernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection
from django.test import override_settings

from wagtail_meldcode.encryption import (
    DecryptionError,
    decrypt,
    encrypt,
    needs_rotation,
    rotate,
)
from wagtail_meldcode.fields import EncryptedJSONField, EncryptedTextField
from wagtail_meldcode.forms.base import LONG_TEXT_MAX_LENGTH

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def keys(*keys):
    return override_settings(MELDCODE_ENCRYPTION_KEYS=list(keys))


@pytest.fixture(autouse=True)
def key_a():
    with keys(KEY_A):
        yield


@pytest.mark.parametrize(
    "text",
    ["", "Zorgen over één leerling", "Blauwe plek op de arm 😟", "Gesprek met moeder. " * 5000],
    ids=["empty", "dutch", "emoji", "long"],
)
def test_round_trip(text):
    token = encrypt(text)
    assert isinstance(token, str)
    assert decrypt(token) == text


def test_each_token_is_different():
    assert encrypt("Jan Jansen") != encrypt("Jan Jansen")


@pytest.mark.parametrize("value", [None, [], ()], ids=["none", "empty-list", "empty-tuple"])
def test_missing_keys(value):
    with override_settings(MELDCODE_ENCRYPTION_KEYS=value):
        with pytest.raises(ImproperlyConfigured, match="Fernet.generate_key"):
            encrypt("x")


def test_unset_keys():
    with override_settings(MELDCODE_ENCRYPTION_KEYS=None):
        del settings.MELDCODE_ENCRYPTION_KEYS
        assert not hasattr(settings, "MELDCODE_ENCRYPTION_KEYS")
        with pytest.raises(ImproperlyConfigured, match="MELDCODE_ENCRYPTION_KEYS is not set"):
            decrypt("x")


def test_invalid_key_is_named_by_position_not_shown():
    bad = "geen-geldige-sleutel"
    with keys(KEY_A, bad), pytest.raises(ImproperlyConfigured) as raised:
        encrypt("x")
    assert "MELDCODE_ENCRYPTION_KEYS[1]" in str(raised.value)
    assert bad not in str(raised.value)
    assert raised.value.__suppress_context__


def test_a_single_key_instead_of_a_list():
    with override_settings(MELDCODE_ENCRYPTION_KEYS=KEY_A), pytest.raises(ImproperlyConfigured):
        encrypt("x")


def test_foreign_key_cannot_decrypt():
    token = encrypt("Vermoeden van verwaarlozing")
    with keys(KEY_B), pytest.raises(DecryptionError, match="No key") as raised:
        decrypt(token)
    assert "verwaarlozing" not in str(raised.value)


def test_garbage_is_a_decryption_error():
    with pytest.raises(DecryptionError):
        decrypt("geen token")


def test_rotation():
    old = encrypt("Melding aan Veilig Thuis")
    assert not needs_rotation(old)

    with keys(KEY_B, KEY_A):
        assert decrypt(old) == "Melding aan Veilig Thuis"
        assert needs_rotation(old)
        new = rotate(old)
        assert not needs_rotation(new)
        assert not needs_rotation(encrypt("nieuw"))

    with keys(KEY_B):
        assert decrypt(new) == "Melding aan Veilig Thuis"
        assert not needs_rotation(new)
        with pytest.raises(DecryptionError):
            decrypt(old)
        with pytest.raises(DecryptionError):
            rotate(old)


def text_field(**kwargs):
    field = EncryptedTextField(**kwargs)
    field.set_attributes_from_name("toelichting")
    return field


def test_text_field_round_trip():
    field = text_field()
    stored = field.get_prep_value("Gesprek met één ouder")
    assert stored != "Gesprek met één ouder"
    assert decrypt(stored) == "Gesprek met één ouder"
    assert field.from_db_value(stored, None, connection) == "Gesprek met één ouder"
    assert field.to_python("platte tekst") == "platte tekst"


@pytest.mark.parametrize("value", ["", None])
def test_text_field_keeps_empty_values(value):
    field = text_field(blank=True, null=True)
    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, connection) == value


def test_text_field_form_field():
    textarea = text_field().formfield()
    assert isinstance(textarea.widget, forms.Textarea)
    assert textarea.max_length == LONG_TEXT_MAX_LENGTH

    line = text_field(max_length=100).formfield()
    assert type(line) is forms.CharField
    assert isinstance(line.widget, forms.TextInput)
    assert line.max_length == 100


def test_text_field_validates_max_length_of_the_plain_text():
    field = text_field(max_length=5)
    assert field.clean("Piet", None) == "Piet"
    with pytest.raises(ValidationError):
        field.clean("Pietje", None)


def test_text_field_deconstruct():
    field = text_field(max_length=200, blank=True)
    name, path, args, kwargs = field.deconstruct()
    assert (name, path, args) == ("toelichting", "wagtail_meldcode.fields.EncryptedTextField", [])
    assert kwargs == {"max_length": 200, "blank": True}

    clone = EncryptedTextField(*args, **kwargs)
    assert clone.deconstruct()[1:] == (path, args, kwargs)
    assert clone.from_db_value(field.get_prep_value("één"), None, connection) == "één"
    assert clone.formfield().max_length == 200


def json_field(**kwargs):
    field = EncryptedJSONField(**kwargs)
    field.set_attributes_from_name("concept")
    return field


def test_json_field_round_trip():
    field = json_field()
    draft = {"stap": 2, "datum": datetime.date(2025, 3, 14), "signalen": ["één", "twee"]}
    stored = field.get_prep_value(draft)
    assert "signalen" not in stored
    assert field.from_db_value(stored, None, connection) == {
        "stap": 2, "datum": "2025-03-14", "signalen": ["één", "twee"],
    }


def test_json_field_none():
    assert json_field(null=True).get_prep_value(None) is None
    assert json_field(null=True).from_db_value(None, None, connection) is None
    # Without null=True, None is stored as an encrypted JSON null.
    field = json_field()
    assert field.from_db_value(field.get_prep_value(None), None, connection) is None


def test_json_field_validation_and_form_field():
    field = json_field()
    assert field.clean({"a": 1}, None) == {"a": 1}
    with pytest.raises(ValidationError):
        field.clean({"a": object()}, None)
    assert isinstance(field.formfield(), forms.JSONField)


def test_json_field_deconstruct():
    field = json_field(null=True, blank=True)
    name, path, args, kwargs = field.deconstruct()
    assert path == "wagtail_meldcode.fields.EncryptedJSONField"
    assert kwargs == {"null": True, "blank": True}
    clone = EncryptedJSONField(*args, **kwargs)
    assert clone.from_db_value(field.get_prep_value([1, "twee"]), None, connection) == [1, "twee"]


def test_system_check_reports_missing_keys(settings):
    from django.core import checks

    settings.MELDCODE_ENCRYPTION_KEYS = []
    errors = checks.run_checks(tags=[checks.Tags.security])
    assert [e.id for e in errors if e.id.startswith("wagtail_meldcode")] == [
        "wagtail_meldcode.E001"
    ]
    settings.MELDCODE_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert not [e for e in checks.run_checks(tags=[checks.Tags.security])
                if e.id.startswith("wagtail_meldcode")]
