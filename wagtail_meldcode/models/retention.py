"""Retention of closed cases: legal holds and the warnings before a purge."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..fields import EncryptedTextField
from .followup import OutgoingEmail


class LegalHold(models.Model):
    """A legal hold (vernietigingsstop): while it is in force, the case is not purged.

    A coordinator places it with a reason (a complaint, a court case, a request of the
    inspectorate) and lifts it with a reason; the rows are the history of both.
    """

    case = models.ForeignKey(
        "wagtail_meldcode.Case", on_delete=models.CASCADE, related_name="legal_holds"
    )
    reason = EncryptedTextField(_("reason"))
    placed_at = models.DateTimeField(_("placed at"), default=timezone.now)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    lift_reason = EncryptedTextField(_("reason for lifting"), blank=True)

    class Meta:
        ordering = ["placed_at", "pk"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(lifted_at__isnull=True),
                name="meldcode_one_active_legal_hold",
            ),
        ]

    def __str__(self):
        return f"{self.case} {self.placed_at:%Y-%m-%d}"


class RetentionWarning(OutgoingEmail):
    """One e-mail to one coordinator: the content of ``case`` is removed on ``purge_on``.

    Like :class:`~wagtail_meldcode.models.followup.ReminderDelivery`, the row makes sending
    idempotent: the send task sends only while ``sent_at`` is empty, holding the row locked.
    """

    case = models.ForeignKey(
        "wagtail_meldcode.Case", on_delete=models.CASCADE, related_name="retention_warnings"
    )
    #: The purge date by the retention period (the warning may announce a later one).
    purge_on = models.DateField()

    message_kind = "purge-warning"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "purge_on", "recipient"], name="meldcode_unique_purge_warning"
            ),
        ]

    def __str__(self):
        return f"{self.case} {self.purge_on} {self.recipient_id}"
