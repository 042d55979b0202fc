"""What the test provider says about a user beyond Django's user, and its fault."""

from django.conf import settings
from django.db import models


class Claims(models.Model):
    """The ``amr`` and ``acr`` claims of a user's ID tokens (groups are Django groups)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="claims")
    amr = models.JSONField(default=list)
    acr = models.CharField(max_length=200, blank=True)

    def __str__(self):
        return f"{self.user}: amr {self.amr}, acr {self.acr}"


class Fault(models.Model):
    """The fault in the ID tokens the provider issues from now on ("" for none)."""

    kind = models.CharField(max_length=20, blank=True)

    def __str__(self):
        return self.kind or "no fault"

    @classmethod
    def current(cls):
        fault = cls.objects.filter(pk=1).first()
        return fault.kind if fault else ""
