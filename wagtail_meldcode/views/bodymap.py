"""The body map of a case (lichaamskaart, step 1): its own page below the case, where
staff mark injuries on the drawing or through the list, change and remove them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import bodymap
from ..forms.bodymap import InjuryMarkForm
from ..models.audit import Action
from ..permissions import get_case_or_404, may_change_case, require_case_worker
from .base import page_url, private, site_of


def _refusal(request, page, reference):
    """The answer to someone who may not use the staff routes (logged), else None."""
    return require_case_worker(request, site_of(request, page), reference, board=True)


def _case(request, reference):
    """``(case, role)`` for the body map's routes, a refusal logged and a 404; a read is
    logged here, a change by the domain function that makes it."""
    case, role = get_case_or_404(request, reference, step=1,
                                 action=Action.VIEW if request.method == "GET" else None)
    if case.is_colleague_case:
        raise Http404  # a worry about a colleague has no signals and no body map
    return case, role


def _closed(request, page, case, role):
    """The redirect for a change the user may not make (a closed case), else None."""
    if may_change_case(case, role):
        return None
    messages.info(request, _("This case is closed; its body map can no longer be changed."))
    return redirect(page_url(page, "bodymap", reference=case.reference))


def _context(page, case, role, form, **extra):
    figure = bodymap.figure_for(case)
    shown = bodymap.display(case, figure)
    editable = may_change_case(case, role)
    for row in shown["marks"]:
        if editable:
            urls = {"reference": case.reference, "pk": row.mark.pk}
            row.urls = {"change": page_url(page, "bodymap_mark", **urls),
                        "remove": page_url(page, "bodymap_remove", **urls)}
    return {
        "page": page, "case": case, "bodymap": shown, "figure": figure,
        "form": form if editable else None, "editable": editable,
        "bodymap_url": page_url(page, "bodymap", reference=case.reference),
        "case_url": page_url(page, "case", reference=case.reference),
        "step_url": page_url(page, "case_step", reference=case.reference, step="signalen"),
        "cases_url": page_url(page, "cases"),
        **extra,
    }


@require_http_methods(["GET", "POST"])
def bodymap_view(request, page, reference):
    """The body map: the marks so far, and the form that adds one."""
    refusal = _refusal(request, page, reference)
    if refusal:
        return refusal
    case, role = _case(request, reference)
    figure = bodymap.figure_for(case)
    form = None
    if request.method == "POST":
        closed = _closed(request, page, case, role)
        if closed:
            return closed
        form = InjuryMarkForm(request.POST, case=case, figure=figure, auto_id="mc-mark-%s")
        if form.is_valid():
            bodymap.add(request, case, role, form.cleaned_data)
            messages.success(request, _("The injury is marked on the body map."))
            return redirect(page_url(page, "bodymap", reference=reference) + "#mc-marks")
    form = form or InjuryMarkForm(case=case, figure=figure, auto_id="mc-mark-%s")
    return private(TemplateResponse(request, "wagtail_meldcode/case/bodymap.html",
                                    _context(page, case, role, form)))


def _changeable_mark(request, page, reference, pk):
    """``(case, role, mark)`` for a route that changes mark ``pk``; or the answer to give
    instead: a logged refusal, or the redirect of a closed case. A 404 for a mark of
    another case."""
    refusal = _refusal(request, page, reference)
    if refusal:
        return refusal
    case, role = _case(request, reference)
    closed = _closed(request, page, case, role)
    if closed:
        return closed
    mark = case.injury_marks.filter(pk=pk).first()
    if mark is None:
        raise Http404
    return case, role, mark


@require_http_methods(["GET", "POST"])
def mark_view(request, page, reference, pk):
    """Change a mark."""
    answer = _changeable_mark(request, page, reference, pk)
    if not isinstance(answer, tuple):
        return answer
    case, role, mark = answer
    figure = bodymap.figure_for(case)
    form = InjuryMarkForm(request.POST or None, case=case, figure=figure, mark=mark,
                          auto_id="mc-mark-%s")
    if request.method == "POST" and form.is_valid():
        bodymap.change(request, mark, role, form.cleaned_data)
        messages.success(request, _("The injury is changed."))
        return redirect(page_url(page, "bodymap", reference=reference) + "#mc-marks")
    number = list(case.injury_marks.values_list("pk", flat=True)).index(mark.pk) + 1
    return private(TemplateResponse(request, "wagtail_meldcode/case/bodymap_mark.html",
                                    _context(page, case, role, form, mark=mark, number=number)))


@require_http_methods(["GET", "POST"])
def remove_view(request, page, reference, pk):
    """Remove a mark, after a confirmation."""
    answer = _changeable_mark(request, page, reference, pk)
    if not isinstance(answer, tuple):
        return answer
    case, role, mark = answer
    if request.method == "POST":
        bodymap.remove(request, mark, role)
        messages.success(request, _("The injury is removed from the body map."))
        return redirect(page_url(page, "bodymap", reference=reference) + "#mc-marks")
    shown = bodymap.display(case)
    row = next(r for r in shown["marks"] if r.mark.pk == mark.pk)
    return private(TemplateResponse(request, "wagtail_meldcode/case/bodymap_remove.html", {
        "page": page, "case": case, "row": row,
        "bodymap_url": page_url(page, "bodymap", reference=reference),
        "case_url": page_url(page, "case", reference=reference),
        "cases_url": page_url(page, "cases"),
    }))


#: The views of the body map's routes, by route name (see ``MeldcodePage.route_views``).
ROUTE_VIEWS = {
    "bodymap": bodymap_view,
    "bodymap_mark": mark_view,
    "bodymap_remove": remove_view,
}
