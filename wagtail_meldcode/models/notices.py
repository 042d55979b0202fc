"""Telling people about a case at once: a notice in the app, and an e-mail.

A :class:`CaseNotice` is one message to one person about one case: the coordinator
about a new case, the owner about what a coordinator did. It is shown in the app until
the person opens the case (their next event in the case's log; see
:func:`wagtail_meldcode.notices.unread`), and sent by e-mail through the outbox (see :mod:`.outbox`)
when they have an address. Neither carries anything from the case but its reference.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .followup import OutgoingEmail


class NoticeKind(models.TextChoices):
    NEW_CASE = "new_case", _("New case")
    ASSIGNED = "assigned", _("Case assigned to you")
    STEP_REOPENED = "step_reopened", _("Step reopened")
    ADVICE = "advice", _("Advice added")
    TRANSFERRED_TO_YOU = "transferred_to_you", _("Case transferred to you")
    TRANSFERRED_AWAY = "transferred_away", _("Case transferred")
    CLOSED = "closed", _("Case closed")
    #: A worry about a colleague was opened: told to the board that handles it.
    FOR_THE_BOARD = "for_the_board", _("New case for the board")


#: The notices for coordinators: they lead to the case in the admin workspace.
COORDINATOR_NOTICES = {NoticeKind.NEW_CASE, NoticeKind.ASSIGNED}


class CaseNotice(OutgoingEmail):
    """One notice to one person about ``case``."""

    message_kind = "case-notice"

    case = models.ForeignKey("wagtail_meldcode.Case", on_delete=models.CASCADE,
                             related_name="notices")
    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices)
    #: The step a coordinator reopened.
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    #: Who did what the notice is about (None: the system, or a removed user).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    #: After a transfer: the new owner, for the former owner's list.
    new_owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    #: False for a recipient without an e-mail address: the notice is in the app only.
    by_email = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case notice")
        verbose_name_plural = _("case notices")

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.recipient_id}"
