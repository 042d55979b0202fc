"""Telling people at once what happened to a case: a notice in the app and an e-mail.

The coordinator hears of a new case (the one the site's rule assigns it to, or all of the
site's coordinators while it waits unassigned) and of a case assigned to them; the owner
hears what a coordinator did to their case. Nobody is told of their own action. Each
notice is a :class:`~.models.notices.CaseNotice` row: shown in the app until its
recipient opens the case (:func:`unread`), and e-mailed through the outbox (a reference
and a link only) once the transaction commits.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import outbox
from .models.audit import CaseEvent
from .models.notices import CaseNotice, NoticeKind
from .models.settings import MeldcodeSettings
from .notifications import send_case_notice_email
from .permissions import board_members, site_coordinators

#: The task that sends the e-mails, by name (see :func:`outbox.publish`).
TASK = "send_case_notice"


def tell(case, kind, recipients, *, actor=None, now=None, **details):
    """Tell ``recipients`` (users; None and duplicates are skipped) about ``case``.

    ``actor`` did it and is not told; ``details`` are the notice's ``step`` or
    ``new_owner``. Returns the notices created.
    """
    now = now or timezone.now()
    people = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk != getattr(actor, "pk", None):
            people[user.pk] = user
    notices = CaseNotice.objects.bulk_create([
        CaseNotice(case=case, kind=kind, recipient=user, actor=actor, created_at=now,
                   by_email=bool(user.email), **details)
        for user in people.values()
    ])
    outbox.enqueue(CaseNotice.objects, [n.pk for n in notices if n.by_email], TASK, now)
    return notices


def case_opened(case, actor):
    """Tell the case's coordinator, or all of the site's coordinators, of a new case."""
    if case.coordinator is not None:
        recipients = [case.coordinator]
    else:
        recipients = site_coordinators(MeldcodeSettings.for_site(case.site))
    return tell(case, NoticeKind.NEW_CASE, recipients, actor=actor)


def colleague_case_opened(case, actor):
    """Tell the board that handles the worry about a colleague ``case`` of it; never the
    colleague concerned."""
    return tell(case, NoticeKind.FOR_THE_BOARD, board_members(case), actor=actor)


def unread(user):
    """The notices ``user`` has not seen yet, newest first: those about a case that
    ``user`` has not opened or acted on since, by the case's access log. Opening the case
    writes nothing but its read event."""
    seen = CaseEvent.objects.filter(case=OuterRef("case"), user=user,
                                    at__gte=OuterRef("created_at"))
    return CaseNotice.objects.filter(recipient=user).exclude(Exists(seen))


def transferred_away(user):
    """The cases ``user`` gave up (transferred to someone else) and no longer owns: the
    notices that say so, newest first."""
    return (CaseNotice.objects.filter(recipient=user, kind=NoticeKind.TRANSFERRED_AWAY)
            .exclude(case__owner=user))


def requeue(now=None):
    """Enqueue the e-mails of notices that are not sent or on their way (each pass)."""
    with transaction.atomic():
        return outbox.requeue(CaseNotice.objects.filter(by_email=True), TASK,
                              now or timezone.now())


def deliver(notice_ids):
    """Send the notices ``notice_ids`` that were not sent yet (see :func:`outbox.deliver`)."""
    return outbox.deliver(
        CaseNotice.objects.select_related("case__meldcode", "case__site", "recipient")
        .only("attempts", "created_at", "sent_at", "kind", "step", "case__reference",
              "case__meldcode__url_path", "case__site__hostname", "case__site__port",
              "recipient__email"),
        notice_ids, send_case_notice_email,
    )
