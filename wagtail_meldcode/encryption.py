"""Encryption at rest of case data, with Fernet keys from ``settings.MELDCODE_ENCRYPTION_KEYS``
(read through :mod:`wagtail_meldcode.conf`).

The setting is a list of urlsafe-base64 Fernet keys. The first key encrypts; every key
decrypts. To rotate:

1. put a new key in front of the list and deploy; new data is encrypted with it and old
   data stays readable with the old keys behind it;
2. run ``manage.py meldcode_rotate_keys``, which re-encrypts all stored values with the
   first key (see :mod:`wagtail_meldcode.key_rotation`, :func:`needs_rotation`, :func:`rotate`);
3. drop the old key from the list.

The pseudonym of a case is also stored as a keyed hash (:func:`search_hash`), so that a
coordinator can find a case by its exact pseudonym while the pseudonym itself stays
encrypted. Its key is derived from the first key; the rotation command recomputes the
hashes under the new key, and until it has, a search tries the hashes under every key.

Make a key with::

    python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
"""

import base64
import functools
import hashlib
import hmac
import unicodedata

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.views.decorators.debug import sensitive_variables

from .conf import get_setting, setting_name

SETTING = setting_name("ENCRYPTION_KEYS")

#: What the HMAC key of the pseudonym search is derived for (HKDF's "info").
SEARCH_KEY_INFO = b"wagtail-meldcode pseudonym search"

MAKE_KEY = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class DecryptionError(Exception):
    """A token that none of the configured keys can read."""


@functools.cache
@sensitive_variables()  # Keep the keys out of Django's error reports.
def _fernets():
    """Return the Fernet of the first key and the MultiFernet of all keys."""
    keys = get_setting("ENCRYPTION_KEYS")
    if not keys:
        raise ImproperlyConfigured(
            f"{SETTING} is not set. Set it to a list of Fernet keys, the current key first; "
            f"make a key with: {MAKE_KEY}"
        )
    if not isinstance(keys, list | tuple):
        raise ImproperlyConfigured(f"{SETTING} must be a list or tuple of Fernet keys.")
    fernets = []
    for position, key in enumerate(keys):
        try:
            fernets.append(Fernet(key))
        except (TypeError, ValueError):
            # "from None" keeps the key, a local of Fernet's frame, out of the traceback.
            raise ImproperlyConfigured(
                f"{SETTING}[{position}] is not a valid Fernet key (32 urlsafe-base64 encoded "
                f"bytes); make a key with: {MAKE_KEY}"
            ) from None
    return fernets[0], MultiFernet(fernets)


@receiver(setting_changed)
def _clear_cache(*, setting, **kwargs):
    if setting == SETTING:
        _fernets.cache_clear()
        _search_keys.cache_clear()


def _unreadable():
    return DecryptionError(f"No key in {SETTING} can decrypt this token.")


def encrypt(text: str) -> str:
    """Return ``text`` encrypted with the first key, as a Fernet token (``str``)."""
    # The token also holds its creation time, unencrypted; that tells nothing about the
    # case beyond what the row's own timestamps do.
    return _fernets()[1].encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Return the text in ``token``; raise :class:`DecryptionError` if no key can read it."""
    try:
        return _fernets()[1].decrypt(token).decode()
    except InvalidToken:
        raise _unreadable() from None


def needs_rotation(token: str) -> bool:
    """Whether ``token`` was made with a key other than the first (or with no known key)."""
    # A token does not name its key, but only the key that made it can decrypt it.
    try:
        _fernets()[0].decrypt(token)
    except InvalidToken:
        return True
    return False


def rotate(token: str) -> str:
    """Return ``token`` re-encrypted with the first key."""
    try:
        return _fernets()[1].rotate(token).decode()
    except InvalidToken:
        raise _unreadable() from None


def encrypt_bytes(data: bytes) -> bytes:
    """Return ``data`` encrypted with the first key, as a Fernet token (``bytes``): the
    contents of an attachment before it reaches the storage."""
    return _fernets()[1].encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Return the bytes in ``token``; raise :class:`DecryptionError` if no key can read it."""
    try:
        return _fernets()[1].decrypt(token)
    except InvalidToken:
        raise _unreadable() from None


def rotate_bytes(token: bytes) -> bytes:
    """Return ``token`` (``bytes``) re-encrypted with the first key."""
    try:
        return _fernets()[1].rotate(token)
    except InvalidToken:
        raise _unreadable() from None


def normalise_pseudonym(text: str) -> str:
    """``text`` as a pseudonym search compares it: Unicode NFKC, case folded, runs of
    white space as one space, none at either end."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@functools.cache
@sensitive_variables()
def _search_keys():
    # One HMAC key per Fernet key, derived from it (HKDF) and used for nothing else.
    return [
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SEARCH_KEY_INFO)
        .derive(base64.urlsafe_b64decode(key))
        for key in get_setting("ENCRYPTION_KEYS")
    ]


def search_hash(text: str, *, key_index: int = 0) -> str:
    """The keyed hash (HMAC-SHA256, hex) of pseudonym ``text``, normalised, with the key
    derived from the first key of the key ring (or the key at ``key_index``); "" for an
    empty pseudonym. Equal pseudonyms have equal hashes; without the key, a hash tells
    nothing about the pseudonym, nor can a list of guesses be checked against it."""
    text = normalise_pseudonym(text or "")
    if not text:
        return ""
    _fernets()  # the same checks of the setting as for encryption
    key = _search_keys()[key_index]
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def search_hashes(text: str) -> list[str]:
    """The hashes of pseudonym ``text`` under every key of the key ring, the first key's
    first: during a rotation a stored hash may still be under an older key."""
    if not normalise_pseudonym(text or ""):
        return []
    _fernets()
    return [search_hash(text, key_index=n) for n in range(len(_search_keys()))]
