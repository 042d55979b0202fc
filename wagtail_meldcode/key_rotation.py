"""Re-encrypt every stored value with the newest key (``manage.py meldcode_rotate_keys``).

Every model of the app with an :class:`~wagtail_meldcode.fields.EncryptedTextField` or
:class:`~wagtail_meldcode.fields.EncryptedJSONField` is walked in batches by primary key,
each batch in its own transaction with its rows locked. A value that the first key of
``MELDCODE_ENCRYPTION_KEYS`` already reads is left alone, so an interrupted run is
resumed by running it again; the update only lands while the column still holds the
token that was read (a value saved by the application meanwhile is already under the
new key). The tokens are read and written as the raw text of the column: the fields'
own conversion would decrypt them.

The search hashes of the pseudonyms are keyed with a key derived from the first key, so
:func:`rehash_pseudonyms` recomputes those that are under another key, in the same way:
in batches, each only while the case still holds the hash that was read.
"""

import dataclasses

from django.apps import apps
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from .conf import get_setting
from .encryption import needs_rotation, rotate, search_hash
from .fields import EncryptedJSONField, EncryptedTextField
from .models import Case

ENCRYPTED_FIELDS = (EncryptedTextField, EncryptedJSONField)


def encrypted_fields(model):
    """The concrete encrypted fields of ``model``."""
    return [f for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED_FIELDS)]


def encrypted_models():
    """``(model, fields)`` for every model of the app that stores encrypted values."""
    config = apps.get_app_config("wagtail_meldcode")
    return [(model, fields) for model in config.get_models()
            if (fields := encrypted_fields(model))]


@dataclasses.dataclass
class Progress:
    """How far a model got: rows looked at, values re-encrypted, the last primary key."""

    model: type
    total: int
    rows: int = 0
    rotated: int = 0
    last_pk: object = None


def _raw_name(field):
    return f"_raw_{field.attname}"


def rotate_batch(model, fields, after, size):
    """Re-encrypt one batch of ``model`` after primary key ``after``, in a transaction.

    Returns ``(rows seen, values re-encrypted, last primary key)``.
    """
    table = connection.ops.quote_name(model._meta.db_table)
    pk_column = connection.ops.quote_name(model._meta.pk.column)
    with transaction.atomic():
        rows = model._base_manager.select_for_update().order_by("pk")
        if after is not None:
            rows = rows.filter(pk__gt=after)
        rows = rows.annotate(
            **{_raw_name(f): Cast(f.attname, output_field=TextField()) for f in fields}
        ).values_list("pk", *(_raw_name(f) for f in fields))[:size]
        rows = list(rows)
        rotated = 0
        with connection.cursor() as cursor:
            for pk, *tokens in rows:
                for field, token in zip(fields, tokens, strict=True):
                    if not token or not needs_rotation(token):
                        continue
                    column = connection.ops.quote_name(field.column)
                    cursor.execute(
                        f"UPDATE {table} SET {column} = %s "  # noqa: S608 - quoted names
                        f"WHERE {pk_column} = %s AND {column} = %s",
                        [rotate(token), pk, token],
                    )
                    rotated += cursor.rowcount
    return len(rows), rotated, rows[-1][0] if rows else after


def rotate_model(model, fields, *, batch_size=None, report=None):
    """Re-encrypt every value of ``model``; ``report(progress)`` after each batch."""
    size = batch_size or get_setting("ROTATION_BATCH")
    progress = Progress(model, total=model._base_manager.count())
    while True:
        seen, rotated, progress.last_pk = rotate_batch(model, fields, progress.last_pk, size)
        if not seen:
            return progress
        progress.rows += seen
        progress.rotated += rotated
        if report:
            report(progress)



def rehash_pseudonyms(*, batch_size=None, report=None):
    """Recompute every case's pseudonym search hash that is not under the first key;
    ``report(progress)`` after each batch. Returns the :class:`Progress` (``rotated``:
    the hashes recomputed)."""
    size = batch_size or get_setting("ROTATION_BATCH")
    cases = Case._base_manager.exclude(person_reference="").order_by("pk")
    progress = Progress(Case, total=cases.count())
    while True:
        batch = cases if progress.last_pk is None else cases.filter(pk__gt=progress.last_pk)
        batch = list(batch.values_list("pk", "person_reference", "person_reference_hash")[:size])
        if not batch:
            return progress
        with transaction.atomic():
            for pk, pseudonym, stored in batch:
                fresh = search_hash(pseudonym)
                if fresh != stored:
                    progress.rotated += Case._base_manager.filter(
                        pk=pk, person_reference_hash=stored
                    ).update(person_reference_hash=fresh)
        progress.rows += len(batch)
        progress.last_pk = batch[-1][0]
        if report:
            report(progress)
