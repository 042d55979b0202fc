"""The attachments of a case: adding one, and the one way to its bytes.

No attachment has a URL of its own in the storage: its bytes are served here only, to
whom the permission module gives the case, every read logged, never kept in a cache.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import attachments
from ..forms.attachments import AttachmentForm, RemoveAttachmentForm
from ..models.attachments import AttachmentKind
from ..models.audit import Action, record_event
from ..permissions import get_case_or_404, may_change_case, require_case_worker
from .base import page_url, private, site_of

#: The kinds a browser may show in its own window (a PDF, a photo); the others download.
INLINE_KINDS = (AttachmentKind.PDF, AttachmentKind.JPEG, AttachmentKind.PNG)


def attachment_rows(page, case, role):
    """The attachments of ``case`` as the dossier lists them to someone with ``role`` on
    it, each with its URLs (none once the file was removed)."""
    may_remove = may_change_case(case, role)
    rows = []
    for attachment in case.attachments.select_related("signal", "consultation",
                                                      "conversation", "removed_by"):
        urls = {"reference": case.reference, "pk": attachment.pk}
        rows.append({
            "attachment": attachment,
            "remove_url": (page_url(page, "attachment_remove", **urls)
                           if attachment.has_file and may_remove else None),
            "url": page_url(page, "attachment", **urls) if attachment.has_file else None,
            "view_url": (page_url(page, "attachment_inline", **urls)
                         if attachment.has_file and attachment.kind in INLINE_KINDS else None),
        })
    return rows


def upload_context(page, case, context):
    """What the case page needs to offer the upload form (nothing for a closed case);
    ``context``: the dossier's (:func:`.dossier.case_context`), whose records it reuses."""
    if not may_change_case(case, context["role"]):
        return {}
    records = (context["signals"], context["consultations"], context["conversations"])
    return {
        "attachment_form": AttachmentForm(case=case, records=records,
                                          auto_id="mc-attachment-%s"),
        "attachment_add_url": page_url(page, "attachment_add", reference=case.reference),
    }


@require_http_methods(["GET", "POST"])
def add_view(request, page, reference):
    """Add an attachment to a case; a refused file is said next to the field, and nothing
    is stored."""
    refusal = require_case_worker(request, site_of(request, page), reference, board=True)
    if refusal:
        return refusal
    # A read is logged here; an upload is logged as what it is.
    case, role = get_case_or_404(request, reference,
                                 action=Action.VIEW if request.method == "GET" else None)
    case_url = page_url(page, "case", reference=reference)
    if not may_change_case(case, role):
        messages.info(request, _("This case is closed; no attachments can be added."))
        return redirect(case_url)
    form = AttachmentForm(request.POST or None, request.FILES or None, case=case,
                          auto_id="mc-attachment-%s")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        attachments.add(request, case, role, data["file"], title=data["title"],
                        dated_on=data["dated_on"], description=data["description"],
                        record=data["record"])
        messages.success(request, _("The attachment '%(title)s' is added.")
                         % {"title": data["title"]})
        return redirect(f"{case_url}#bijlagen")
    return private(TemplateResponse(request, "wagtail_meldcode/case/attachment_add.html", {
        "page": page, "case": case, "attachment_form": form, "case_url": case_url,
        "attachment_add_url": page_url(page, "attachment_add", reference=reference),
        "cases_url": page_url(page, "cases"),
    }))


@require_http_methods(["GET", "POST"])
def remove_view(request, page, reference, pk):
    """Remove an attachment by hand, after saying what that does and asking why."""
    refusal = require_case_worker(request, site_of(request, page), reference, board=True)
    if refusal:
        return refusal
    case, role = get_case_or_404(request, reference,
                                 action=Action.VIEW if request.method == "GET" else None)
    attachment = case.attachments.filter(pk=pk, removed_at__isnull=True).first()
    if attachment is None or not attachment.has_file:
        raise Http404
    case_url = page_url(page, "case", reference=reference)
    if not may_change_case(case, role):
        messages.info(request, _("This case is closed; its attachments can no longer be "
                                 "removed."))
        return redirect(case_url)
    form = RemoveAttachmentForm(request.POST or None, auto_id="mc-remove-%s")
    if request.method == "POST" and form.is_valid():
        title = attachment.title
        attachments.remove(request, case, role, attachment, form.cleaned_data["reason"])
        messages.success(request, _("The attachment '%(title)s' is removed.") % {"title": title})
        return redirect(f"{case_url}#bijlagen")
    return private(TemplateResponse(request, "wagtail_meldcode/case/attachment_remove.html", {
        "page": page, "case": case, "attachment": attachment, "form": form,
        "case_url": case_url, "cases_url": page_url(page, "cases"),
    }))


def _serve(request, page, reference, pk, *, inline):
    refusal = require_case_worker(request, site_of(request, page), reference, board=True)
    if refusal:
        return refusal
    case, role = get_case_or_404(request, reference, action=None)
    attachment = case.attachments.filter(pk=pk).exclude(stored_name="").first()
    if attachment is None or (inline and attachment.kind not in INLINE_KINDS):
        raise Http404
    data = attachments.read(attachment)
    record_event(request, Action.OPEN_ATTACHMENT, case=case, role=role)
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        not inline, attachments.download_name(attachment, case))
    return private(response)


def download_view(request, page, reference, pk):
    """The attachment as a download."""
    return _serve(request, page, reference, pk, inline=False)


def inline_view(request, page, reference, pk):
    """The attachment (a PDF or a photo) shown in the browser."""
    return _serve(request, page, reference, pk, inline=True)


#: The views of the attachment routes, by route name (see ``MeldcodePage.route_views``).
ROUTE_VIEWS = {
    "attachment_add": add_view,
    "attachment": download_view,
    "attachment_inline": inline_view,
    "attachment_remove": remove_view,
}
