"""The demo staff member's current cases, one per stage of the meldcode.

Each is made up; ``load_demo`` makes all three, the tests the ones they need.
"""

import datetime

from django.utils import timezone

from wagtail_meldcode import bodymap
from wagtail_meldcode.choices import (
    AgeGroup,
    CaseStatus,
    ConsultationWith,
    FormOfViolence,
    SignalKind,
)
from wagtail_meldcode.models import (
    Case,
    Consultation,
    Conversation,
    Decision,
    InjuryMark,
    MeldcodeSettings,
    Signal,
    Weighing,
)
from wagtail_meldcode.models.followup import schedule_followup


def _ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def new_case(meldcode, owner, **fields):
    """A case of ``owner`` on ``meldcode``'s site, under the revision in force."""
    fields = {"meldcode_revision": meldcode.live_revision, "age_group": AgeGroup.AGE_4_12,
              **fields}
    return Case.objects.create(meldcode=meldcode, site=meldcode.get_site(), owner=owner,
                               **fields)


def started_case(meldcode, owner):
    """A case in step 2: a signal and a hypothesis recorded in step 1, and an injury on
    the body map."""
    case = new_case(meldcode, owner, person_reference="Leerling groep 5, R.", current_step=2)
    Signal.objects.create(
        case=case, description="Komt sinds twee weken zonder lunch naar school.",
        observed_on=_ago(3), form_of_violence=FormOfViolence.PHYSICAL_NEGLECT,
    )
    Signal.objects.create(
        case=case, kind=SignalKind.HYPOTHESIS, observed_on=_ago(2),
        description="Mogelijk is er thuis te weinig geld voor eten.",
    )
    # One injury on the body map, chosen from the list (the shin, at its anchor).
    figure = bodymap.figure_for(case)
    shin = figure.region("front-left-lower-leg")
    InjuryMark.objects.create(case=case, created_by=owner, content=bodymap.content(
        figure, shin, shin.anchor, kind="bruise", size="ongeveer 4 cm", colour="geelgroen",
        seen_on=_ago(3), note="Zegt gevallen te zijn bij het voetballen.",
    ))
    return case


def helped_case(meldcode, owner, coordinator):
    """A case with every step recorded, decided as help, its first check due in a week."""
    today = timezone.localdate()
    case = new_case(meldcode, owner, coordinator=coordinator, current_step=5,
                    person_reference="Leerling groep 7, S.", status=CaseStatus.HELP)
    Signal.objects.create(
        case=case, description="Vertelt dat ouders elke avond hard ruziemaken.",
        observed_on=_ago(30), form_of_violence=FormOfViolence.WITNESS_DOMESTIC_VIOLENCE,
    )
    Consultation.objects.create(
        case=case, with_whom=ConsultationWith.COORDINATOR, consulted_on=_ago(28),
        consulted_name=coordinator.get_full_name(),
        advice="Eerst een gesprek met beide ouders.",
    )
    Conversation.objects.create(
        case=case, with_whom="Beide ouders", held_on=_ago(21), purpose_explained=True,
        facts_presented=True, reaction="Ouders herkennen de spanningen en willen hulp.",
    )
    Weighing.objects.create(
        case=case, suspicion=True, acute_unsafety=False, structural_unsafety=False,
        reasoning="Zorgen over de thuissituatie, geen acuut gevaar; ouders werken mee.",
        weighed_by=owner,
    )
    decision = Decision.objects.create(
        case=case, can_help=True, help_accepted=True, help_effective=True,
        suggested_report=False, suggested_help=True, report=False, help=True,
        help_plan="Ouders gaan naar opvoedondersteuning bij het wijkteam.",
        help_provider="Wijkteam", first_check_on=today + datetime.timedelta(days=7),
        check_interval_days=28, help_ends_on=today + datetime.timedelta(days=91),
        decided_by=owner,
    )
    schedule_followup(case, decision.first_check_on,
                      MeldcodeSettings.for_site(case.site).reminder_hour, decision=decision)
    return case


def closed_case(meldcode, owner):
    """A case closed in step 5: the signs had an innocent cause after all."""
    return new_case(
        meldcode, owner, person_reference="Leerling groep 3, M.", current_step=5,
        status=CaseStatus.CLOSED, closed_at=timezone.now(),
        close_reason="De blauwe plekken kwamen van een val bij het turnen; "
                     "ouders en trainer bevestigen dat.",
    )
