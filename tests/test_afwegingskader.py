"""The decision logic of the afwegingskader, checked against the rules without Django."""

import ast
import inspect
import itertools
import sys

import pytest

from tests.helpers import assert_loads_no_django
from wagtail_meldcode import afwegingskader
from wagtail_meldcode.afwegingskader import (
    ACUTE_UNSAFETY,
    CLOSE,
    HELP,
    HELP_NOT_ACCEPTED,
    HELP_NOT_EFFECTIVE,
    HELP_OPEN_WITH_VEILIG_THUIS,
    HELP_POSSIBLE,
    NO_EFFECTIVE_HELP,
    NO_SUSPICION,
    REASONS,
    REPORT,
    REPORT_AND_HELP,
    STRUCTURAL_UNSAFETY,
    SUGGESTIONS,
    Answers,
    Outcome,
    deviates,
    needed_questions,
    weigh,
)

FIELDS = (
    "suspicion",
    "acute_unsafety",
    "structural_unsafety",
    "can_help",
    "help_accepted",
    "help_effective",
)
NUMBERS = dict(zip(FIELDS, (1, 2, 2, 3, 4, 5), strict=True))


class Missing(Exception):
    """Raised by the oracle when the path needs an answer that is not there."""

    def __init__(self, field):
        super().__init__(field)
        self.field = field


def oracle(suspicion, acute, structural, q3, q4, q5):
    """A second, deliberately plain reading of the rules.

    Returns (close_case, report_required, help_possible, reasons) or raises Missing.
    """
    if suspicion is None:
        raise Missing("suspicion")
    if suspicion is False:
        return (True, False, False, ("no_suspicion",))
    if acute is None:
        raise Missing("acute_unsafety")
    if structural is None:
        raise Missing("structural_unsafety")

    reasons = []
    if acute:
        reasons.append("acute_unsafety")
    if structural:
        reasons.append("structural_unsafety")
    unsafe = acute or structural

    if unsafe:
        # The report stands; questions 3-5 are worked out with Veilig Thuis, in order.
        for answer, reason in ((q3, "no_effective_help"), (q4, "help_not_accepted"),
                               (q5, "help_not_effective")):
            if answer is None:
                return (False, True, None, (*reasons, "help_open_with_veilig_thuis"))
            if answer is False:
                return (False, True, False, (*reasons, reason))
        return (False, True, True, (*reasons, "help_possible"))

    if q3 is None:
        raise Missing("can_help")
    if q3 is False:
        return (False, True, False, (*reasons, "no_effective_help"))
    if q4 is None:
        raise Missing("help_accepted")
    if q4 is False:
        return (False, True, False, (*reasons, "help_not_accepted"))
    if q5 is None:
        raise Missing("help_effective")
    if q5 is False:
        return (False, True, False, (*reasons, "help_not_effective"))
    return (False, unsafe, True, (*reasons, "help_possible"))


def _id(combination):
    return "-".join({True: "y", False: "n", None: "_"}[value] for value in combination)


ALL_COMBINATIONS = list(itertools.product((True, False, None), repeat=6))
COMPLETE_COMBINATIONS = list(itertools.product((True, False), repeat=6))


def test_all_combinations_are_enumerated():
    assert len(ALL_COMBINATIONS) == 3**6 == 729
    assert len(set(ALL_COMBINATIONS)) == 729


@pytest.mark.parametrize("combination", ALL_COMBINATIONS, ids=_id)
def test_every_combination_matches_the_oracle(combination):
    answers = Answers(**dict(zip(FIELDS, combination, strict=True)))
    try:
        expected = oracle(*combination)
    except Missing as missing:
        number = NUMBERS[missing.field]
        with pytest.raises(ValueError) as excinfo:
            weigh(answers)
        assert str(excinfo.value) == f"question {number} ({missing.field}) must be answered"
        assert needed_questions(answers)[0] == missing.field
    else:
        close_case, report_required, help_possible, reasons = expected
        assert weigh(answers) == Outcome(
            close_case=close_case,
            report_required=report_required,
            help_possible=help_possible,
            reasons=reasons,
        )
        assert needed_questions(answers) == ()


