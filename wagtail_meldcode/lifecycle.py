"""Every change of a case's state, and what a case lacks before a decision.

One place owns the life of a case: opened, a step recorded, the decisions taken, the case closed
or a step reopened by a coordinator, a check-in that shows the help does not work, the
feedback of Veilig Thuis after a report. Forms validate input and call these functions;
the wizard, the coordinator's actions and the check-ins all do. Nothing else writes
``Case.status``, and :func:`cancel_followups` is the one way pending follow-ups end.

The states (``Case.status``):

- ``open``: steps 1 to 5 in progress; also after a step was reopened.
- ``help``: decided: help, no report; checks follow (``FollowUpKind.CHECK``).
- ``reported``: decided: a report to Veilig Thuis; its feedback is asked after five working
  days (``FollowUpKind.REPORT_FEEDBACK``); when that makes help possible
  (:func:`feedback_received`) the case becomes ``reported_help``.
- ``reported_help``: decided: both a report and help.
- ``closed``: decided: neither (no suspicion, or nothing to do); or closed by a coordinator.

:func:`decide` moves an open case to one of the four others, and only when
:func:`missing_items` finds nothing missing. :func:`reopen_step` and :func:`help_failed`
move a case back to open (step 5 open again). :func:`close` closes any case.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import colleague, completeness, wording
from .choices import CaseKind, CaseStatus
from .models.followup import (
    COLLEAGUE_KINDS,
    DUE_TIME_ZONE,
    FollowUp,
    FollowUpKind,
    FollowUpStatus,
    schedule_followup,
    working_days_later,
)
from .models.own_questions import unanswered
from .models.settings import MeldcodeSettings
from .workdays import add_working_days

#: The text of each missing item, by its code in :mod:`.completeness`; the kindcheck's
#: is in the sector's words (:mod:`.wording`).
MISSING_TEXTS = {
    completeness.SIGNAL: _("Record at least one signal."),
    completeness.CONSULTATION: _("Record at least one consultation."),
    completeness.EXPERT_CONSULTATION: _(
        "There are signals of female genital mutilation or honour-related violence: "
        "consult Veilig Thuis or an expert."
    ),
    completeness.CONVERSATION: _(
        "Record a conversation with the people involved, or the reason not to talk."
    ),
    completeness.CONVERSATION_WITHOUT_REPORT: _(
        "A reason not to talk counts only together with a report: to offer help without "
        "a report, talk with the people involved first."
    ),
    completeness.WEIGHING: _("Answer questions 1 and 2 of the afwegingskader."),
}


@dataclass(frozen=True)
class MissingItem:
    """One thing a step of a case lacks: its step, a stable code and the text to show."""

    step: int
    code: str
    text: Promise | str


class Incomplete(Exception):
    """The decisions cannot be taken yet: ``items`` are missing."""

    def __init__(self, items):
        super().__init__(", ".join(item.code for item in items))
        self.items = items


def recorded(case):
    """What ``case`` holds, as :class:`completeness.Recorded` (four small queries, and
    those of :func:`~.models.own_questions.unanswered`).

    The own questions count while the case is open: a question added after the decisions
    were taken does not reopen them, and a closed case is never touched.
    """
    kindcheck = case.kindcheck or {}
    weighing = getattr(case, "weighing", None)
    return completeness.Recorded(
        adult=case.is_adult,
        kindcheck_answered=all(
            kindcheck.get(name) is not None for name in ("cares_for_children", "pregnant")
        ),
        signal_forms=tuple(case.signals.values_list("form_of_violence", flat=True)),
        consultations=tuple(case.consultations.values_list("with_whom", flat=True)),
        conversations=case.conversations.count(),
        no_conversation_reason=case.no_conversation_reason,
        suspicion=weighing.suspicion if weighing else None,
        acute_unsafety=weighing.acute_unsafety if weighing else None,
        structural_unsafety=weighing.structural_unsafety if weighing else None,
        unanswered=tuple(unanswered(case)) if case.status == CaseStatus.OPEN else (),
    )


def missing_items(case, *, report=None):
    """What ``case`` lacks before its decisions, in step order (see :mod:`.completeness`).

    ``report`` is the decision about to be taken, when there is one.
    """
    return [
        MissingItem(item.step, item.code, _missing_text(item, case))
        for item in completeness.missing(recorded(case), report=report)
    ]


def _missing_text(item, case):
    if item.code == completeness.OWN_QUESTION:
        return format_lazy(_("Answer the question “{}”."), item.detail)
    if item.code == completeness.KINDCHECK:
        return _kindcheck_missing(case)
    return MISSING_TEXTS[item.code]


# Lazy: the case's meldcode (its sector) is read only when the text is shown, not when
# only the steps count (incomplete_steps).
_kindcheck_missing = lazy(lambda case: str(wording.for_case(case).kindcheck_missing), str)


def incomplete_steps(case):
    """The steps that lack something and that ``case`` went past (all of them once it is
    decided), as stored in ``Case.incomplete_steps``: "2,3"."""
    decided = case.status != CaseStatus.OPEN
    steps = sorted({
        item.step for item in missing_items(case)
        if decided or item.step < case.current_step
    })
    return ",".join(map(str, steps))


def questions_changed(meldcode):
    """The own questions of ``meldcode`` changed (a step page was published): keep
    ``Case.incomplete_steps`` of its open cases up to date. Closed and decided cases
    are left as they are."""
    for case in meldcode.cases.filter(status=CaseStatus.OPEN):
        case.meldcode = meldcode  # its questions are read once for all its cases
        refresh_missing(case)


def refresh_missing(case):
    """Keep ``Case.incomplete_steps`` up to date after something was recorded outside the
    steps (a coordinator's advice): the lists and the dashboard flag such cases."""
    value = incomplete_steps(case)
    if value != case.incomplete_steps:
        case.incomplete_steps = value
        case.save(update_fields=["incomplete_steps"])


def cancel_followups(case, *, kinds=None, status=FollowUpStatus.CANCELLED):
    """End the pending follow-ups of ``case`` (of ``kinds``, or all) as ``status``: nobody
    is asked any more. The one way pending follow-ups end."""
    pending = case.followups.filter(status=FollowUpStatus.PENDING)
    if kinds is not None:
        pending = pending.filter(kind__in=kinds)
    pending.update(status=status)


def _move_to_step(case, step):
    """Record that ``case`` is now in ``step`` (only forward moves count)."""
    if step > case.current_step:
        case.current_step = step
        case.step_entered_at = timezone.now()
        # A reminder that the case stalled has done its work.
        cancel_followups(case, kinds=[FollowUpKind.STALLED], status=FollowUpStatus.DONE)


def _set_status(case, status):
    case.status = status
    case.closed_at = timezone.now() if status == CaseStatus.CLOSED else None


@transaction.atomic(savepoint=False)
def open_case(case, coordinator):
    """A staff member opened ``case`` (unsaved): it starts in step 1, with ``coordinator``
    (by the site's rule; None: unassigned until a coordinator takes it)."""
    case.status = CaseStatus.OPEN
    case.current_step = 1
    case.coordinator = coordinator
    case.save()


@transaction.atomic(savepoint=False)
def open_colleague_case(case, route, now=None):
    """A staff member opened a worry about a colleague (``case``, unsaved): it follows
    ``route`` (see :mod:`.colleague`) and its first step is due one working day later.
    Nobody is its coordinator: the board handles it."""
    case.kind = CaseKind.COLLEAGUE
    case.status = CaseStatus.OPEN
    case.current_step = 1
    case.coordinator = None
    case.save()
    _plan_colleague_step(case, route.steps[0], now or timezone.now())


@transaction.atomic(savepoint=False)
def colleague_step_recorded(case, route, recorded, now=None):
    """A step of a worry about a colleague was saved; ``recorded`` are the slugs of the
    steps it holds now. When that changes which step waits (the first not recorded), the
    reminder of the step waited for ends and the new one is due one working day from now,
    for whoever records it; a step saved again changes no deadline. With every step
    recorded the case closes (the last step's form allows that only then)."""
    now = now or timezone.now()
    waiting = [step for step in route.steps if step.slug not in recorded]
    number = route.number(waiting[0].slug) if waiting else None
    if number == case.current_step:
        return
    cancel_followups(case, kinds=COLLEAGUE_KINDS, status=FollowUpStatus.DONE)
    if waiting:
        case.current_step = number
        _plan_colleague_step(case, waiting[0], now)
    else:
        case.current_step = len(route.steps)
        _set_status(case, CaseStatus.CLOSED)
    case.step_entered_at = now
    case.save()


def _plan_colleague_step(case, step, now):
    """Step ``step`` of a worry about a colleague is due :data:`.colleague.DUE_AFTER`
    working days after ``now``, at the same time of day."""
    due_at = working_days_later(now, colleague.DUE_AFTER)
    kind = (FollowUpKind.COLLEAGUE_BOARD if step.actor == colleague.BOARD
            else FollowUpKind.COLLEAGUE_REPORTER)
    FollowUp.objects.create(case=case, kind=kind, due_at=due_at,
                            due_on=timezone.localtime(due_at, DUE_TIME_ZONE).date())


@transaction.atomic(savepoint=False)
def step_recorded(case, number, step_count):
    """Step ``number`` of ``case`` was saved complete: the case moves on to the next."""
    _move_to_step(case, min(number + 1, step_count))
    case.incomplete_steps = incomplete_steps(case)
    case.save(update_fields=["current_step", "step_entered_at", "incomplete_steps",
                             "updated_at"])


@transaction.atomic(savepoint=False)
def decide(case, decision, *, outcome, user, close_reason=""):
    """Take the decisions of step 5: ``decision`` (unsaved) with the afwegingskader's
    ``outcome``. Raises :class:`Incomplete` while the earlier steps lack something.

    Pending follow-ups end; a report asks for Veilig Thuis's feedback after five working
    days, help plans its first check. Returns the saved decision.
    """
    items = missing_items(case, report=decision.report)
    if items:
        raise Incomplete(items)
    decision.pk = None
    decision.case = case
    decision.suggested_report = outcome.report_required
    decision.suggested_help = outcome.help_possible
    decision.decided_by = user
    decision.decided_at = timezone.now()
    decision.save()

    cancel_followups(case)
    case.reconsider_report = False
    hour = MeldcodeSettings.for_site(case.site).reminder_hour
    if decision.report:
        # Veilig Thuis triages within five working days; then ask for its feedback.
        schedule_followup(
            case, add_working_days(decision.reported_on, 5), hour, decision=decision,
            kind=FollowUpKind.REPORT_FEEDBACK,
        )
    if decision.help:
        schedule_followup(case, decision.first_check_on, hour, decision=decision)
    if decision.report and decision.help:
        _set_status(case, CaseStatus.REPORTED_AND_HELP)
    elif decision.help:
        _set_status(case, CaseStatus.HELP)
    elif decision.report:
        _set_status(case, CaseStatus.REPORTED)
    else:
        _set_status(case, CaseStatus.CLOSED)
        case.close_reason = close_reason
    _move_to_step(case, 5)
    case.incomplete_steps = ""  # nothing was missing: checked above
    case.save()
    return decision


@transaction.atomic(savepoint=False)
def close(case, reason):
    """Close ``case`` (a coordinator's action): every pending follow-up ends."""
    _set_status(case, CaseStatus.CLOSED)
    case.close_reason = reason
    case.save()
    cancel_followups(case)


@transaction.atomic(savepoint=False)
def reopen_step(case, step):
    """Send ``case`` back to ``step`` (a coordinator's action); a closed case opens again."""
    case.current_step = step
    case.step_entered_at = timezone.now()
    if case.is_closed:
        _set_status(case, CaseStatus.OPEN)
    case.incomplete_steps = incomplete_steps(case)
    case.save()


@transaction.atomic(savepoint=False)
def help_failed(case, now):
    """A check-in found that the help does not work: the case turns towards a report
    after all. The remaining checks end and step 5 opens again."""
    cancel_followups(case, kinds=[FollowUpKind.CHECK])
    case.reconsider_report = True
    _set_status(case, CaseStatus.OPEN)
    case.current_step = 5
    case.step_entered_at = now
    case.save()


@transaction.atomic(savepoint=False)
def feedback_received(case, user, now, *, answers, outcome, help=None):
    """Veilig Thuis's feedback answered questions 3 to 5 that were open after the report.

    The answers are recorded as a new decision; the report stands. When they make help
    possible, ``help`` (the plan, its provider and dates) is part of that decision, its
    first check is planned and the case follows the help as well. Returns the decision.
    """
    decision = case.latest_decision()
    decision.pk = None
    for name, value in answers.items():
        setattr(decision, name, value)
    decision.suggested_report = outcome.report_required
    decision.suggested_help = outcome.help_possible
    decision.help = bool(help)
    for name, value in (help or {}).items():
        setattr(decision, name, value)
    decision.decided_by = user
    decision.decided_at = now
    decision.save()
    if decision.help:
        hour = MeldcodeSettings.for_site(case.site).reminder_hour
        schedule_followup(case, decision.first_check_on, hour, decision=decision)
        _set_status(case, CaseStatus.REPORTED_AND_HELP)
        case.save()
    return decision


@transaction.atomic(savepoint=False)
def assign_coordinator(case, coordinator):
    case.coordinator = coordinator
    case.save(update_fields=["coordinator", "updated_at"])


@transaction.atomic(savepoint=False)
def transfer(case, owner):
    """Give the case to another staff member (the owner leaves, or changes role)."""
    case.owner = owner
    case.save(update_fields=["owner", "updated_at"])
