"""Follow-up reminders: the database decides what is due and what was sent.

:func:`dispatch` is one pass, run by Celery beat (``dispatch_due_followups``) or by
``manage.py meldcode_dispatch_reminders``. It plans a delivery row per recipient for every
follow-up that fell due (and every reminder that waited too long, as an escalation),
claiming rows with ``SELECT ... FOR UPDATE SKIP LOCKED`` so that concurrent passes never
plan twice, and enqueues the unsent deliveries once the transaction commits, a send task
per ``MELDCODE_SEND_BATCH`` of them. Planning takes a few statements per pass, whatever
the number due: one read of the due follow-ups, one INSERT of their deliveries, one
UPDATE. A delivery that was enqueued but not sent within ``MELDCODE_REQUEUE_AFTER``
seconds is enqueued again: the broker may have lost it. :func:`deliver` sends each
delivery at most once. No due date is ever handed to Celery as an ETA.
"""

import datetime
import logging
from collections import namedtuple

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from . import colleague, lifecycle, outbox
from .choices import CaseKind, CaseStatus
from .conf import get_setting
from .models import Case, FollowUp, MeldcodeSettings, ReminderDelivery
from .models.followup import (
    COLLEAGUE_KINDS,
    DUE_TIME_ZONE,
    DeliveryStage,
    FollowUpKind,
    FollowUpOutcome,
    FollowUpStatus,
    due_moment,
    schedule_followup,
    working_days_later,
)
from .notifications import send_reminder_email
from .permissions import SiteCoordinators, board_members
from .workdays import add_working_days

logger = logging.getLogger(__name__)


#: A person a reminder may go to.
Person = namedtuple("Person", "pk email is_active")

#: A follow-up as planning sees it: nothing encrypted, the people of its case.
Planned = namedtuple("Planned", "pk kind due_at site_id owner coordinator")


def planned(followup):
    """``followup`` (a model instance) as planning sees it."""
    case = followup.case

    def person(user):
        return Person(user.pk, user.email, user.is_active) if user else None

    return Planned(followup.pk, followup.kind, followup.due_at, case.site_id,
                   person(case.owner), person(case.coordinator))


class Recipients:
    """Who gets which reminder; site settings and group members are read once per pass."""

    def __init__(self):
        self._settings = {}
        self._coordinators = SiteCoordinators(Person)

    def settings(self, site_id):
        if site_id not in self._settings:
            self._settings[site_id] = MeldcodeSettings.objects.get_or_create(site_id=site_id)[0]
        return self._settings[site_id]

    def coordinators(self, site_id):
        return self._coordinators(self.settings(site_id))

    def board(self, followup):
        """The board that handles the worry about a colleague of ``followup``."""
        case = Case.objects.select_related("site").get(followups=followup.pk)
        return [Person(*values) for values in
                board_members(case).values_list(*Person._fields)]

    def __call__(self, followup, stage):
        """The active people with an e-mail address who get ``followup`` in ``stage``."""
        assigned = [followup.coordinator] if followup.coordinator else None
        if followup.kind in COLLEAGUE_KINDS:
            # A worry about a colleague: whoever has the step; on escalation, both the
            # staff member who reported it and the board. Never the coordinators.
            if stage == DeliveryStage.ESCALATION:
                people = [followup.owner, *self.board(followup)]
            elif followup.kind == FollowUpKind.COLLEAGUE_BOARD:
                people = self.board(followup)
            else:
                people = [followup.owner]
        elif followup.kind == FollowUpKind.STALLED:
            # First the owner; the escalation goes to the coordinator.
            people = ([followup.owner] if stage == DeliveryStage.REMINDER
                      else assigned or self.coordinators(followup.site_id))
        elif stage == DeliveryStage.ESCALATION:
            people = self.coordinators(followup.site_id)
        else:
            people = list(assigned or self.coordinators(followup.site_id))
            owner_too = self.settings(followup.site_id).notify_owner
            if owner_too or stage == DeliveryStage.HELP_FAILED or not people:
                people.append(followup.owner)
        return sorted({person.pk for person in people if person.is_active and person.email})


