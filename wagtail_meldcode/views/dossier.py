"""The dossier as the case page, the admin case view and the PDF show it."""

from django import forms
from django.utils import formats
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from .. import bodymap, wording
from .. import colleague as routes
from ..forms.colleague import STEP_FORMS
from ..forms.steps import STEPS
from ..models import MeldcodeSettings, OwnAnswer
from ..models.audit import ACCESS_ONLY_ACTIONS
from ..models.followup import FollowUpKind
from ..permissions import board_group_of, colleague_on_board
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
    slugs = ([name for name, _form in STEPS] if not case.is_colleague_case
             else [step.slug for step in routes.route_for(page.sector).steps])
    return {
        **(colleague_context(case) if case.is_colleague_case else {}),
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
        "attachments": attachment_rows(page, case, role),
        # The injuries marked on the body map (step 1), numbered on the outline.
        "bodymap": None if case.is_colleague_case else bodymap.display(case),
        # Veilig Thuis's feedback after a report, then the checks of the help.
        "followup_history": [
            (kind, entries) for kind in (FollowUpKind.REPORT_FEEDBACK, FollowUpKind.CHECK)
            if (entries := [(f, url) for f, url in followups if f.kind == kind])
        ],
        # What was done, by whom; the reads are in the access report only.
        "events": case.events.exclude(action__in=ACCESS_ONLY_ACTIONS).select_related("user"),
        "step_urls": [
            (number, page_url(page, "case_step", reference=reference, step=slug))
            for number, slug in enumerate(slugs, start=1)
        ],
        "cases_url": page_url(page, "cases"),
        "pdf_url": page_url(page, "case_pdf", reference=reference),
        # A worry about a colleague is not reported to Veilig Thuis.
        "summary_url": (not case.is_colleague_case
                        and page_url(page, "case_summary", reference=reference)),
    }


def colleague_context(case):
    """What a worry about a colleague shows beside its steps and in its dossier: its
    sector's route; a warning when the colleague concerned is on the board, or when no
    group handles the case; and what each step recorded."""
    route = routes.route_for(case.meldcode.sector)
    site_settings = MeldcodeSettings.for_site(case.site)
    return {
        "route": route,
        "board_concerned": board_concerned(route, site_settings, case),
        "no_board": board_group_of(site_settings, case) is None,
        "colleague_steps": colleague_record(case, route),
    }


def board_concerned(route, site_settings, case):
    """What the reporter is told when the colleague concerned is on the board (with the
    confidential inspectors' number), or "" when they are not."""
    if not colleague_on_board(site_settings, case):
        return ""
    return route.board_concerned.format(phone=site_settings.confidential_inspector_phone)


def colleague_record(case, route):
    """Each step of ``route`` with what ``case`` recorded in it: ``(field label, value)``
    rows, who recorded it and when; None for a step not recorded yet."""
    records = {record.step: record
               for record in case.colleague_steps.select_related("recorded_by")}
    return [
        {"number": number, "step": step, "record": records.get(step.slug),
         "rows": _rows(STEP_FORMS[step.slug].form_class.base_fields,
                       records[step.slug].data) if step.slug in records else []}
        for number, step in enumerate(route.steps, start=1)
    ]


def _rows(fields, data):
    rows = []
    for name, field in fields.items():
        value = data.get(name)
        if value in (None, ""):
            continue
        if value is True or value is False:
            value = _("Yes") if value else _("No")
        elif getattr(field, "choices", None):
            value = dict(field.choices).get(value, value)
        elif isinstance(field, forms.DateField):
            value = formats.date_format(parse_date(value), "j F Y")
        rows.append((field.label, value))
    return rows
