"""Retention (bewaartermijn) of closed cases: warn, then remove the content.

A closed case is kept for its site's retention period (``MeldcodeSettings.retention_years``,
or the default of its meldcode's sector) counted from the day it closed, in Dutch time.
The purge date is computed from the settings of the moment, never stored, so a changed
period counts at once.

:func:`run` is one pass, run by Celery beat (``purge_expired_cases``) or by
``manage.py meldcode_purge_expired``:

1. **Warn.** ``MELDCODE_PURGE_WARNING_DAYS`` (30) days before its purge date, the case's
   coordinator (or, without an active one, the site's coordinators group) gets an e-mail
   with the reference, the date and a link. One delivery row per case, purge date and
   recipient makes it single; the case remembers the date it was warned about.
2. **Purge.** A case whose purge date has passed, that has no legal hold
   (vernietigingsstop) and whose warning for that very date is at least
   ``MELDCODE_PURGE_WARNING_DAYS`` old, keeps only an anonymous stub (see :func:`purge`).
   So nothing is purged without notice, also not when a site shortens its period or a
   hold is lifted: the purge then waits for a new warning.

Cases that are not closed (in progress, help being followed, reported) are never purged:
retention starts when a coordinator or the decision closes the case.
"""

import dataclasses
import datetime
import logging

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from . import attachments, outbox
from .choices import CaseStatus, SignalKind, SignalSource
from .conf import get_setting
from .models import Case, MeldcodeSettings, Weighing
from .models.audit import Action, record_system_event
from .models.followup import DUE_TIME_ZONE
from .models.retention import LegalHold, RetentionWarning
from .notifications import send_purge_warning_email
from .permissions import board_members, site_coordinators

logger = logging.getLogger(__name__)


