"""The decision logic of the afwegingskader: five questions, weighed in a fixed order.

Pure Python without Django, so that forms, pages, tasks and tests share one implementation.
The texts of the questions live in :mod:`wagtail_meldcode.questions`.

The path through the questions:

1. No suspicion closes the case.
2. Acute and/or structural unsafety (a suspicion of it is enough) means a report to
   Veilig Thuis, whatever questions 3 to 5 say. They are worked out together with Veilig
   Thuis, often after the report, so any of them may still be open: walking 3, 4, 5 in
   order, the first open one leaves whether help is possible open (None), the first "no"
   makes it False, three times "yes" True. Never an error.
3. to 5. Without unsafety, asked in order; the first "no" ends the path with a report,
   and an open question before it is an error. Three times "yes" means help is possible
   and no report is needed.

Answers after the point where the path ends are ignored, whatever they are.
"""

from dataclasses import dataclass, fields
from typing import Final

NO_SUSPICION: Final = "no_suspicion"
ACUTE_UNSAFETY: Final = "acute_unsafety"
STRUCTURAL_UNSAFETY: Final = "structural_unsafety"
NO_EFFECTIVE_HELP: Final = "no_effective_help"
HELP_NOT_ACCEPTED: Final = "help_not_accepted"
HELP_NOT_EFFECTIVE: Final = "help_not_effective"
HELP_POSSIBLE: Final = "help_possible"
HELP_OPEN_WITH_VEILIG_THUIS: Final = "help_open_with_veilig_thuis"

#: Every reason code, in question order.
REASONS: Final = (
    NO_SUSPICION,
    ACUTE_UNSAFETY,
    STRUCTURAL_UNSAFETY,
    NO_EFFECTIVE_HELP,
    HELP_NOT_ACCEPTED,
    HELP_NOT_EFFECTIVE,
    HELP_POSSIBLE,
    HELP_OPEN_WITH_VEILIG_THUIS,
)

CLOSE: Final = "close"
REPORT: Final = "report"
HELP: Final = "help"
REPORT_AND_HELP: Final = "report_and_help"

#: Every value of :attr:`Outcome.suggestion`.
SUGGESTIONS: Final = (CLOSE, REPORT, HELP, REPORT_AND_HELP)

# The number of the question each field of Answers answers, for messages.
_QUESTION_NUMBERS: Final = {
    "suspicion": 1,
    "acute_unsafety": 2,
    "structural_unsafety": 2,
    "can_help": 3,
    "help_accepted": 4,
    "help_effective": 5,
}


@dataclass(frozen=True)
class Answers:
    """The answers given so far; None means not answered (yet)."""

    suspicion: bool | None = None
    acute_unsafety: bool | None = None
    structural_unsafety: bool | None = None
    can_help: bool | None = None
    help_accepted: bool | None = None
    help_effective: bool | None = None

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            # bool is a subclass of int, so 0 and 1 need an explicit refusal.
            if value is not None and not isinstance(value, bool):
                raise TypeError(
                    f"question {_QUESTION_NUMBERS[field.name]} ({field.name}) must be "
                    f"True, False or None, not {value!r}"
                )


@dataclass(frozen=True)
class Outcome:
    """What the afwegingskader advises for a set of answers."""

    close_case: bool
    report_required: bool
    #: None while questions 3 to 5 are still open with Veilig Thuis after a report.
    help_possible: bool | None
    #: Reason codes from :data:`REASONS`, in question order.
    reasons: tuple[str, ...]

    @property
    def suggestion(self) -> str:
        """One of :data:`SUGGESTIONS`, summing up both decisions."""
        if self.report_required:
            return REPORT_AND_HELP if self.help_possible else REPORT
        return HELP if self.help_possible else CLOSE


def _walk(answers: Answers) -> Outcome | tuple[str, ...]:
    """Follow the path: the outcome, or the unanswered questions it needs next."""
    if answers.suspicion is None:
        return ("suspicion",)
    if not answers.suspicion:
        return Outcome(
            close_case=True, report_required=False, help_possible=False, reasons=(NO_SUSPICION,)
        )

    missing = tuple(
        name
        for name, value in (
            ("acute_unsafety", answers.acute_unsafety),
            ("structural_unsafety", answers.structural_unsafety),
        )
        if value is None
    )
    if missing:
        return missing
    reasons: tuple[str, ...] = ()
    if answers.acute_unsafety:
        reasons += (ACUTE_UNSAFETY,)
    if answers.structural_unsafety:
        reasons += (STRUCTURAL_UNSAFETY,)
    unsafe = bool(reasons)

    for name, value, reason in (
        ("can_help", answers.can_help, NO_EFFECTIVE_HELP),
        ("help_accepted", answers.help_accepted, HELP_NOT_ACCEPTED),
        ("help_effective", answers.help_effective, HELP_NOT_EFFECTIVE),
    ):
        if value is None and unsafe:
            return Outcome(
                close_case=False,
                report_required=True,
                help_possible=None,
                reasons=(*reasons, HELP_OPEN_WITH_VEILIG_THUIS),
            )
        if value is None:
            return (name,)
        if not value:
            return Outcome(
                close_case=False,
                report_required=True,
                help_possible=False,
                reasons=(*reasons, reason),
            )
    return Outcome(
        close_case=False,
        report_required=unsafe,
        help_possible=True,
        reasons=(*reasons, HELP_POSSIBLE),
    )


def weigh(answers: Answers) -> Outcome:
    """Weigh the answers; raise ValueError for the first answer the path needs but lacks."""
    result = _walk(answers)
    if isinstance(result, Outcome):
        return result
    name = result[0]
    raise ValueError(f"question {_QUESTION_NUMBERS[name]} ({name}) must be answered")


def needed_questions(answers: Answers) -> tuple[str, ...]:
    """Return the unanswered fields the path certainly needs next, in order.

    Only what the answers so far make certain: one field, or both fields of question 2.
    Empty when :func:`weigh` can give an outcome; otherwise the first field is the one
    :func:`weigh` complains about.
    """
    result = _walk(answers)
    return () if isinstance(result, Outcome) else result


def deviates(outcome: Outcome, report: bool, help: bool | None) -> bool:
    """Whether a professional's decisions differ from the outcome, so need a written reason.

    ``help=None`` counts as not offering help. While the outcome leaves help open
    (``help_possible`` is None), any help decision agrees with it.
    """
    if not isinstance(report, bool):
        raise TypeError(f"report must be True or False, not {report!r}")
    if help is not None and not isinstance(help, bool):
        raise TypeError(f"help must be True, False or None, not {help!r}")
    if report != outcome.report_required:
        return True
    if outcome.help_possible is None:
        return False
    return bool(help) != outcome.help_possible
