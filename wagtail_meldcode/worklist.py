""""Mijn taken": what a staff member has to do for their cases, and how many things wait
for a coordinator.

Computed from the database on every request and never stored, in a fixed number of
queries however many cases there are: each kind of task reads at most :data:`LIMIT` rows,
and is counted only when there are more.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import CaseStatus
from .models import CaseDraft, FollowUp
from .models.followup import FollowUpKind, FollowUpStatus
from .models.pages import STEP_SLUGS
from .permissions import coordinated_cases, my_cases

#: Tasks of one kind that are listed; the count tells how many there are in all.
LIMIT = 10


@dataclass(frozen=True)
class Task:
    """One thing to do: on case ``reference``, at the meldcode page's ``route``."""

    reference: str
    route: str
    kwargs: dict
    detail: str = ""
    date: object = None


@dataclass
class TaskGroup:
    """Tasks of one kind: what to do, the first :data:`LIMIT` of them, and how many."""

    title: str
    tasks: list = field(default_factory=list)
    count: int = 0


def _group(title, queryset, task):
    rows = list(queryset[:LIMIT])
    count = len(rows) if len(rows) < LIMIT else queryset.count()
    return TaskGroup(title, [task(row) for row in rows], count)


def staff_tasks(user, meldcode, now=None):
    """The non-empty :class:`TaskGroup` of ``user``'s cases under ``meldcode``, in the
    order they are best done: what was typed and not saved, what a decision lacks, the
    checks that are due, the feedback of Veilig Thuis to record."""
    now = now or timezone.now()
    cases = my_cases(user).filter(meldcode=meldcode).exclude(status=CaseStatus.CLOSED)
    due = (FollowUp.objects.filter(case__in=cases, status=FollowUpStatus.PENDING,
                                   due_at__lte=now)
           .select_related("case").only("due_on", "case__reference").order_by("due_at"))

    def followup(row):
        return Task(row.case.reference, "followup",
                    {"reference": row.case.reference, "pk": row.pk}, date=row.due_on)

    def draft(row):
        return Task(row.case.reference, "case_step",
                    {"reference": row.case.reference, "step": row.step},
                    detail=_("step %(number)s") % {
                        "number": STEP_SLUGS.index(row.step) + 1},
                    date=timezone.localtime(row.updated_at).date())

    def incomplete(case):
        steps = case.incomplete_step_numbers
        return Task(case.reference, "case_step",
                    {"reference": case.reference, "step": STEP_SLUGS[steps[0] - 1]},
                    detail=", ".join(_("step %(number)s") % {"number": n} for n in steps))

    groups = [
        _group(_("Finish what you typed and did not save"),
               CaseDraft.objects.filter(case__in=cases, data__isnull=False,
                                        step__in=STEP_SLUGS)
               .select_related("case").only("step", "updated_at", "case__reference")
               .order_by("-updated_at"), draft),
        _group(_("Complete the steps a decision still needs"),
               cases.filter(MISSING_ITEMS)
               .only("reference", "incomplete_steps").order_by("step_entered_at"),
               incomplete),
        _group(_("Check whether the help works"),
               due.filter(kind=FollowUpKind.CHECK), followup),
        _group(_("Record the feedback of Veilig Thuis"),
               due.filter(kind=FollowUpKind.REPORT_FEEDBACK), followup),
    ]
    return [group for group in groups if group.count]


#: Open cases whose steps lack something their decision needs (missing items).
MISSING_ITEMS = Q(status=CaseStatus.OPEN) & ~Q(incomplete_steps="")

#: What waits for a coordinator, as conditions on a site's cases and on their follow-ups
#: (the groups of the dashboard's panels).
COORDINATOR_CASES = {
    "unassigned": Q(status=CaseStatus.OPEN, coordinator__isnull=True),
    "waiting": Q(status=CaseStatus.OPEN, current_step=5),
    "purge_warned": Q(purge_warned_on__isnull=False, purged_at__isnull=True),
}
COORDINATOR_FOLLOWUPS = {
    "overdue": Q(escalated_at__isnull=False) & ~Q(kind=FollowUpKind.STALLED),
    "stalled": Q(kind=FollowUpKind.STALLED),
}


def coordinator_task_count(user):
    """How many things wait for ``user`` as a coordinator of their sites: new cases
    without a coordinator, cases waiting for a decision, overdue checks, stalled cases and
    cases whose content is removed soon. Two queries beside the permission module's reads
    of the user's groups and sites, once per user object (request)."""
    if not hasattr(user, "_meldcode_task_count"):
        cases = coordinated_cases(user)
        # A count per condition, as a union: each count reads only its own partial index.
        parts = [
            cases.filter(condition).order_by().annotate(name=Value(name)).values("name")
            .annotate(count=Count("pk")).values_list("name", "count")
            for name, condition in COORDINATOR_CASES.items()
        ]
        counts = dict(parts[0].union(*parts[1:], all=True))
        counts.update(FollowUp.objects.filter(
            case__in=cases, status=FollowUpStatus.PENDING).aggregate(**{
                name: Count("pk", filter=condition)
                for name, condition in COORDINATOR_FOLLOWUPS.items()
            }))
        user._meldcode_task_count = sum(counts.values())
    return user._meldcode_task_count


def overdue_followups():
    """The overdue checks of a case (``OuterRef("pk")``): pending, and escalated to the
    coordinators because nobody answered the reminder."""
    return FollowUp.objects.filter(COORDINATOR_FOLLOWUPS["overdue"], case=OuterRef("pk"),
                                   status=FollowUpStatus.PENDING)


def action_first():
    """The conditions on a case that put it at the top of the coordinators' case listing,
    the most pressing first: no coordinator yet, an overdue check, missing items, waiting
    for a decision. A case counts under the first condition it meets."""
    return [COORDINATOR_CASES["unassigned"], Q(Exists(overdue_followups())), MISSING_ITEMS,
            COORDINATOR_CASES["waiting"]]