@pytest.mark.parametrize("combination", COMPLETE_COMBINATIONS, ids=_id)
def test_complete_answers_follow_the_formulas_of_the_design(combination):
    suspicion, acute, structural, q3, q4, q5 = combination
    outcome = weigh(Answers(*combination))
    assert outcome.close_case is (not suspicion)
    assert outcome.report_required is (
        suspicion and (acute or structural or not (q3 and q4 and q5))
    )
    assert outcome.help_possible is (suspicion and q3 and q4 and q5)


# One example per path.


def test_no_suspicion_closes_the_case_and_ignores_the_rest():
    outcome = weigh(Answers(suspicion=False))
    assert outcome == Outcome(
        close_case=True, report_required=False, help_possible=False, reasons=(NO_SUSPICION,)
    )
    assert outcome.suggestion == CLOSE
    assert weigh(Answers(False, True, True, True, True, True)) == outcome


def test_acute_unsafety_requires_a_report():
    outcome = weigh(Answers(suspicion=True, acute_unsafety=True, structural_unsafety=False))
    assert outcome == Outcome(
        close_case=False,
        report_required=True,
        help_possible=None,
        reasons=(ACUTE_UNSAFETY, HELP_OPEN_WITH_VEILIG_THUIS),
    )
    assert outcome.suggestion == REPORT


def test_structural_unsafety_requires_a_report():
    outcome = weigh(Answers(suspicion=True, acute_unsafety=False, structural_unsafety=True))
    assert outcome.report_required is True
    assert outcome.help_possible is None
    assert outcome.reasons == (STRUCTURAL_UNSAFETY, HELP_OPEN_WITH_VEILIG_THUIS)


def test_acute_and_structural_unsafety_give_both_reasons_acute_first():
    outcome = weigh(Answers(suspicion=True, acute_unsafety=True, structural_unsafety=True))
    assert outcome.report_required is True
    assert outcome.reasons == (ACUTE_UNSAFETY, STRUCTURAL_UNSAFETY, HELP_OPEN_WITH_VEILIG_THUIS)


def test_no_effective_help_requires_a_report_and_ignores_questions_4_and_5():
    outcome = weigh(Answers(True, False, False, can_help=False))
    assert outcome == Outcome(
        close_case=False,
        report_required=True,
        help_possible=False,
        reasons=(NO_EFFECTIVE_HELP,),
    )
    assert outcome.suggestion == REPORT


def test_help_not_accepted_requires_a_report():
    outcome = weigh(Answers(True, False, False, can_help=True, help_accepted=False))
    assert (outcome.report_required, outcome.help_possible) == (True, False)
    assert outcome.reasons == (HELP_NOT_ACCEPTED,)


def test_help_not_effective_requires_a_report():
    outcome = weigh(Answers(True, False, False, True, True, help_effective=False))
    assert (outcome.report_required, outcome.help_possible) == (True, False)
    assert outcome.reasons == (HELP_NOT_EFFECTIVE,)


def test_three_times_yes_means_help_without_a_report():
    outcome = weigh(Answers(True, False, False, True, True, True))
    assert outcome == Outcome(
        close_case=False, report_required=False, help_possible=True, reasons=(HELP_POSSIBLE,)
    )
    assert outcome.suggestion == HELP


def test_report_with_help_answered_yes_with_veilig_thuis():
    outcome = weigh(Answers(True, True, False, True, True, True))
    assert (outcome.report_required, outcome.help_possible) == (True, True)
    assert outcome.reasons == (ACUTE_UNSAFETY, HELP_POSSIBLE)
    assert outcome.suggestion == REPORT_AND_HELP


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        (Answers(True, False, True, False), NO_EFFECTIVE_HELP),
        (Answers(True, False, True, True, False), HELP_NOT_ACCEPTED),
        (Answers(True, False, True, True, True, False), HELP_NOT_EFFECTIVE),
    ],
)
def test_report_with_help_answered_no_with_veilig_thuis(answers, reason):
    outcome = weigh(answers)
    assert (outcome.report_required, outcome.help_possible) == (True, False)
    assert outcome.reasons == (STRUCTURAL_UNSAFETY, reason)
    assert outcome.suggestion == REPORT


