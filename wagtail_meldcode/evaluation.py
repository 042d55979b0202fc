"""The evaluation report: anonymised figures on how the meldcode is used.

Employers evaluate their meldcode. This module counts, per site and per period, what
became of the cases opened in that period: how far they got, what was decided, how long
it took from the first signal to the decision, and how the follow-up went; and for the
organisation's own questions marked "count in the evaluation", how often each choice was
given. Only those answers are decrypted (they are stored encrypted like every answer);
nothing about a single case is returned.

Worries about a colleague are counted apart, per period for all the chosen sites
together and never per site: how many were opened, and how many went their route to the
end. The five steps' figures leave them out.

Small numbers could point at a person, so every count from 1 to 4 is suppressed
(shown as "<5"), and so is a second count wherever a suppressed one could be worked out
by subtracting the others from a total that is shown.
"""

import dataclasses
import datetime
import statistics
from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .choices import CaseKind, CaseStatus
from .models import Case, Decision, FollowUp, MeldcodePage, OwnAnswer, OwnQuestion, Signal
from .models.followup import FollowUpKind, FollowUpOutcome
from .models.own_questions import CHOICE_TYPES, choice_list
from .models.pages import STEP_NAMES

#: Counts from 1 up to this number are suppressed.
SMALL = 4
SUPPRESSED = "<5"


class Interval:
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"

    choices = [
        (MONTH, _("Month")),
        (QUARTER, _("Quarter")),
        (YEAR, _("Year")),
    ]


@dataclasses.dataclass(frozen=True, order=True)
class Period:
    """A month, quarter or year, by its first and last day."""

    first: datetime.date
    last: datetime.date
    interval: str

    @property
    def label(self):
        if self.interval == Interval.YEAR:
            return str(self.first.year)
        if self.interval == Interval.QUARTER:
            return f"{self.first.year} Q{(self.first.month - 1) // 3 + 1}"
        return f"{self.first.year}-{self.first.month:02d}"

    def __str__(self):
        return self.label


def period_of(day, interval):
    """The period of ``interval`` that holds ``day``."""
    if interval == Interval.YEAR:
        first, months = day.replace(month=1, day=1), 12
    elif interval == Interval.QUARTER:
        first, months = day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1), 3
    else:
        first, months = day.replace(day=1), 1
    year, month = divmod(first.month - 1 + months, 12)
    last = datetime.date(first.year + year, month + 1, 1) - datetime.timedelta(days=1)
    return Period(first, last, interval)


def periods_between(start, end, interval):
    """Every period of ``interval`` from the one holding ``start`` to the one holding ``end``."""
    periods = []
    day = start
    while day <= end:
        period = period_of(day, interval)
        periods.append(period)
        day = period.last + datetime.timedelta(days=1)
    return periods


#: The stages a case reached, in order: the steps, then decided.
STAGES = [
    *((f"step_{number}", name) for number, name in enumerate(STEP_NAMES[:4], start=1)),
    ("step_5", _("Step 5: not decided yet")),
    ("decided", _("Decided")),
]

#: What became of a case; the latest decision counts.
OUTCOMES = [
    ("open", _("No decision yet")),
    ("closed_early", _("Closed before a decision")),
    ("no_action", _("Closed without report or help")),
    ("report", _("Report to Veilig Thuis")),
    ("help", _("Help")),
    ("both", _("Report and help")),
]

FOLLOW_UP = [
    ("working", FollowUpOutcome.WORKING.label),
    ("partly", FollowUpOutcome.PARTLY.label),
    ("not_working", FollowUpOutcome.NOT_WORKING.label),
    ("report_after_failed_help", _("Reported after help failed (cases)")),
    ("escalated", _("Reminders escalated")),
]

#: The parts of the report page: (id, heading, counts).
SECTIONS = [
    ("stages", _("How far cases got"), STAGES),
    ("outcomes", _("Outcomes"), OUTCOMES),
    ("follow_up", _("Follow-up of help"), FOLLOW_UP),
]

#: The counts of the worries about a colleague (for all sites together).
COLLEAGUE = [
    ("colleague_opened", _("Worries about a colleague opened")),
    ("colleague_complete", _("Route completed")),
    ("colleague_open", _("Route still in progress")),
]

