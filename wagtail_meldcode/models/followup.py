"""Follow-up checks of organised help (vervolgcontroles)."""

import datetime
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Due dates are days in the Netherlands; the moment they fall due is stored in UTC.
DUE_TIME_ZONE = ZoneInfo("Europe/Amsterdam")


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", _("Due")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


def due_moment(day, hour):
    """The UTC moment at which a check on ``day`` falls due, at ``hour`` Dutch time."""
    local = datetime.datetime.combine(day, datetime.time(hour), tzinfo=DUE_TIME_ZONE)
    return local.astimezone(datetime.UTC)


class FollowUp(models.Model):
    """One check, on a due date, that the help organised for a case is working."""

    case = models.ForeignKey(
        "wagtail_meldcode.Case", on_delete=models.CASCADE, related_name="followups"
    )
    decision = models.ForeignKey(
        "wagtail_meldcode.Decision", null=True, on_delete=models.SET_NULL, related_name="followups"
    )
    due_on = models.DateField(_("due on"))
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices,
        default=FollowUpStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("follow-up check")
        verbose_name_plural = _("follow-up checks")
        indexes = [models.Index(fields=["status", "due_at"], name="meldcode_followup_due")]

    def __str__(self):
        return f"{self.case} {self.due_on}"


def schedule_followups(decision, hour):
    """Create the checks of a decision's help plan: first check, then every interval."""
    if not (decision.help and decision.first_check_on):
        return []
    interval = datetime.timedelta(days=decision.check_interval_days or 0)
    end = decision.help_ends_on or decision.first_check_on
    days = [decision.first_check_on]
    while interval and days[-1] + interval <= end:
        days.append(days[-1] + interval)
    return FollowUp.objects.bulk_create(
        FollowUp(case=decision.case, decision=decision, due_on=day, due_at=due_moment(day, hour))
        for day in days
    )