def test_report_with_question_3_open_ignores_questions_4_and_5():
    outcome = weigh(Answers(True, True, True, None, False, True))
    assert outcome.help_possible is None
    assert outcome.reasons == (ACUTE_UNSAFETY, STRUCTURAL_UNSAFETY, HELP_OPEN_WITH_VEILIG_THUIS)


def test_report_under_unsafety_never_needs_questions_3_to_5():
    """Acute unsafety, question 3 "yes" and question 4 not known yet: report, help open."""
    outcome = weigh(Answers(True, True, False, can_help=True))
    assert (outcome.report_required, outcome.help_possible, outcome.reasons) == (
        True, None, ("acute_unsafety", "help_open_with_veilig_thuis"))


def test_under_unsafety_the_first_no_in_order_decides_help():
    outcome = weigh(Answers(True, False, True, can_help=True, help_accepted=None,
                            help_effective=False))
    assert outcome.help_possible is None  # question 4 comes first, and it is open
    outcome = weigh(Answers(True, False, True, can_help=True, help_accepted=False))
    assert (outcome.help_possible, outcome.reasons) == (
        False, ("structural_unsafety", "help_not_accepted"))


# Missing answers and wrong types.


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (Answers(), "question 1 (suspicion) must be answered"),
        (Answers(suspicion=True), "question 2 (acute_unsafety) must be answered"),
        (Answers(True, acute_unsafety=True), "question 2 (structural_unsafety) must be answered"),
        (Answers(True, False, False), "question 3 (can_help) must be answered"),
        (Answers(True, False, False, True), "question 4 (help_accepted) must be answered"),
        (Answers(True, False, False, True, True), "question 5 (help_effective) must be answered"),
    ],
)
def test_a_missing_answer_names_its_question(answers, message):
    with pytest.raises(ValueError) as excinfo:
        weigh(answers)
    assert str(excinfo.value) == message


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("value", [0, 1, "yes", "", [], 1.0])
def test_answers_refuse_non_bools(field, value):
    with pytest.raises(TypeError, match=rf"question {NUMBERS[field]} \({field}\)"):
        Answers(**{field: value})


def test_answers_are_frozen_and_default_to_none():
    answers = Answers(suspicion=False)
    assert answers == Answers(False, None, None, None, None, None)
    with pytest.raises(AttributeError):
        answers.suspicion = True


# Reasons and suggestions.


def test_reason_codes_are_stable_strings():
    assert REASONS == (
        "no_suspicion",
        "acute_unsafety",
        "structural_unsafety",
        "no_effective_help",
        "help_not_accepted",
        "help_not_effective",
        "help_possible",
        "help_open_with_veilig_thuis",
    )
    assert (NO_SUSPICION, ACUTE_UNSAFETY, STRUCTURAL_UNSAFETY) == REASONS[:3]
    assert (NO_EFFECTIVE_HELP, HELP_NOT_ACCEPTED, HELP_NOT_EFFECTIVE) == REASONS[3:6]
    assert (HELP_POSSIBLE, HELP_OPEN_WITH_VEILIG_THUIS) == REASONS[6:]


def test_every_outcome_uses_known_reasons_in_question_order():
    seen = set()
    for combination in ALL_COMBINATIONS:
        answers = Answers(*combination)
        if needed_questions(answers):
            continue
        reasons = weigh(answers).reasons
        assert set(reasons) <= set(REASONS)
        assert list(reasons) == sorted(reasons, key=REASONS.index)
        seen.update(reasons)
    assert seen == set(REASONS)


def test_suggestion_constants():
    assert (CLOSE, REPORT, HELP, REPORT_AND_HELP) == SUGGESTIONS
    assert SUGGESTIONS == ("close", "report", "help", "report_and_help")


@pytest.mark.parametrize(
    ("close_case", "report_required", "help_possible", "suggestion"),
    [
        (True, False, False, "close"),
        (False, True, None, "report"),
        (False, True, False, "report"),
        (False, True, True, "report_and_help"),
        (False, False, True, "help"),
    ],
)
def test_suggestion(close_case, report_required, help_possible, suggestion):
    outcome = Outcome(close_case, report_required, help_possible, reasons=())
    assert outcome.suggestion == suggestion


