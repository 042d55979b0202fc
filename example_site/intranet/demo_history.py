"""A year of closed demo cases, so the evaluation report has figures to show.

The cases are made up and drawn from a fixed seed: every demo shows the same history.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail_meldcode.choices import AgeGroup, CaseStatus, FormOfViolence
from wagtail_meldcode.models import Case, Decision, FollowUp, Signal, Weighing
from wagtail_meldcode.models.followup import (
    FollowUpKind,
    FollowUpOutcome,
    FollowUpStatus,
    due_moment,
)

#: Outcomes and how often they occur in the made-up history.
OUTCOMES = {"no_action": 12, "report": 9, "help": 18, "both": 4, "closed_early": 3}
CHECK_OUTCOMES = {
    FollowUpOutcome.WORKING: 6, FollowUpOutcome.PARTLY: 3, FollowUpOutcome.NOT_WORKING: 2,
}
FORMS = [FormOfViolence.PHYSICAL_NEGLECT, FormOfViolence.PSYCHOLOGICAL_ABUSE,
         FormOfViolence.WITNESS_DOMESTIC_VIOLENCE, FormOfViolence.PHYSICAL_ABUSE]


def create_history(meldcode, site, coordinator, count=48, seed=2026):
    """Create ``count`` closed cases opened over the past year by a former colleague."""
    owner, _created = get_user_model().objects.get_or_create(
        username="oud-medewerker",
        defaults={"first_name": "Kees", "last_name": "Jansen", "is_active": False},
    )
    rng = random.Random(seed)
    now = timezone.now()
    for number in range(1, count + 1):
        opened = now - datetime.timedelta(days=rng.randint(20, 380), hours=rng.randint(0, 8))
        outcome = rng.choices(list(OUTCOMES), weights=OUTCOMES.values())[0]
        case = Case.objects.create(
            meldcode=meldcode, meldcode_revision=meldcode.live_revision, site=site,
            owner=owner, coordinator=coordinator if rng.random() < 0.7 else None,
            person_reference=f"Archief {number}", age_group=rng.choice(AgeGroup.values[:3]),
            created_at=opened, step_entered_at=opened, status=CaseStatus.CLOSED,
            current_step=rng.randint(2, 3) if outcome == "closed_early" else 5,
        )
        Signal.objects.create(
            case=case, description="Signaal uit het demo-archief.",
            observed_on=timezone.localdate(opened) - datetime.timedelta(days=rng.randint(0, 5)),
            form_of_violence=rng.choice(FORMS),
        )
        decided_at = opened + datetime.timedelta(days=rng.randint(5, 45))
        if outcome == "closed_early":
            close(case, decided_at, "Gesloten na overleg: de zorg bleek ongegrond.")
            continue
        decide(case, outcome, decided_at, owner, rng)


def decide(case, outcome, decided_at, owner, rng):
    report, help_ = outcome in ("report", "both"), outcome in ("help", "both")
    Weighing.objects.create(
        case=case, suspicion=outcome != "no_action",
        acute_unsafety=report and rng.random() < 0.5 if outcome != "no_action" else None,
        structural_unsafety=report if outcome != "no_action" else None,
        reasoning="Afweging uit het demo-archief.", weighed_by=owner, weighed_at=decided_at,
    )
    day = timezone.localdate(decided_at)
    decision = Decision.objects.create(
        case=case, suggested_report=report, suggested_help=help_, report=report, help=help_,
        can_help=help_ or None, help_accepted=help_ or None, help_effective=help_ or None,
        reported_on=day if report else None,
        help_plan="Hulpplan uit het demo-archief." if help_ else "",
        first_check_on=day + datetime.timedelta(days=28) if help_ else None,
        check_interval_days=28 if help_ else None,
        decided_by=owner, decided_at=decided_at,
    )
    end = decided_at
    if help_:
        end = follow_up(case, decision, day, owner, rng)
    close(case, end + datetime.timedelta(days=2), "")


def follow_up(case, decision, day, owner, rng):
    """One to three answered checks; help that fails leads to a report after all."""
    answered_at = None
    for _check in range(rng.randint(1, 3)):
        day += datetime.timedelta(days=28)
        outcome = rng.choices(list(CHECK_OUTCOMES), weights=CHECK_OUTCOMES.values())[0]
        due_at = due_moment(day, 9)
        answered_at = due_at + datetime.timedelta(days=rng.randint(0, 6))
        FollowUp.objects.create(
            case=case, decision=decision, kind=FollowUpKind.CHECK, due_on=day, due_at=due_at,
            status=FollowUpStatus.DONE, reminded_at=due_at, outcome=outcome,
            escalated_at=due_at + datetime.timedelta(days=3) if rng.random() < 0.2 else None,
            answered_at=answered_at, answered_by=owner,
        )
        if outcome == FollowUpOutcome.NOT_WORKING:
            reported_at = answered_at + datetime.timedelta(days=2)
            Decision.objects.create(
                case=case, suggested_report=True, suggested_help=False, report=True,
                help=False, help_effective=False, reported_on=timezone.localdate(reported_at),
                decided_by=owner, decided_at=reported_at,
            )
            return reported_at
    return answered_at


def close(case, at, reason):
    case.closed_at = at
    case.close_reason = reason
    case.save(update_fields=["closed_at", "close_reason"])
