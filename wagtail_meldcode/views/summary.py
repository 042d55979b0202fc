"""The report to Veilig Thuis, prepared: the "Meldingsoverzicht" page and its PDF.

Both are exports of the case, and logged as such. The page asks the reporter once for
their function and phone number, which Veilig Thuis needs to call back.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..export import case_pdf
from ..forms.reporter import ReporterDetailsForm
from ..models import MeldcodeSettings, ReporterDetails
from ..models.audit import Action, record_event
from ..permissions import get_case_or_404, require_case_worker
from ..summary import summary
from .base import page_url, private, site_of
from .dossier import CASE_PAGE_RELATED, case_context


def _summary_case(request, page, reference, action):
    """The case and the user's role, for a meldcode case the user may see, its opening
    logged as ``action``; a worry about a colleague is not reported to Veilig Thuis, so
    it has no summary."""
    refusal = require_case_worker(request, site_of(request, page), reference)
    if refusal:
        return refusal, None
    case, role = get_case_or_404(request, reference, action=None,
                                 related=(*CASE_PAGE_RELATED, "site"))
    if case.is_colleague_case:
        raise Http404
    if action is not None:
        record_event(request, action, case=case, role=role)
    return case, role


def _context(request, page, case, role):
    dossier = case_context(page, case, role)
    details = ReporterDetails.objects.filter(user=request.user).first()
    return {
        **dossier, **summary(dossier, request.user, details),
        "user": request.user,
        "veilig_thuis_phone": MeldcodeSettings.for_site(case.site).veilig_thuis_phone,
        "case_url": page_url(page, "case", reference=case.reference),
        "summary_url": page_url(page, "case_summary", reference=case.reference),
        "summary_pdf_url": page_url(page, "case_summary_pdf", reference=case.reference),
    }


@require_http_methods(["GET", "POST"])
def summary_view(request, page, reference):
    """The summary, section by section, each to copy into a regional web form; a POST
    saves the reporter's function and phone number."""
    case, role = _summary_case(request, page, reference,
                               Action.SUMMARY if request.method == "GET" else None)
    if role is None:
        return case
    details = ReporterDetails.objects.filter(user=request.user).first()
    form = ReporterDetailsForm(request.POST or None, instance=details,
                               auto_id="mc-reporter-%s")
    if request.method == "POST":
        if form.is_valid():
            form.instance.user = request.user
            form.save()
            messages.success(request, _("Your function and phone number are saved for "
                                        "every summary you make."))
            return redirect(page_url(page, "case_summary", reference=reference))
        # Shown again with the form's errors: an opening of the summary like any other.
        record_event(request, Action.SUMMARY, case=case, role=role)
    context = _context(request, page, case, role)
    context.update({"reporter_form": form, "ask_reporter": details is None or form.errors,
                    "cases_url": page_url(page, "cases")})
    return private(TemplateResponse(request, "wagtail_meldcode/case/summary.html", context))


def summary_pdf_view(request, page, reference):
    """The summary as a PDF, to read from during the phone call."""
    case, role = _summary_case(request, page, reference, Action.SUMMARY_PDF)
    if role is None:
        return case
    pdf = case_pdf(_context(request, page, case, role), request.build_absolute_uri("/"),
                   template="wagtail_meldcode/case/summary_pdf.html")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="meldingsoverzicht-{case.reference}.pdf"')
    return private(response)


#: The views of the summary routes, by route name (see ``MeldcodePage.route_views``).
ROUTE_VIEWS = {
    "case_summary": summary_view,
    "case_summary_pdf": summary_pdf_view,
}
