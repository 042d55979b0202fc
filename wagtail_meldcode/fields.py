"""Model fields that keep their values encrypted in the database.

The column holds a Fernet token (see :mod:`wagtail_meldcode.encryption`); Python code, forms
and the admin see the plain value. Each token is different, even for the same value, so the
database cannot compare contents: filtering, ordering, ``distinct()`` and unique constraints
on these fields are meaningless by design. Only ``isnull`` and ``exact`` (for the empty
value) are allowed; any other lookup raises ``FieldError`` instead of quietly searching the
ciphertext. Filter in Python after loading, or keep a separate, non-sensitive field to
filter on.
"""

import json

from django import forms
from django.core import exceptions, validators
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.fields.mixins import CheckFieldDefaultMixin

from wagtail_meldcode.encryption import decrypt, encrypt
from wagtail_meldcode.forms.base import LongTextField


class CiphertextLookupsMixin:
    """Refuse lookups that would compare ciphertext (``contains``, ``startswith``, ...)."""

    allowed_lookups = frozenset({"isnull", "exact"})

    def get_lookup(self, lookup_name):
        if lookup_name not in self.allowed_lookups:
            return None
        return super().get_lookup(lookup_name)


class EncryptedTextField(CiphertextLookupsMixin, models.TextField):
    """A text field stored encrypted.

    ``max_length`` is optional; it only sets the form field (a single-line input instead
    of a textarea) and validation, the column is always text. Without it the form field
    is a :class:`~wagtail_meldcode.forms.base.LongTextField`. The empty string is stored
    as is, not encrypted: that reveals only that the field is empty (a token's length
    gives away the value's length to within 16 bytes anyway), and keeps ``blank=True``
    fields and ``filter(field="")`` simple.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def formfield(self, **kwargs):
        if self.choices is None:
            default = {"widget": forms.TextInput} if self.max_length is not None else {
                "form_class": LongTextField}
            kwargs = {**default, **kwargs}
        return super().formfield(**kwargs)


class EncryptedJSONField(CiphertextLookupsMixin, CheckFieldDefaultMixin, models.TextField):
    """A JSON value (dict, list, str, number, bool or None) stored encrypted.

    Values are serialised with :class:`~django.core.serializers.json.DjangoJSONEncoder`, so
    dates, decimals and UUIDs can be stored; they come back as strings. With ``null=True``,
    None is stored as SQL NULL.
    """

    empty_strings_allowed = False
    default_error_messages = {"invalid": models.JSONField.default_error_messages["invalid"]}
    _default_hint = ("dict", "{}")

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return json.loads(decrypt(value))

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        if value is None and self.null:
            return None
        return encrypt(json.dumps(value, cls=DjangoJSONEncoder))

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        try:
            json.dumps(value, cls=DjangoJSONEncoder)
        except TypeError:
            raise exceptions.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None

    def value_to_string(self, obj):
        # Serialisers (dumpdata, Wagtail revisions) get the value itself, like JSONField.
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": forms.JSONField, "encoder": DjangoJSONEncoder, **kwargs}
        )
