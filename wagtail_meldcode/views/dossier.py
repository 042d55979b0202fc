"""The dossier as the case page, the admin case view and the PDF show it."""

from .. import wording
from ..forms.steps import STEPS
from ..models import OwnAnswer
from ..models.audit import ACCESS_ONLY_ACTIONS
from ..models.followup import FollowUpKind
from ..questions import QUESTIONS
from .attachments import attachment_rows
from .base import page_url

#: What the case page, the admin case view and the PDF read of the case itself.
CASE_PAGE_RELATED = ("owner", "coordinator", "weighing__weighed_by")


def case_context(page, case, role):
    """What the case page, the admin case view and the PDF dossier show.

    Everything recorded, step by step; the follow-up history (Veilig Thuis's feedback
    and the checks, with who answered); and the chronology of what was done, without
    the reads, which the access report lists.
    """
    reference = case.reference
    if case.meldcode_id == page.pk:
        case.meldcode = page  # its sector gives the dossier's words
    followups = [
        (f, page_url(page, "followup", reference=reference, pk=f.pk))
        # A reminder that the case stalled is no part of the history.
        for f in case.followups.exclude(kind=FollowUpKind.STALLED).select_related("answered_by")
    ]
    return {
        "page": page,
        "case": case,
        "role": role,
        "questions": QUESTIONS,
        "wording": wording.for_case(case),
        "signals": case.signals.select_related("follows_up", "signal_list_item"),
        "consultations": case.consultations.all(),
        "conversations": case.conversations.all(),
        "weighing": getattr(case, "weighing", None),
        "own_answers": OwnAnswer.objects.for_dossier(case),
        "decisions": case.decisions.select_related("decided_by"),
        "attachments": attachment_rows(page, case),
        # Veilig Thuis's feedback after a report, then the checks of the help.
        "followup_history": [
            (kind, entries) for kind in (FollowUpKind.REPORT_FEEDBACK, FollowUpKind.CHECK)
            if (entries := [(f, url) for f, url in followups if f.kind == kind])
        ],
        # What was done, by whom; the reads are in the access report only.
        "events": case.events.exclude(action__in=ACCESS_ONLY_ACTIONS).select_related("user"),
        "step_urls": [
            (number, page_url(page, "case_step", reference=reference, step=name))
            for number, (name, _form) in enumerate(STEPS, start=1)
        ],
        "cases_url": page_url(page, "cases"),
        "pdf_url": page_url(page, "case_pdf", reference=reference),
    }