def test_every_outcome_has_a_suggestion_matching_its_decisions():
    for combination in COMPLETE_COMBINATIONS + [(True, True, False, None, None, None)]:
        outcome = weigh(Answers(*combination))
        assert outcome.suggestion in SUGGESTIONS
        assert (outcome.suggestion == CLOSE) is outcome.close_case


# needed_questions: what a form should ask next.


@pytest.mark.parametrize(
    ("answers", "needed"),
    [
        (Answers(), ("suspicion",)),
        (Answers(suspicion=False), ()),
        (Answers(suspicion=True), ("acute_unsafety", "structural_unsafety")),
        (Answers(True, acute_unsafety=True), ("structural_unsafety",)),
        (Answers(True, structural_unsafety=False), ("acute_unsafety",)),
        (Answers(True, False, False), ("can_help",)),
        (Answers(True, True, False), ()),
        (Answers(True, True, False, True), ()),
        (Answers(True, False, False, True), ("help_accepted",)),
        (Answers(True, False, False, False), ()),
        (Answers(True, False, False, True, True), ("help_effective",)),
        (Answers(True, False, False, True, True, True), ()),
        # Later answers do not make earlier ones less needed.
        (Answers(None, True, True, True, True, True), ("suspicion",)),
    ],
)
def test_needed_questions(answers, needed):
    assert needed_questions(answers) == needed


def test_needed_questions_never_raises_and_agrees_with_weigh():
    for combination in ALL_COMBINATIONS:
        answers = Answers(*combination)
        needed = needed_questions(answers)
        assert set(needed) <= set(FIELDS)
        assert all(getattr(answers, name) is None for name in needed)
        assert list(needed) == sorted(needed, key=FIELDS.index)
        if needed:
            with pytest.raises(ValueError, match=rf"\({needed[0]}\)"):
                weigh(answers)
        else:
            weigh(answers)


# deviates: when the professional must write down why.

CLOSED = weigh(Answers(suspicion=False))
HELP_ONLY = weigh(Answers(True, False, False, True, True, True))
REPORT_ONLY = weigh(Answers(True, False, False, False))
REPORT_HELP_OPEN = weigh(Answers(True, True, False))
REPORT_AND_HELP_OUTCOME = weigh(Answers(True, True, False, True, True, True))


@pytest.mark.parametrize(
    ("outcome", "report", "help", "expected"),
    [
        (CLOSED, False, False, False),
        (CLOSED, False, None, False),
        (CLOSED, True, False, True),
        (CLOSED, False, True, True),
        (CLOSED, True, True, True),
        (HELP_ONLY, False, True, False),
        (HELP_ONLY, False, False, True),
        (HELP_ONLY, False, None, True),
        (HELP_ONLY, True, True, True),
        (REPORT_ONLY, True, False, False),
        (REPORT_ONLY, True, None, False),
        (REPORT_ONLY, True, True, True),
        (REPORT_ONLY, False, False, True),
        (REPORT_HELP_OPEN, True, None, False),
        (REPORT_HELP_OPEN, True, True, False),
        (REPORT_HELP_OPEN, True, False, False),
        (REPORT_HELP_OPEN, False, None, True),
        (REPORT_HELP_OPEN, False, True, True),
        (REPORT_AND_HELP_OUTCOME, True, True, False),
        (REPORT_AND_HELP_OUTCOME, True, False, True),
        (REPORT_AND_HELP_OUTCOME, False, True, True),
    ],
)
def test_deviates(outcome, report, help, expected):
    assert deviates(outcome, report, help) is expected


@pytest.mark.parametrize(("report", "help"), [(1, None), (None, None), (True, 0), (False, "no")])
def test_deviates_refuses_non_bools(report, help):
    with pytest.raises(TypeError):
        deviates(CLOSED, report, help)


# The module stays free of Django.


def _imported_modules(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "no relative imports: they could pull in Django"
            yield node.module


def test_module_imports_only_the_standard_library():
    modules = list(_imported_modules(inspect.getsource(afwegingskader)))
    assert modules
    for module in modules:
        top = module.partition(".")[0]
        assert top != "django"
        assert top in sys.stdlib_module_names, module


def test_importing_the_module_does_not_load_django():
    assert_loads_no_django("wagtail_meldcode.afwegingskader")
