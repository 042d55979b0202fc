"""The coordinator's case view in the Wagtail admin."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import case_actions, retention
from ..forms.coordinator import ACTION_FORMS
from ..models.audit import Action, CaseEvent
from ..permissions import get_coordinated_case_or_404
from .base import private
from .dossier import CASE_PAGE_RELATED, case_context
from .downloads import csv_response, separator


def case_admin_view(request, pk):
    """Every step as recorded, the chronology, and the coordinator's actions."""
    name = request.POST.get("action") if request.method == "POST" else None
    posted = name in ACTION_FORMS
    # A read is logged as a view; an action logs what it did.
    case, role = get_coordinated_case_or_404(
        request, pk, action=None if posted else Action.VIEW, related=CASE_PAGE_RELATED
    )
    forms = {
        action: (title, form_class(request.POST if action == name else None,
                                   case=case, prefix=action))
        for action, (title, form_class) in ACTION_FORMS.items()
        if form_class.is_available(case)
    }
    if posted and name not in forms:
        messages.error(request, _("This action does not apply to case %(reference)s.")
                       % {"reference": case.reference})
        return redirect(request.path)
    if posted:
        form = forms[name][1]
        if form.is_valid():
            perform(request, case, role, name, form.cleaned_data)
            messages.success(request, _("Case %(reference)s is updated.")
                             % {"reference": case.reference})
            return redirect(request.path)
    context = {
        **case_context(case.meldcode, case, role),
        "action_forms": [(action, title, form) for action, (title, form) in forms.items()],
        "purge_on": retention.purge_date(case),
        "legal_hold": case.active_legal_hold(),
    }
    return private(TemplateResponse(request, "wagtail_meldcode/admin/case.html", context))


def perform(request, case, role, name, data):
    if name == "assign":
        case_actions.assign_coordinator(request, case, role, data["coordinator"])
    elif name == "transfer":
        case_actions.transfer(request, case, role, data["owner"])
    elif name == "advice":
        case_actions.add_advice(request, case, role, data["advice"])
    elif name == "reopen":
        case_actions.reopen_step(request, case, role, data["step"])
    elif name == "close":
        case_actions.close(request, case, role, data["reason"])
    elif name == "legal_hold":
        case_actions.place_legal_hold(request, case, role, data["reason"])
    elif name == "lift_legal_hold":
        case_actions.lift_legal_hold(request, case, role, data["reason"])


def _access_events(case):
    return CaseEvent.objects.filter(case=case).select_related("user").order_by("at", "pk")


def _who(event):
    name = event.user.get_full_name() if event.user else ""
    return f"{name} ({event.username})" if name else event.username


def access_report_view(request, pk):
    """Who saw or changed the case, when, in which role and from where; denials too."""
    case, _role = get_coordinated_case_or_404(request, pk, action=Action.ACCESS_REPORT)
    rows = [(event, _who(event)) for event in _access_events(case)]
    return private(TemplateResponse(
        request, "wagtail_meldcode/admin/access_report.html", {"case": case, "rows": rows}
    ))


def access_report_csv(request, pk):
    """The access report as CSV: for the archive, or a client's request for access."""
    case, _role = get_coordinated_case_or_404(request, pk, action=Action.ACCESS_REPORT_EXPORT)
    rows = [
        [timezone.localtime(event.at).isoformat(timespec="seconds"), _who(event),
         event.get_role_display(), event.get_action_display(), event.step or "",
         event.ip_address or ""]
        for event in _access_events(case)
    ]
    return csv_response(
        f"toegang-{case.reference.lower()}.csv",
        [_("When"), _("Who"), _("Role"), _("What"), _("Step"), _("From")], rows,
        separator(request),
    )