#: Every count of a row, in the order of the tables and the download.
COUNTS = [("opened", _("Cases opened")), *STAGES, *OUTCOMES, *FOLLOW_UP]
MEDIAN = ("median_days", _("Median days from first signal to decision"))
COLUMNS = [*COUNTS, MEDIAN]


@dataclasses.dataclass
class Row:
    """The figures of one site (None: all sites) in one period (None: the whole range)."""

    site: object
    period: Period | None
    counts: dict = dataclasses.field(default_factory=lambda: defaultdict(int))
    days: list = dataclasses.field(default_factory=list)
    suppressed: set = dataclasses.field(default_factory=set)

    @property
    def key(self):
        return (self.site.pk if self.site else None, self.period)

    def shown(self, name):
        """The count as it may be shown: a number, or "<5"."""
        return SUPPRESSED if name in self.suppressed else self.counts[name]

    @property
    def median_days(self):
        """The median in whole days, or "<5" when fewer than five cases were decided."""
        if len(self.days) <= SMALL:
            return SUPPRESSED
        return round(statistics.median(self.days))

    def value(self, name):
        """What column ``name`` shows: a count or the median, or "<5"."""
        return self.median_days if name == MEDIAN[0] else self.shown(name)


@dataclasses.dataclass
class Report:
    """The figures of a range, per site and per period, with every total."""

    start: datetime.date
    end: datetime.date
    interval: str
    sites: list
    periods: list
    rows: dict
    #: The own questions that count (:class:`CountedQuestion`).
    questions: list = dataclasses.field(default_factory=list)
    #: The worries about a colleague of all sites together, per period (None: the range).
    colleague: dict = dataclasses.field(default_factory=dict)

    @property
    def columns(self):
        """Every column of a download: the fixed ones, the own questions', then the
        worries about a colleague."""
        return [*COLUMNS, *(column for question in self.questions
                            for column in question.columns), *COLLEAGUE]

    def colleague_rows(self):
        """The worries about a colleague per period, then for the whole range."""
        return [self.colleague[period] for period in [*self.periods, None]]

    def _value(self, row, name):
        """What the download shows of ``name`` in ``row``: the worries about a colleague
        only in the rows of all sites (with one site, its own rows), never per site."""
        if name not in dict(COLLEAGUE):
            return row.value(name)
        if row.site is None or len(self.sites) == 1:
            return self.colleague[row.period].value(name)
        return ""

    def row(self, site=None, period=None):
        return self.rows[(site.pk if site else None, period)]

    @property
    def total(self):
        return self.row()

    def by_period(self, site=None):
        return [self.row(site, period) for period in self.periods]

    def by_site(self):
        return [self.row(site) for site in self.sites]

    def all_rows(self):
        """Every row for a download: per site and period, then totals."""
        for site in [*self.sites, None] if len(self.sites) > 1 else self.sites:
            yield from self.by_period(site)
            yield self.row(site)

    def table(self):
        """The header and the rows of a download, as plain values."""
        columns = self.columns
        header = [_("Site"), _("Period"), _("From"), _("To"), *(label for _n, label in columns)]
        rows = []
        for row in self.all_rows():
            period = row.period
            rows.append([
                site_label(row.site) if row.site else str(_("All sites")),
                period.label if period else str(_("Whole range")),
                max(period.first, self.start) if period else self.start,
                min(period.last, self.end) if period else self.end,
                *(self._value(row, name) for name, _label in columns),
            ])
        return [str(label) for label in header], rows


@dataclasses.dataclass
class CountedQuestion:
    """An own question that counts in the evaluation, as the sites' live pages ask it.

    A single-choice question adds up to the cases opened: every case counts once, under
    its choice, "no answer" or "another choice" (one the question no longer offers).
    """

    step: int
    name: str
    label: str
    choices: list
    multiple: bool

    @property
    def key(self):
        return f"own:{self.step}:{self.name}"

    @property
    def heading(self):
        return format_lazy(_("{label} (step {step})"), label=self.label, step=self.step)

    @property
    def parts(self):
        """``(count name, label)`` of each choice, then another choice and no answer."""
        parts = [(f"{self.key}:{index}", choice) for index, choice in enumerate(self.choices)]
        parts.append((f"{self.key}:other", _("Another choice (no longer offered)")))
        if not self.multiple:
            parts.append((f"{self.key}:none", _("No answer")))
        return parts

    @property
    def columns(self):
        """The parts with the question in their labels, for a download."""
        return [(name, f"{self.label}: {label}") for name, label in self.parts]

    def counts(self, value):
        """The counts of one case's answer (None: not answered)."""
        if value is None:
            return {} if self.multiple else {f"{self.key}:none": 1}
        given = value if isinstance(value, list) else [value]
        names = {f"{self.key}:{self.choices.index(choice)}" if choice in self.choices
                 else f"{self.key}:other" for choice in given}
        return dict.fromkeys(names, 1)


