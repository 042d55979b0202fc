"""Follow-up checks of organised help (vervolgcontroles)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..fields import EncryptedTextField
from ..workdays import add_working_days

#: Due dates are days in the Netherlands; the moment they fall due is stored in UTC.
DUE_TIME_ZONE = ZoneInfo("Europe/Amsterdam")


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", _("Due")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpKind(models.TextChoices):
    CHECK = "check", _("Check that the help works")
    REPORT_FEEDBACK = "report_feedback", _("Feedback from Veilig Thuis after the report")
    #: The case stayed too long in one step; done when it moves on.
    STALLED = "stalled", _("Case stalled in one step")
    #: A worry about a colleague waits for a step of the staff member who reported it, or
    #: of the board; done when that step is recorded (see ``wagtail_meldcode.colleague``).
    COLLEAGUE_REPORTER = "colleague_reporter", _("Worry about a colleague: step of the reporter")
    COLLEAGUE_BOARD = "colleague_board", _("Worry about a colleague: step of the board")


#: The follow-ups of a worry about a colleague: a step that waits for its reporter or board.
COLLEAGUE_KINDS = (FollowUpKind.COLLEAGUE_REPORTER, FollowUpKind.COLLEAGUE_BOARD)


class FollowUpOutcome(models.TextChoices):
    WORKING = "working", _("Yes, the help works")
    PARTLY = "partly", _("Partly")
    NOT_WORKING = "not_working", _("No, the help does not work")


def working_days_later(moment, days):
    """``days`` working days after ``moment``, at the same Dutch time of day, in UTC."""
    local = timezone.localtime(moment, DUE_TIME_ZONE)
    day = add_working_days(local.date(), days)
    return datetime.datetime.combine(day, local.timetz()).astimezone(datetime.UTC)


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
    kind = models.CharField(
        _("kind"), max_length=20, choices=FollowUpKind.choices, default=FollowUpKind.CHECK
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices,
        default=FollowUpStatus.PENDING,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    #: When the dispatcher planned the reminders (None: not yet fallen due or not seen).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: When the unanswered reminder went to the coordinators group.
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)

    # The answer.
    outcome = models.CharField(
        _("is the help working?"), max_length=20, choices=FollowUpOutcome.choices, blank=True
    )
    observations = EncryptedTextField(_("what did you observe?"), blank=True)
    #: After a report: whether Veilig Thuis takes it on (None: not asked).
    report_taken_on = models.BooleanField(_("Veilig Thuis takes the report on"), null=True,
                                          blank=True)
    next_step = EncryptedTextField(_("next step or new plan"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", editable=False,
    )

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("follow-up check")
        verbose_name_plural = _("follow-up checks")
        indexes = [models.Index(fields=["status", "due_at"], name="meldcode_followup_due")]

    def __str__(self):
        return f"{self.case} {self.due_on}"


    @property
    def is_overdue(self):
        return self.status == FollowUpStatus.PENDING and self.escalated_at is not None

    def next_regular_day(self):
        """The next check by the decision's interval, or None past the help's end date."""
        decision = self.decision
        if not (decision and decision.check_interval_days):
            return None
        day = self.due_on + datetime.timedelta(days=decision.check_interval_days)
        return day if decision.help_ends_on is None or day <= decision.help_ends_on else None


def planned_checks(case):
    """The pending follow-ups of ``case`` (a case, or ``OuterRef("pk")``), earliest first:
    the checks and Veilig Thuis's feedback. A reminder that a case stalled is none."""
    return (FollowUp.objects.filter(case=case, status=FollowUpStatus.PENDING)
            .exclude(kind=FollowUpKind.STALLED).order_by("due_at", "pk"))


def schedule_followup(case, day, hour, *, decision=None, kind=FollowUpKind.CHECK):
    """Plan one follow-up of ``case`` on ``day``, due at ``hour`` Dutch time."""
    return FollowUp.objects.create(
        case=case, decision=decision, kind=kind, due_on=day, due_at=due_moment(day, hour)
    )


class DeliveryStage(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    ESCALATION = "escalation", _("Escalation")
    HELP_FAILED = "help_failed", _("Help does not work")


class OutgoingEmail(models.Model):
    """An e-mail to one person that waits in the database until a task has sent it.

    See :mod:`wagtail_meldcode.outbox`: the row is the truth, the broker carries its id.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    #: What the e-mail is, in its ``Message-ID``.
    message_kind = "email"

    class Meta:
        abstract = True

    def message_id(self, host):
        """The e-mail's ``Message-ID``, the same at every attempt to send this row.

        A worker that dies after the mail server took the e-mail but before the row says
        so sends it again; the same id makes the second copy recognisable, and mail
        clients show it once. Made of the row's id and creation moment and the site's
        ``host``: nothing about the case or a person.
        """
        created = self.created_at.strftime("%Y%m%d%H%M%S%f")
        return f"<meldcode.{self.message_kind}.{self.pk}.{created}@{host}>"


class ReminderDelivery(OutgoingEmail):
    """One reminder e-mail to one person: the row that makes sending idempotent.

    The dispatcher creates it; the send task sends the e-mail only while ``sent_at`` is
    empty, holding the row locked. A task delivered twice finds it sent and does nothing.
    """

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="deliveries")
    due_at = models.DateTimeField()
    stage = models.CharField(max_length=20, choices=DeliveryStage.choices)
    channel = models.CharField(max_length=20, default="email")

    message_kind = "reminder"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["followup", "due_at", "stage", "channel", "recipient"],
                name="meldcode_unique_delivery",
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "enqueued_at"], name="meldcode_unsent")]

    def __str__(self):
        return f"{self.followup} {self.stage} {self.recipient_id}"
