"""What a case still lacks before its decisions (step 5) may be taken.

Pure Python without Django, like :mod:`.afwegingskader`: it judges a snapshot of what was
recorded (:class:`Recorded`) and returns what is missing, each item with its step and a
stable code. :mod:`.lifecycle` reads the snapshot from the database and adds the texts.

The rules of the meldcode:

1. At least one signal; for an adult client the kindcheck answered.
2. At least one consultation; with a signal of female genital mutilation or
   honour-related violence, one with Veilig Thuis or an expert.
3. At least one conversation, or a recorded reason not to talk. The reason counts only
   together with a decision to report: help without a report needs a conversation.
4. Questions 1 and 2 of the afwegingskader answered.

And in every step before the decision, the organisation's own questions that it marked
required answered.
"""

from dataclasses import dataclass
from typing import Final

SIGNAL: Final = "signal"
KINDCHECK: Final = "kindcheck"
CONSULTATION: Final = "consultation"
EXPERT_CONSULTATION: Final = "expert_consultation"
CONVERSATION: Final = "conversation"
CONVERSATION_WITHOUT_REPORT: Final = "conversation_without_report"
WEIGHING: Final = "weighing"
OWN_QUESTION: Final = "own_question"

#: Every code, in step order, with its step.
CODES: Final = {
    SIGNAL: 1,
    KINDCHECK: 1,
    CONSULTATION: 2,
    EXPERT_CONSULTATION: 2,
    CONVERSATION: 3,
    CONVERSATION_WITHOUT_REPORT: 3,
    WEIGHING: 4,
}

#: Forms of violence for which step 2 needs Veilig Thuis or an expert.
EXPERT_FORMS: Final = frozenset({"female_genital_mutilation", "honour_related_violence"})
#: Whom a consultation must be with for those forms.
EXPERTS: Final = frozenset({"veilig_thuis", "expert"})


@dataclass(frozen=True)
class Recorded:
    """What a case holds, as far as completeness is concerned."""

    #: The client is an adult: the kindcheck applies.
    adult: bool = False
    #: Both questions of the kindcheck (cares for children, pregnant) are answered.
    kindcheck_answered: bool = False
    #: The form of violence of each signal ("" when none is given).
    signal_forms: tuple[str, ...] = ()
    #: With whom each consultation was held.
    consultations: tuple[str, ...] = ()
    conversations: int = 0
    #: The recorded reason not to talk ("" when there is none).
    no_conversation_reason: str = ""
    #: Questions 1 and 2 (None: not answered).
    suspicion: bool | None = None
    acute_unsafety: bool | None = None
    structural_unsafety: bool | None = None
    #: The required own questions of steps 1 to 4 without an answer: (step, label).
    unanswered: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Missing:
    """One thing a step still lacks; ``detail`` names the own question."""

    step: int
    code: str
    detail: str = ""


def missing(recorded: Recorded, *, report: bool | None = None) -> tuple[Missing, ...]:
    """What ``recorded`` lacks before a decision, in step order.

    ``report`` is the decision about to be taken (None: none yet). A reason not to talk
    stands in for the conversation unless the decision is not to report.
    """
    codes = []
    if not recorded.signal_forms:
        codes.append(SIGNAL)
    if recorded.adult and not recorded.kindcheck_answered:
        codes.append(KINDCHECK)
    if not recorded.consultations:
        codes.append(CONSULTATION)
    if EXPERT_FORMS.intersection(recorded.signal_forms) and not EXPERTS.intersection(
        recorded.consultations
    ):
        codes.append(EXPERT_CONSULTATION)
    if not recorded.conversations:
        if not recorded.no_conversation_reason:
            codes.append(CONVERSATION)
        elif report is False:
            codes.append(CONVERSATION_WITHOUT_REPORT)
    if recorded.suspicion is None or (
        recorded.suspicion
        and (recorded.acute_unsafety is None or recorded.structural_unsafety is None)
    ):
        codes.append(WEIGHING)
    items = [Missing(CODES[code], code) for code in codes]
    items += [Missing(step, OWN_QUESTION, label) for step, label in recorded.unanswered]
    return tuple(sorted(items, key=lambda item: item.step))
