"""What people do to a case outside its steps: a staff member opens it, a coordinator
acts on it from the admin workspace. Every action is logged and told to whom it concerns;
a coordinator's action returns the notices it sent.

What an action changes in the case's state is done by :mod:`.lifecycle`; who is told, by
:mod:`.notices`.
"""

from django.db import transaction
from django.utils import timezone

from . import lifecycle, notices
from .choices import ConsultationWith
from .models import Case, Consultation, LegalHold, MeldcodeSettings
from .models.audit import Action, Role, record_event
from .models.notices import NoticeKind
from .people import person
from .permissions import new_case_coordinator


@transaction.atomic
def open_case(request, case):
    """``request.user`` opens ``case`` (unsaved, with its meldcode and site): the site's
    rule gives it a coordinator, who is told at once (all coordinators while unassigned)."""
    case.owner = request.user
    lifecycle.open_case(
        case, new_case_coordinator(MeldcodeSettings.for_site(case.site), request.user))
    record_event(request, Action.CREATE, case=case, role=Role.OWNER, step=1)
    notices.case_opened(case, request.user)


@transaction.atomic
def open_colleague_case(request, case, route):
    """``request.user`` opens the worry about a colleague ``case`` (unsaved, with its
    meldcode and site) along ``route``: its board is told at once."""
    case.owner = request.user
    lifecycle.open_colleague_case(case, route)
    record_event(request, Action.CREATE, case=case, role=Role.OWNER, step=1)
    notices.colleague_case_opened(case, request.user)


@transaction.atomic
def assign_coordinator(request, case, role, coordinator):
    lifecycle.assign_coordinator(case, coordinator)
    record_event(request, Action.ASSIGN, case=case, role=role)
    return notices.tell(case, NoticeKind.ASSIGNED, [coordinator], actor=request.user)


@transaction.atomic
def transfer(request, case, role, owner):
    """Give the case to another staff member (the owner leaves, or changes role)."""
    former = case.owner
    lifecycle.transfer(case, owner)
    record_event(request, Action.TRANSFER, case=case, role=role)
    if former == owner:
        return []
    return [
        *notices.tell(case, NoticeKind.TRANSFERRED_AWAY, [former], actor=request.user,
                      new_owner=owner),
        *notices.tell(case, NoticeKind.TRANSFERRED_TO_YOU, [owner], actor=request.user),
    ]


@transaction.atomic
def add_advice(request, case, role, advice):
    """The coordinator's note or advice becomes a consultation of step 2."""
    Consultation.objects.create(
        case=case, with_whom=ConsultationWith.COORDINATOR, consulted_on=timezone.localdate(),
        consulted_name=person(request.user),
        advice=advice,
    )
    lifecycle.refresh_missing(case)
    record_event(request, Action.ADVICE, case=case, role=role, step=2)
    return notices.tell(case, NoticeKind.ADVICE, [case.owner], actor=request.user)


@transaction.atomic
def reopen_step(request, case, role, step):
    """Send the case back to ``step``; a closed case opens again."""
    lifecycle.reopen_step(case, step)
    record_event(request, Action.REOPEN, case=case, role=role, step=step)
    return notices.tell(case, NoticeKind.STEP_REOPENED, [case.owner], actor=request.user, step=step)


@transaction.atomic
def close(request, case, role, reason):
    lifecycle.close(case, reason)
    record_event(request, Action.CLOSE, case=case, role=role)
    return notices.tell(case, NoticeKind.CLOSED, [case.owner], actor=request.user)


def _lock(case):
    """Lock the case row: a retention pass running now waits, or skips the case."""
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()


@transaction.atomic
def place_legal_hold(request, case, role, reason):
    """Place a legal hold (vernietigingsstop): the case is not purged while it is in force."""
    _lock(case)
    if case.active_legal_hold() is not None:
        return []  # placed by someone else meanwhile
    LegalHold.objects.create(case=case, reason=reason, placed_by=request.user)
    record_event(request, Action.LEGAL_HOLD, case=case, role=role)
    return []


@transaction.atomic
def lift_legal_hold(request, case, role, reason):
    """Lift the legal hold in force.

    The purge then waits for a new warning to the coordinators, so a case whose retention
    period ended while it was held is not removed without notice.
    """
    _lock(case)
    hold = case.active_legal_hold()
    if hold is None:
        return []  # lifted by someone else meanwhile
    hold.lifted_at = timezone.now()
    hold.lifted_by = request.user
    hold.lift_reason = reason
    hold.save()
    case.purge_warned_on = None
    case.purge_warned_at = None
    case.save(update_fields=["purge_warned_on", "purge_warned_at"])
    record_event(request, Action.LEGAL_HOLD, case=case, role=role)
    return []
