"""System checks: catch a missing or broken encryption key at start-up, not on first use."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import encryption


@checks.register(checks.Tags.security)
def check_encryption_keys(app_configs, **kwargs):
    try:
        encryption._fernets()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="wagtail_meldcode.E001")]
    return []