def counted_questions(cases):
    """The own questions of the meldcodes of ``cases`` that count in the evaluation, one
    per step and name (the first label wins; choices of several sites joined)."""
    paths = MeldcodePage.objects.filter(
        pk__in=cases.values("meldcode_id")).values_list("path", flat=True)
    found = {}
    for path in paths:
        rows = (
            OwnQuestion.objects.of_meldcode(path)
            .filter(counts_in_evaluation=True, field_type__in=CHOICE_TYPES)
            .order_by("page__step_number", "sort_order", "pk")
            .values_list("page__step_number", "clean_name", "label", "field_type", "choices")
        )
        for step, name, label, field_type, choices in rows:
            question = found.setdefault((step, name), CountedQuestion(
                step, name, label, [], field_type == "checkboxes"))
            question.choices += [c for c in choice_list(choices) if c not in question.choices]
    return sorted(found.values(), key=lambda question: question.step)  # stable: page order


def _own_answers(cases, questions):
    """The answers of ``cases`` to the counted ``questions``: ``{(case pk, step, name):
    value}`` (decrypted; only these answers are read)."""
    if not questions:
        return {}
    asked = {(q.step, q.name) for q in questions}
    rows = OwnAnswer.objects.filter(
        case__in=cases, step__in={step for step, _name in asked},
        clean_name__in={name for _step, name in asked},
    ).values_list("case_id", "step", "clean_name", "answer")
    return {(case_id, step, name): answer["value"] for case_id, step, name, answer in rows
            if (step, name) in asked}


def site_label(site):
    return site.site_name or site.hostname


def _stage(case):
    if case["decided_at"] is not None:
        return "decided"
    return f"step_{min(max(case['current_step'], 1), 5)}"


def _outcome(case):
    if case["decided_at"] is None:
        return "closed_early" if case["status"] == CaseStatus.CLOSED else "open"
    report, help_ = case["report"], case["help"]
    if report and help_:
        return "both"
    return "report" if report else "help" if help_ else "no_action"