def add_years(day, years):
    """``day`` plus ``years`` years; 29 February becomes 28 February in other years."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def warning_days():
    return datetime.timedelta(days=get_setting("PURGE_WARNING_DAYS"))


def _closed_on(case):
    return timezone.localtime(case.closed_at, DUE_TIME_ZONE).date()


def purge_date(case, site_settings=None):
    """The day the content of closed ``case`` may be removed (None: not closed)."""
    if not case.is_closed or case.closed_at is None:
        return None
    site_settings = site_settings or MeldcodeSettings.for_site(case.site)
    return add_years(_closed_on(case), site_settings.retention_years_for(case.meldcode.sector))


def _start_of(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=DUE_TIME_ZONE)


def purge_dates_up_to(day):
    """``(case, purge date)`` for every closed, unpurged case without a legal hold whose
    purge date is ``day`` or earlier."""
    held = LegalHold.objects.filter(case=OuterRef("pk"), lifted_at__isnull=True)
    closed = Case.objects.filter(status=CaseStatus.CLOSED, purged_at__isnull=True,
                                 closed_at__isnull=False)
    groups = closed.values_list("site_id", "meldcode__sector").distinct().order_by()
    site_settings = {}
    for site_id, sector in groups:
        if site_id not in site_settings:
            site_settings[site_id] = MeldcodeSettings.objects.get_or_create(site_id=site_id)[0]
        years = site_settings[site_id].retention_years_for(sector)
        # Closed on or before this day (plus a day for 29 February); checked exactly below.
        until = _start_of(add_years(day, -years) + datetime.timedelta(days=2))
        cases = (
            closed.filter(site_id=site_id, meldcode__sector=sector, closed_at__lt=until)
            .exclude(Exists(held))
            .select_related("site", "meldcode", "coordinator")
            .order_by("closed_at", "pk")
        )
        for case in cases:
            purge_on = add_years(_closed_on(case), years)
            if purge_on <= day:
                yield case, purge_on


def to_warn(now):
    """``(case, purge date)`` of the cases whose coordinators are to be warned now."""
    horizon = timezone.localtime(now, DUE_TIME_ZONE).date() + warning_days()
    for case, purge_on in purge_dates_up_to(horizon):
        if case.purge_warned_on != purge_on:
            yield case, purge_on


def expired(now):
    """``(case, purge date)`` of the cases whose content is to be removed now."""
    today = timezone.localtime(now, DUE_TIME_ZONE).date()
    for case, purge_on in purge_dates_up_to(today):
        if (case.purge_warned_on == purge_on and case.purge_warned_at is not None
                and case.purge_warned_at <= now - warning_days()):
            yield case, purge_on


def announced_date(case):
    """The day the warning of ``case`` names: its purge date, or later if warned late."""
    warned = timezone.localtime(case.purge_warned_at, DUE_TIME_ZONE).date()
    return max(case.purge_warned_on, warned + warning_days())


def recipients(case):
    """The case's active coordinator, or else the site's coordinators; with an e-mail.
    A worry about a colleague: the board that handles it, never the coordinators."""
    if case.is_colleague_case:
        return list(board_members(case).exclude(email="").order_by("pk"))
    users = [case.coordinator] if case.coordinator_id else []
    users = [user for user in users if user.is_active and user.email]
    if not users:
        site_settings = MeldcodeSettings.for_site(case.site)
        users = list(site_coordinators(site_settings).exclude(email="").order_by("pk"))
    return users


def warn(case, purge_on, now):
    """Plan the warning of ``case`` about ``purge_on`` (once) and remember it on the case."""
    RetentionWarning.objects.bulk_create(
        [RetentionWarning(case=case, purge_on=purge_on, recipient=user, created_at=now)
         for user in recipients(case)],
        ignore_conflicts=True,
    )
    case.purge_warned_on = purge_on
    case.purge_warned_at = now
    # update_fields keeps updated_at ("last changed") as it was.
    case.save(update_fields=["purge_warned_on", "purge_warned_at"])


def plan_warnings(now):
    """Plan the warnings that fell due and enqueue every unsent one. Returns the cases."""
    warned = []
    with transaction.atomic():
        for case, purge_on in list(to_warn(now)):
            locked = _lock(case)
            if locked is not None and locked.purge_warned_on != purge_on:
                warn(locked, purge_on, now)
                warned.append(locked)
        outbox.requeue(RetentionWarning.objects, "send_purge_warning", now)
    return warned


def deliver_warnings(warning_ids):
    """Send the warnings ``warning_ids`` that were not sent yet (see :func:`outbox.deliver`)."""
    def send(warning, connection=None):
        case = warning.case
        purge_on = (announced_date(case) if case.purge_warned_on == warning.purge_on
                    else warning.purge_on)
        send_purge_warning_email(warning, purge_on, connection)

    return outbox.deliver(
        RetentionWarning.objects.select_related("case__site", "case__meldcode", "recipient"),
        warning_ids, send,
    )


#: Encrypted and free-text fields emptied on a purge, per model (the rest is kept).
CASE_CLEARED = {
    "person_reference": "", "person_name": "", "kindcheck": {}, "age_group": "",
    "no_conversation_reason": "", "no_conversation_explanation": "", "close_reason": "",
    "colleague_description": "",
}
DECISION_CLEARED = {
    "deviation_reason": "", "veilig_thuis_reference": "", "report_discussed": "",
    "report_discussion": "", "client_reaction": "", "help_plan": "", "help_provider": "",
}
FOLLOW_UP_CLEARED = {"observations": "", "next_step": ""}


def purge(case, now):
    """Remove the content of ``case`` and keep an anonymous stub for the statistics.

    The stub keeps what the evaluation report counts and nothing about the person: the
    case row (reference, site, meldcode, owner and coordinator, status, step, dates),
    the decisions' answers, report and help booleans and dates, the follow-ups' dates and
    outcomes, and the date of the first signal (as one empty signal). Everything typed is
    emptied or deleted: names, the kindcheck, the age group, reasons and plans; the other
    signals, consultations, conversations, the marks of the body map, the steps of a
    worry about a colleague, the answers to the own questions, the weighing and the drafts
    go (the colleague's account stays linked, so they never see even the stub). The
    attachments keep their kind, size and dates; what was typed about them is emptied here
    and their files are removed from the storage after the transaction
    (:func:`~.attachments.remove_released_files`). The chronology stays (it holds no
    content) and gets a ``purge`` event by the system.
    """
    for field, value in CASE_CLEARED.items():
        setattr(case, field, value)
    case.purged_at = now
    case.save()  # which empties the pseudonym's search hash with it

    first = case.signals.order_by("observed_on", "pk").first()
    if first is not None:
        case.signals.exclude(pk=first.pk).delete()
        case.signals.filter(pk=first.pk).update(
            description="", kind=SignalKind.FACT, source=SignalSource.OWN_OBSERVATION,
            source_name="", form_of_violence="", signal_list_item=None, follows_up=None,
            hypothesis_outcome="",
        )
    case.consultations.all().delete()
    case.conversations.all().delete()
    case.drafts.all().delete()
    case.colleague_steps.all().delete()
    case.own_answers.all().delete()
    case.injury_marks.all().delete()
    Weighing.objects.filter(case=case).delete()
    case.decisions.update(**DECISION_CLEARED)
    case.followups.update(**FOLLOW_UP_CLEARED)
    case.legal_holds.update(reason="", lift_reason="")
    attachments.clear_for_purge(case)
    record_system_event(Action.PURGE, case=case)


def is_expired(case, now):
    """Whether the content of ``case`` is to be removed at ``now`` (see the module)."""
    purge_on = purge_date(case)
    return (
        purge_on is not None and case.purged_at is None
        and purge_on <= timezone.localtime(now, DUE_TIME_ZONE).date()
        and case.purge_warned_on == purge_on and case.purge_warned_at is not None
        and case.purge_warned_at <= now - warning_days()
        and case.active_legal_hold() is None
    )


def _lock(case):
    """``case`` fresh from the database and locked, or None when another pass holds it."""
    return (
        Case.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("site", "meldcode").filter(pk=case.pk).first()
    )


def purge_expired(now, report=None):
    """Purge every expired case, each in its own transaction, then remove the files of
    the purged cases from the storage (also those an earlier pass left). Returns the
    cases purged."""
    purged = []
    for case, purge_on in list(expired(now)):
        with transaction.atomic():
            # Locked and checked again: a hold may have been placed meanwhile.
            case = _lock(case)
            if case is None or not is_expired(case, now):
                continue
            purge(case, now)
        purged.append((case, purge_on))
        if report:
            report(case, purge_on)
    attachments.remove_released_files()
    return purged


@dataclasses.dataclass
class Summary:
    warned: list
    purged: list


def run(now=None, *, dry_run=False, report=None):
    """One pass: warn about what is coming, purge what expired.

    With ``dry_run`` nothing changes: the summary lists what a pass would warn about and
    purge now. ``report(case, purge_on)`` is called after each purge (progress).
    """
    now = now or timezone.now()
    if dry_run:
        return Summary(warned=[case for case, _day in to_warn(now)], purged=list(expired(now)))
    warned = plan_warnings(now)
    purged = purge_expired(now, report)
    if warned or purged:
        logger.info("Retention: %d case(s) warned, %d purged.", len(warned), len(purged))
    return Summary(warned=warned, purged=purged)
