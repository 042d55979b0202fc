"""The chronology of a case: an append-only record of who saw or changed what, and when.

Events hold no case content. The database refuses to update or delete them (a trigger,
see the migration); the model and queryset refuse too, so the mistake shows early.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Append-only rows (case events, role changes) cannot be changed or removed."""


class Action(models.TextChoices):
    CREATE = "create", _("Opened the case")
    VIEW = "view", _("Viewed")
    SAVE_STEP = "save_step", _("Saved a step")
    SAVE_DRAFT = "save_draft", _("Saved a draft")
    CONFLICT = "conflict", _("Save refused: changed by someone else")
    DECIDE = "decide", _("Took the decisions")
    CLOSE = "close", _("Closed the case")
    FOLLOW_UP = "follow_up", _("Answered a follow-up")
    EXPORT = "export", _("Exported the dossier as PDF")
    ASSIGN = "assign", _("Assigned the coordinator")
    TRANSFER = "transfer", _("Transferred the case to another owner")
    ADVICE = "advice", _("Added the coordinator's advice")
    REOPEN = "reopen", _("Reopened a step")
    EVALUATION = "evaluation", _("Viewed the evaluation report")
    EVALUATION_EXPORT = "evaluation_export", _("Downloaded the evaluation report")
    ACCESS_REPORT = "access_report", _("Viewed who accessed the case")
    ACCESS_REPORT_EXPORT = "access_export", _("Exported who accessed the case")
    LEGAL_HOLD = "legal_hold", _("Set or lifted a legal hold")
    PURGE = "purge", _("Removed the content after the retention period")
    DENIED = "denied", _("Access denied")
    ATTACH = "attach", _("Added an attachment")
    OPEN_ATTACHMENT = "open_attachment", _("Opened an attachment")
    REMOVE_ATTACHMENT = "remove_attachment", _("Removed an attachment")
    SUMMARY = "summary", _("Opened the summary for Veilig Thuis")
    SUMMARY_PDF = "summary_pdf", _("Downloaded the summary for Veilig Thuis as PDF")
    BODY_MAP = "body_map", _("Changed the body map")


#: What only touches access to a case, not the case itself: reads, looks at the access
#: report and refused attempts. The access report lists them; the dossier's chronology,
#: which tells what was done with the case, leaves them out.
ACCESS_ONLY_ACTIONS = (Action.VIEW, Action.ACCESS_REPORT, Action.DENIED, Action.OPEN_ATTACHMENT)


class Role(models.TextChoices):
    """The role in which someone acted on a case."""

    OWNER = "owner", _("Owner")
    COORDINATOR = "coordinator", _("Coordinator of the case")
    COORDINATORS_GROUP = "coordinators_group", _("Coordinator of the site")
    SUPERUSER = "superuser", _("Superuser")
    #: The board (bevoegd gezag, houder, bestuurder) on a worry about a colleague.
    BOARD = "board", _("Board")
    MANAGEMENT = "management", _("Management")
    SYSTEM = "system", _("The system (scheduled task)")
    OUTSIDER = "outsider", _("No access")


class AppendOnlyQuerySet(models.QuerySet):
    """Rows that can be added, never changed or removed."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")


def append_only(model):
    """Make instances of ``model`` refuse to be saved twice or deleted (a class decorator).

    Its table needs the database triggers too (see the migrations).
    """
    save = model.save

    def save_once(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} cannot be changed.")
        save(self, *args, **kwargs)

    def refuse_delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} cannot be deleted.")

    model.save, model.delete = save_once, refuse_delete
    return model


@append_only
class CaseEvent(models.Model):
    """One read or change of a case, or a denied attempt."""

    # No database constraints: an event outlives anything it points at, and a denied
    # attempt may name a case that does not exist.
    case = models.ForeignKey(
        "wagtail_meldcode.Case", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="events",
    )
    case_reference = models.CharField(_("case"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("user"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    step = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self):
        return f"{self.case_reference} {self.action} {self.at:%Y-%m-%d %H:%M}"


def record_event(request, action, *, case=None, reference="", role, step=None):
    """Append an event for ``request.user`` acting on ``case`` (or on ``reference``)."""
    user = request.user if request.user.is_authenticated else None
    return CaseEvent.objects.create(
        case=case,
        case_reference=case.reference if case is not None else reference[:40],
        user=user,
        username=user.get_username() if user else "",
        role=role,
        action=action,
        step=step,
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )


def record_system_event(action, *, case, step=None):
    """Append an event for something the system did to ``case`` (no user, no request)."""
    return CaseEvent.objects.create(
        case=case,
        case_reference=case.reference,
        role=Role.SYSTEM,
        action=action,
        step=step,
    )