def plan(followups, stage, now, recipients=None, *, actor=None):
    """Create the delivery rows of ``followups`` (:class:`Planned`) in ``stage``, once.

    ``actor`` caused the reminder (answered the check-in) and does not get it.
    """
    recipients = recipients or Recipients()
    ReminderDelivery.objects.bulk_create(
        [
            ReminderDelivery(followup_id=followup.pk, due_at=followup.due_at, stage=stage,
                             recipient_id=recipient, created_at=now)
            for followup in followups
            for recipient in recipients(followup, stage)
            if recipient != getattr(actor, "pk", None)
        ],
        ignore_conflicts=True, batch_size=1000,
    )


def claim(**filters):
    """The pending follow-ups matching ``filters``, locked, oldest due first, as :class:`Planned`.

    Planning reads plain values, and no encrypted field.
    """
    rows = (
        FollowUp.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=FollowUpStatus.PENDING, **filters)
        .order_by("due_at")
        .values_list("pk", "kind", "due_at", "case__site_id",
                     "case__owner_id", "case__owner__email", "case__owner__is_active",
                     "case__coordinator_id", "case__coordinator__email",
                     "case__coordinator__is_active")[:get_setting("DISPATCH_BATCH")]
    )
    return [
        Planned(*row[:4], Person(*row[4:7]), Person(*row[7:10]) if row[7] is not None else None)
        for row in rows
    ]


def escalation_due(followup):
    """The moment an unanswered reminder of ``followup`` is escalated: to the coordinators
    after ``MELDCODE_ESCALATE_AFTER`` working days; for a worry about a colleague, after
    :data:`.colleague.ESCALATE_AFTER`, at the same time of day."""
    if followup.kind in COLLEAGUE_KINDS:
        return working_days_later(followup.due_at, colleague.ESCALATE_AFTER)
    local_due = timezone.localtime(followup.due_at, DUE_TIME_ZONE)
    day = add_working_days(local_due.date(), get_setting("ESCALATE_AFTER"))
    return due_moment(day, local_due.hour)


def plan_stalled(now):
    """A follow-up for every open case that stayed in one step past the site's limit."""
    # A worry about a colleague has reminders for each of its steps instead.
    open_cases = Case.objects.filter(status=CaseStatus.OPEN, kind=CaseKind.MELDCODE)
    sites = open_cases.values("site").distinct()
    for site_settings in MeldcodeSettings.objects.filter(site__in=sites):
        limit = datetime.timedelta(days=site_settings.stalled_after_days)
        already = FollowUp.objects.filter(
            case=OuterRef("pk"), kind=FollowUpKind.STALLED,
            created_at__gte=OuterRef("step_entered_at"),
        )
        stalled = (
            open_cases.select_for_update(skip_locked=True, of=("self",))
            .filter(site_id=site_settings.site_id, step_entered_at__lte=now - limit)
            .exclude(Exists(already))
            .only("pk", "step_entered_at")
        )
        followups = []
        for case in stalled:
            due_at = case.step_entered_at + limit
            followups.append(FollowUp(
                case=case, kind=FollowUpKind.STALLED, due_at=due_at, created_at=now,
                due_on=timezone.localtime(due_at, DUE_TIME_ZONE).date(),
            ))
        FollowUp.objects.bulk_create(followups, batch_size=1000)


def dispatch(now=None):
    """One pass (see :func:`run_pass`); returns the number of deliveries enqueued."""
    return run_pass(now).rows


