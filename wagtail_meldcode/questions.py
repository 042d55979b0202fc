"""The five questions of the afwegingskader, as shown to people.

The decision logic lives elsewhere and knows nothing of Django; this module holds the
texts, in the fixed order of the framework, so that pages and forms show the same words.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import afwegingskader


@dataclass(frozen=True)
class Question:
    """One question of the afwegingskader."""

    number: int
    #: The step of the meldcode in which the question is answered (4: weigh, 5: decide).
    step: int
    text: Promise
    #: What the answer that ends the path means.
    consequence: Promise
    guidance: tuple[Promise, ...] = ()


QUESTIONS = (
    Question(
        1,
        4,
        _(
            "Do steps 1 to 3 give you a suspicion of (the threat of) domestic violence "
            "or child abuse?"
        ),
        _("No: close the case and record why there is no suspicion."),
    ),
    Question(
        2,
        4,
        _("Do you suspect acute and/or structural unsafety?"),
        _(
            "Yes: report to Veilig Thuis. Questions 3 to 5 are then answered together "
            "with Veilig Thuis."
        ),
        guidance=(
            _(
                "Acute unsafety: someone is in direct physical danger, their safety in the "
                "coming hours or days is not guaranteed and they need protection now. "
                "When a child or a dependent adult tells you about the violence "
                "(a disclosure), treat the situation as acute."
            ),
            _(
                "Structural unsafety: violence or neglect that repeats or continues, a "
                "pattern. For example a child who again and again witnesses violence "
                "between the adults at home."
            ),
        ),
    ),
    Question(
        3,
        5,
        _("Can I offer or organise effective help to avert the (future) violence?"),
        _("No: report to Veilig Thuis."),
    ),
    Question(
        4,
        5,
        _("Do the people involved accept this help and commit themselves to it?"),
        _("No: report to Veilig Thuis."),
    ),
    Question(
        5,
        5,
        _(
            "Will the help bring lasting safety and recovery for everyone involved, "
            "within the time that is needed?"
        ),
        _(
            "No: report to Veilig Thuis, also when the help was already running. "
            "Yes: offer the help and follow its effects."
        ),
    ),
)


def questions_for_step(step=None):
    """Return the questions answered in ``step`` (4 or 5), or all five."""
    return tuple(q for q in QUESTIONS if step is None or q.step == step)


#: What the afwegingskader suggests, per :attr:`afwegingskader.Outcome.suggestion`.
SUGGESTION_TEXTS = {
    afwegingskader.CLOSE: _("Close the case: there is no suspicion."),
    afwegingskader.REPORT: _("Report to Veilig Thuis."),
    afwegingskader.HELP: _("Offer or organise help, and follow its effects."),
    afwegingskader.REPORT_AND_HELP: _(
        "Report to Veilig Thuis, and offer or organise help as well."
    ),
}