def opened_between(sites, start, end):
    """The cases of ``sites`` opened from ``start`` to ``end`` (dates, Dutch time)."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time(), tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time(), tzinfo=tz)
    return Case.objects.filter(site__in=sites, created_at__gte=since, created_at__lt=until)


def _cases(cases):
    """One row of plain values per case."""
    decisions = Decision.objects.filter(case=OuterRef("pk"))
    latest = decisions.order_by("-decided_at", "-pk")
    failed_help = FollowUp.objects.filter(
        case=OuterRef("case"), outcome=FollowUpOutcome.NOT_WORKING,
        answered_at__lt=OuterRef("decided_at"),
    )
    return (
        cases.annotate(
            first_signal=Subquery(
                Signal.objects.filter(case=OuterRef("pk"))
                .order_by("observed_on").values("observed_on")[:1]
            ),
            decided_at=Subquery(decisions.order_by("decided_at").values("decided_at")[:1]),
            report=Subquery(latest.values("report")[:1]),
            help=Subquery(latest.values("help")[:1]),
            report_after_failed_help=Exists(
                Decision.objects.filter(case=OuterRef("pk"), report=True)
                .filter(Exists(failed_help))
            ),
        )
        .values(
            "pk", "site_id", "created_at", "current_step", "status", "first_signal",
            "decided_at", "report", "help", "report_after_failed_help",
        )
        .order_by()
    )


def _follow_ups(cases):
    """Answered checks and escalations per case: ``{case pk: {name: count}}``."""
    checks = Q(kind=FollowUpKind.CHECK)
    rows = (
        FollowUp.objects.filter(case__in=cases)
        .values("case_id")
        .annotate(
            working=Count("pk", filter=checks & Q(outcome=FollowUpOutcome.WORKING)),
            partly=Count("pk", filter=checks & Q(outcome=FollowUpOutcome.PARTLY)),
            not_working=Count("pk", filter=checks & Q(outcome=FollowUpOutcome.NOT_WORKING)),
            escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
        )
        .order_by()
    )
    return {row.pop("case_id"): row for row in rows}


def evaluate(sites, start, end, interval=Interval.QUARTER):
    """The report for the cases of ``sites`` opened from ``start`` to ``end`` (dates)."""
    sites = sorted(sites, key=lambda site: (site_label(site), site.pk))
    periods = periods_between(start, end, interval)
    rows = {}
    for site in [*sites, None]:
        for period in [*periods, None]:
            row = Row(site, period)
            rows[row.key] = row

    colleague = _colleague_rows(opened_between(sites, start, end)
                                .filter(kind=CaseKind.COLLEAGUE), periods, interval)
    opened = opened_between(sites, start, end).filter(kind=CaseKind.MELDCODE)
    follow_ups = _follow_ups(opened)
    questions = counted_questions(opened)
    own_answers = _own_answers(opened, questions)
    for case in _cases(opened):
        period = period_of(timezone.localdate(case["created_at"]), interval)
        counts = {"opened": 1, _stage(case): 1, _outcome(case): 1,
                  "report_after_failed_help": int(case["report_after_failed_help"]),
                  **follow_ups.get(case["pk"], {})}
        for question in questions:
            counts.update(question.counts(
                own_answers.get((case["pk"], question.step, question.name))))
        days = None
        if case["decided_at"] is not None and case["first_signal"] is not None:
            days = max((timezone.localdate(case["decided_at"]) - case["first_signal"]).days, 0)
        for key in [(site, p) for site in (case["site_id"], None) for p in (period, None)]:
            row = rows[key]
            for name, count in counts.items():
                row.counts[name] += count
            if days is not None:
                row.days.append(days)

    report = Report(start, end, interval, sites, periods, rows, questions, colleague)
    suppress(report)
    return report


def _colleague_rows(cases, periods, interval):
    """The counts of the worries about a colleague ``cases``: a :class:`Row` of all sites
    per period, and one for the whole range (key None)."""
    rows = {period: Row(None, period) for period in [*periods, None]}
    for created_at, status in cases.values_list("created_at", "status").order_by():
        period = period_of(timezone.localdate(created_at), interval)
        state = "colleague_complete" if status == CaseStatus.CLOSED else "colleague_open"
        for row in (rows[period], rows[None]):
            row.counts["colleague_opened"] += 1
            row.counts[state] += 1
    return rows


def _groups(report):
    """Sets of cells with a shown total: ``(total cell, [part cells])``.

    A cell is ``(row, count name)``. Within a row the stages and the outcomes add up to
    the cases opened; across rows, the periods add up to the range and the sites to all
    sites.
    """
    single = [question.parts for question in report.questions if not question.multiple]
    for row in report.rows.values():
        for parts in (STAGES, OUTCOMES, *single):
            yield (row, "opened"), [(row, name) for name, _label in parts]
    colleague = report.colleague_rows()
    for row in colleague:
        yield (row, "colleague_opened"), [(row, name) for name, _label in COLLEAGUE[1:]]
    for name, _label in COLLEAGUE:
        yield (colleague[-1], name), [(row, name) for row in colleague[:-1]]
    own = [part for question in report.questions for part in question.parts]
    for name, _label in [*COUNTS, *own]:
        for site in [*report.sites, None]:
            yield (report.row(site), name), [(row, name) for row in report.by_period(site)]
        for period in [*report.periods, None]:
            yield (report.row(None, period), name), [
                (report.row(site, period), name) for site in report.sites
            ]


def suppress(report):
    """Mark the counts that must not be shown, in ``Row.suppressed``."""

    def hidden(cell):
        return cell[1] in cell[0].suppressed

    for row in [*report.rows.values(), *report.colleague_rows()]:
        row.suppressed.update(name for name, count in row.counts.items() if 0 < count <= SMALL)
    groups = list(_groups(report))
    changed = True
    while changed:
        changed = False
        for total, parts in groups:
            if hidden(total) or sum(map(hidden, parts)) != 1:
                continue
            # One hidden part would be the total minus the others: hide the smallest other.
            others = [cell for cell in parts if not hidden(cell) and cell[0].counts[cell[1]]]
            row, name = min(others, key=lambda cell: cell[0].counts[cell[1]], default=total)
            row.suppressed.add(name)
            changed = True
