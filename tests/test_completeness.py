"""What a case lacks before its decisions: the pure rules of completeness.py."""

import pytest

from tests.helpers import assert_loads_no_django
from wagtail_meldcode.completeness import Missing, Recorded, missing

#: A case that holds everything a decision needs.
COMPLETE = Recorded(
    adult=False, signal_forms=("physical_abuse",), consultations=("colleague",),
    conversations=1, suspicion=True, acute_unsafety=False, structural_unsafety=False,
)


def codes(recorded, **kwargs):
    return [(item.step, item.code) for item in missing(recorded, **kwargs)]


def with_(**changes):
    return Recorded(**{**COMPLETE.__dict__, **changes})


def test_a_complete_case_lacks_nothing():
    assert missing(COMPLETE) == ()
    assert missing(COMPLETE, report=False) == ()


def test_a_new_case_lacks_every_step_in_order():
    assert codes(Recorded()) == [(1, "signal"), (2, "consultation"), (3, "conversation"),
                                 (4, "weighing")]


def test_step_1_needs_a_signal():
    assert codes(with_(signal_forms=())) == [(1, "signal")]


def test_step_1_needs_the_kindcheck_for_an_adult_client():
    assert codes(with_(adult=True)) == [(1, "kindcheck")]
    assert codes(with_(adult=True, kindcheck_answered=True)) == []
    assert codes(with_(adult=False, kindcheck_answered=False)) == []


def test_step_2_needs_a_consultation():
    assert codes(with_(consultations=())) == [(2, "consultation")]


@pytest.mark.parametrize("form", ["female_genital_mutilation", "honour_related_violence"])
def test_step_2_needs_veilig_thuis_or_an_expert_for_fgm_and_honour_violence(form):
    case = with_(signal_forms=("physical_abuse", form))
    assert codes(case) == [(2, "expert_consultation")]
    assert codes(with_(signal_forms=(form,), consultations=("colleague", "expert"))) == []
    assert codes(with_(signal_forms=(form,), consultations=("veilig_thuis",))) == []
    # Without any consultation, both are missing.
    assert codes(with_(signal_forms=(form,), consultations=())) == [
        (2, "consultation"), (2, "expert_consultation")]


def test_step_3_needs_a_conversation_or_a_reason():
    assert codes(with_(conversations=0)) == [(3, "conversation")]
    assert codes(with_(conversations=0, no_conversation_reason="safety")) == []


def test_a_reason_not_to_talk_counts_only_with_a_report():
    no_talk = with_(conversations=0, no_conversation_reason="contact_break")
    assert codes(no_talk, report=True) == []
    assert codes(no_talk, report=False) == [(3, "conversation_without_report")]
    # A conversation needs no report.
    assert codes(with_(no_conversation_reason="safety"), report=False) == []


def test_step_4_needs_questions_1_and_2():
    assert codes(with_(suspicion=None)) == [(4, "weighing")]
    assert codes(with_(acute_unsafety=None)) == [(4, "weighing")]
    assert codes(with_(structural_unsafety=None)) == [(4, "weighing")]
    # Without a suspicion, question 2 is not asked.
    assert codes(with_(suspicion=False, acute_unsafety=None, structural_unsafety=None)) == []


def test_items_carry_their_step_and_a_stable_code():
    assert missing(with_(signal_forms=()))[0] == Missing(step=1, code="signal")


def test_completeness_loads_no_django():
    assert_loads_no_django("wagtail_meldcode.completeness")
