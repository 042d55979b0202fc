"""What Veilig Thuis asks of whoever reports: their function and a phone number.

Asked once, on the first report summary a staff member opens, and kept with their
account; the summary of every later case reads it from here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReporterDetails(models.Model):
    """A staff member's function and the phone number Veilig Thuis can call back on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="meldcode_reporter_details")
    function = models.CharField(_("function"), max_length=100,
                                help_text=_("For example: group teacher, youth nurse."))
    phone = models.CharField(
        _("phone number"), max_length=30,
        help_text=_("A number on which Veilig Thuis can reach you during working hours."),
    )

    class Meta:
        verbose_name = _("reporter's details")
        verbose_name_plural = _("reporters' details")

    def __str__(self):
        return f"{self.function} ({self.phone})"