def run_pass(now=None):
    """One pass: plan what fell due, escalate what waited too long, enqueue what is unsent.

    Returns the :class:`~wagtail_meldcode.outbox.Handover` of the unsent deliveries: how
    many were enqueued, and how many of them the broker took once the pass committed.
    """
    now = now or timezone.now()
    recipients = Recipients()
    with transaction.atomic():
        plan_stalled(now)
        due = claim(reminded_at__isnull=True, due_at__lte=now)
        plan(due, DeliveryStage.REMINDER, now, recipients)
        FollowUp.objects.filter(pk__in=[f.pk for f in due]).update(reminded_at=now)

        # Escalate reminders unanswered for MELDCODE_ESCALATE_AFTER working days (a worry
        # about a colleague: one). Working days are at least as many calendar days, which
        # narrows the rows to look at.
        horizon = now - datetime.timedelta(
            days=min(get_setting("ESCALATE_AFTER"), colleague.ESCALATE_AFTER))
        waiting = claim(reminded_at__isnull=False, escalated_at__isnull=True,
                        due_at__lte=horizon)
        overdue = [followup for followup in waiting if escalation_due(followup) <= now]
        plan(overdue, DeliveryStage.ESCALATION, now, recipients)
        FollowUp.objects.filter(pk__in=[f.pk for f in overdue]).update(escalated_at=now)

        # Enqueue every unsent delivery that is not already on its way.
        stale = now - datetime.timedelta(seconds=get_setting("REQUEUE_AFTER"))
        unsent = list(
            ReminderDelivery.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=stale))
            .order_by("pk")
            .values_list("pk", flat=True)[:get_setting("DISPATCH_BATCH")]
        )
        handover = enqueue(unsent, now)
    if unsent:
        logger.info("Enqueued %d reminder(s).", len(unsent))
    return handover


def deliver(delivery_ids):
    """Send the deliveries ``delivery_ids`` that were not sent yet (see :func:`outbox.deliver`)."""
    # What the e-mail needs, nothing more: no encrypted case field is read.
    deliveries = ReminderDelivery.objects.select_related(
        "followup__case__meldcode", "recipient"
    ).only(
        "attempts", "created_at", "sent_at", "stage", "followup__kind", "followup__due_on",
        "followup__case__reference", "followup__case__meldcode__url_path", "recipient__email",
    )
    return outbox.deliver(deliveries, delivery_ids, send_reminder_email)


def enqueue(delivery_pks, now):
    """Send the given deliveries once the transaction commits (see :func:`outbox.enqueue`)."""
    return outbox.enqueue(ReminderDelivery.objects, delivery_pks, "send_reminder", now)


class AlreadyAnswered(Exception):
    """Someone answered the follow-up first; ``followup`` holds their answer."""

    def __init__(self, followup):
        super().__init__(followup.pk)
        self.followup = followup


@transaction.atomic
def record_answer(followup, user, *, outcome="", observations, next_step="",
                  next_check_on=None, report_taken_on=None, answers=None, advice=None,
                  help=None):
    """Record the answer to a follow-up and act on it.

    Working: the next check by the case's interval, until the help's end date. Partly:
    a check on the date given, for the new plan. Not working: the case turns towards a
    report after all: step 5 reopens and owner and coordinator are told. Veilig Thuis's
    feedback after a report: whether it takes the report on, and the questions 3 to 5
    that were open (``answers``, with the afwegingskader's ``advice`` on them and the
    ``help`` they make possible; see :func:`lifecycle.feedback_received`).

    The follow-up's row is locked and read afresh first: of two answers at once, the
    second waits, then raises :class:`AlreadyAnswered` and changes nothing.
    """
    now = timezone.now()
    followup = (FollowUp.objects.select_for_update(of=("self",)).select_related("case")
                .get(pk=followup.pk))
    if followup.status != FollowUpStatus.PENDING:
        raise AlreadyAnswered(followup)
    followup.outcome = outcome or ""
    followup.report_taken_on = report_taken_on
    followup.observations = observations
    followup.next_step = next_step or ""
    followup.status = FollowUpStatus.DONE
    followup.answered_at = now
    followup.answered_by = user
    followup.save()

    case = followup.case
    hour = MeldcodeSettings.for_site(case.site).reminder_hour
    if outcome == FollowUpOutcome.WORKING:
        day = followup.next_regular_day()
        if day is not None:
            schedule_followup(case, day, hour, decision=followup.decision)
    elif outcome == FollowUpOutcome.PARTLY:
        schedule_followup(case, next_check_on, hour, decision=followup.decision)
    elif answers:
        lifecycle.feedback_received(case, user, now, answers=answers, outcome=advice,
                                    help=help)
    elif outcome == FollowUpOutcome.NOT_WORKING:
        lifecycle.help_failed(case, now)
        plan([planned(followup)], DeliveryStage.HELP_FAILED, now, actor=user)
        enqueue(
            list(followup.deliveries.filter(stage=DeliveryStage.HELP_FAILED, sent_at=None)
                 .values_list("pk", flat=True)),
            now,
        )
