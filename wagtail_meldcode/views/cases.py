"""Staff views for cases, served below the organisation's MeldcodePage."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.models import Site

from .. import afwegingskader, case_actions, notices
from .. import colleague as routes
from ..choices import CaseKind, CaseStatus
from ..export import case_pdf
from ..forms.base import YesNoField
from ..forms.cases import NewCaseForm
from ..forms.colleague import NewColleagueCaseForm, steps_of
from ..forms.followup import checkin_form_class
from ..forms.steps import DECISION_QUESTIONS, STEPS
from ..models import CaseDraft, FollowUp, MeldcodeSettings
from ..models.audit import Action, record_event
from ..models.followup import FollowUpStatus
from ..models.notices import NoticeKind
from ..people import person
from ..permissions import (
    board_cases,
    get_case_or_404,
    is_board_member,
    is_case_worker,
    my_cases,
    require_case_worker,
    site_people,
)
from ..questions import SUGGESTION_TEXTS
from ..reminders import AlreadyAnswered, record_answer
from ..wizard import STEP_NUMBERS, CaseWizard, ColleagueCaseWizard
from ..worklist import staff_tasks
from .attachments import ROUTE_VIEWS as ATTACHMENT_ROUTE_VIEWS
from .attachments import upload_context
from .base import case_urls, page_url, private, site_of
from .bodymap import ROUTE_VIEWS as BODYMAP_ROUTE_VIEWS
from .dossier import CASE_PAGE_RELATED, board_concerned, case_context, colleague_context
from .summary import ROUTE_VIEWS as SUMMARY_ROUTE_VIEWS

#: How many cases "Mijn dossiers" shows on a page.
MY_CASES_PER_PAGE = 25

#: The two lists of "Mijn dossiers", by their name in the URL: cases still being worked
#: on (also while help is followed or after a report), and closed ones.
MY_CASES_LISTS = {
    "lopend": (pgettext_lazy("case list", "Current"), ~Q(status=CaseStatus.CLOSED)),
    "afgesloten": (pgettext_lazy("case list", "Closed"), Q(status=CaseStatus.CLOSED)),
}


def my_cases_view(request, page):
    """"Mijn dossiers": the cases the user owns or coordinates, with step and what is due.

    Cases still being worked on come first, those with an overdue check at the top; the
    closed cases are a second list, and the cases the user transferred to a colleague a
    third. All are paged. Above them, what the user has not seen yet (notices).
    """
    site = site_of(request, page)
    refusal = require_case_worker(request, site, board=True)
    if refusal:
        return refusal
    mine = my_cases(request.user).filter(meldcode=page)
    counts = mine.aggregate(**{
        name: Count("pk", filter=condition) for name, (_label, condition) in MY_CASES_LISTS.items()
    })
    board = board_cases(request.user, site).filter(meldcode=page).exclude(owner=request.user)
    counts[BOARD_LIST] = board.count()
    transferred = notices.transferred_away(request.user).filter(case__meldcode=page)
    transferred_count = transferred.count()
    current = request.GET.get("lijst")
    if current == TRANSFERRED_LIST and transferred_count:
        return _transferred_cases(request, page, transferred, transferred_count, counts)
    if current == BOARD_LIST and counts[BOARD_LIST]:
        cases = board
    else:
        if current not in MY_CASES_LISTS:
            current = "lopend"
        cases = mine.filter(MY_CASES_LISTS[current][1])
    cases = (
        cases
        # What the list shows, and no other encrypted field to decrypt.
        .only("reference", "person_reference", "status", "current_step", "kind",
              "reconsider_report", "incomplete_steps", "updated_at")
        .annotate(
            # A subquery per case uses the follow-ups' case index; an aggregate over the
            # join would read, group and sort every follow-up of every listed case.
            next_due=Subquery(
                FollowUp.objects.filter(case=OuterRef("pk"), status=FollowUpStatus.PENDING)
                .order_by("due_on").values("due_on")[:1]
            ),
            has_draft=Exists(CaseDraft.objects.filter(case=OuterRef("pk"), data__isnull=False)),
            overdue=Exists(FollowUp.objects.filter(
                case=OuterRef("pk"), status=FollowUpStatus.PENDING, escalated_at__isnull=False
            )),
        )
        .order_by("-overdue", "-updated_at", "-pk")
    )
    paginator = Paginator(cases, MY_CASES_PER_PAGE)
    paginator.count = counts[current]  # counted above, with the other list
    cases_page = paginator.get_page(request.GET.get("pagina"))
    case_url = case_urls(page, "case")
    route = routes.route_for(page.sector)
    step_urls = {
        kind: [case_urls(page, "case_step", step=slug) for slug in slugs]
        for kind, slugs in ((CaseKind.MELDCODE, [name for name, _form in STEPS]),
                            (CaseKind.COLLEAGUE, [step.slug for step in route.steps]
                             if route else []))
    }
    rows = [
        {"case": case, "url": case_url(case.reference),
         "step_url": step_urls[case.kind][case.current_step - 1](case.reference),
         "step_label": _("Step %(number)s of %(total)s")
         % {"number": case.current_step, "total": len(step_urls[case.kind])}}
        for case in cases_page
    ]
    lists_url = page_url(page, "cases")
    return private(TemplateResponse(request, "wagtail_meldcode/case/my_cases.html", {
        **_my_cases_context(request, page, counts, transferred_count, current),
        "rows": rows, "has_cases": any(counts.values()), "cases_page": cases_page,
        "page_links": page_links(cases_page, f"{lists_url}?lijst={current}&pagina="),
    }))


#: The list of "Mijn dossiers" with the cases the user transferred to a colleague, and
#: the list of the worries about a colleague the user handles as board member.
TRANSFERRED_LIST = "overgedragen"
BOARD_LIST = "bestuur"


def _my_cases_context(request, page, counts, transferred_count, current):
    """What every list of "Mijn dossiers" shows: the tabs and the user's unread notices."""
    lists_url = page_url(page, "cases")
    lists = [
        {"url": f"{lists_url}?lijst={name}", "label": label, "count": counts[name],
         "current": name == current}
        for name, (label, _condition) in MY_CASES_LISTS.items()
    ]
    if counts.get(BOARD_LIST):
        lists.append({"url": f"{lists_url}?lijst={BOARD_LIST}",
                      "label": pgettext_lazy("case list", "For the board"),
                      "count": counts[BOARD_LIST], "current": current == BOARD_LIST})
    if transferred_count:
        lists.append({"url": f"{lists_url}?lijst={TRANSFERRED_LIST}",
                      "label": pgettext_lazy("case list", "Transferred"),
                      "count": transferred_count, "current": current == TRANSFERRED_LIST})
    news = (notices.unread(request.user).filter(case__meldcode=page)
            .exclude(kind=NoticeKind.TRANSFERRED_AWAY)
            .select_related("case", "actor")[:MY_CASES_PER_PAGE])
    case_url = case_urls(page, "case")
    return {
        **case_links(request, page), "page": page, "lists": lists,
        "current_list": current,
        "task_groups": [
            {"group": group, "tasks": [(task, page_url(page, task.route, **task.kwargs))
                                       for task in group.tasks]}
            for group in staff_tasks(request.user, page)
        ],
        "news": [{"notice": notice, "url": case_url(notice.case.reference),
                  "actor": notice.actor and person(notice.actor)} for notice in news],
    }


def _transferred_cases(request, page, transferred, count, counts):
    """The cases the user gave to a colleague: reference, when and to whom; no content."""
    paginator = Paginator(transferred.select_related("case", "new_owner"), MY_CASES_PER_PAGE)
    paginator.count = count
    cases_page = paginator.get_page(request.GET.get("pagina"))
    url = f"{page_url(page, 'cases')}?lijst={TRANSFERRED_LIST}&pagina="
    return private(TemplateResponse(request, "wagtail_meldcode/case/my_cases.html", {
        **_my_cases_context(request, page, counts, count, TRANSFERRED_LIST),
        "transferred": [
            {"notice": notice, "to": notice.new_owner and person(notice.new_owner)}
            for notice in cases_page
        ],
        "has_cases": True, "cases_page": cases_page, "page_links": page_links(cases_page, url),
    }))


def page_links(cases_page, url):
    """Previous, next and numbered links for a paged list, each with its URL."""
    numbers = cases_page.paginator.get_elided_page_range(cases_page.number, on_each_side=2,
                                                         on_ends=1)
    return {
        "previous": cases_page.has_previous() and url + str(cases_page.previous_page_number()),
        "next": cases_page.has_next() and url + str(cases_page.next_page_number()),
        "numbers": [
            {"number": n, "url": url + str(n) if isinstance(n, int) else None,
             "current": n == cases_page.number}
            for n in numbers
        ],
    }


@require_http_methods(["GET", "POST"])
def new_case_view(request, page):
    """Open a case: who it is about; then on to step 1."""
    site = site_of(request, page)
    refusal = require_case_worker(request, site)
    if refusal:
        return refusal
    form = NewCaseForm(request.POST or None, sector=page.sector)
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        case.meldcode = page
        case.meldcode_revision = page.live_revision
        case.site = site
        case_actions.open_case(request, case)
        messages.success(request, _("Case %(reference)s is opened.") % {
            "reference": case.reference})
        return redirect(page_url(page, "case_step", reference=case.reference, step=STEPS[0][0]))
    return private(TemplateResponse(request, "wagtail_meldcode/case/new_case.html", {
        "page": page, "form": form, "cases_url": page_url(page, "cases"),
    }))


@require_http_methods(["GET", "POST"])
def new_colleague_case_view(request, page):
    """Open a worry about a colleague: who it is about and which colleague; then on to the
    first step of the sector's legal route."""
    site = site_of(request, page)
    refusal = require_case_worker(request, site)
    if refusal:
        return refusal
    route = routes.route_for(page.sector)
    if route is None:
        raise Http404
    site_settings = MeldcodeSettings.for_site(site)
    form = NewColleagueCaseForm(request.POST or None, sector=page.sector, user=request.user,
                                colleagues=site_people(site_settings))
    if request.method == "POST" and form.is_valid():
        case = form.save(commit=False)
        case.meldcode = page
        case.meldcode_revision = page.live_revision
        case.site = site
        case_actions.open_colleague_case(request, case, route)
        messages.success(request, _("Case %(reference)s is opened.") % {
            "reference": case.reference})
        concerned = board_concerned(route, site_settings, case)
        if concerned:
            messages.warning(request, concerned)
        return redirect(page_url(page, "case_step", reference=case.reference,
                                 step=route.steps[0].slug))
    return private(TemplateResponse(request, "wagtail_meldcode/colleague/new_case.html", {
        "page": page, "form": form, "route": route, "cases_url": page_url(page, "cases"),
    }))


def case_view(request, page, reference):
    """One case: what was recorded in each step, the decisions, and its chronology."""
    refusal = require_case_worker(request, site_of(request, page), reference, board=True)
    if refusal:
        return refusal
    try:
        case, role = get_case_or_404(request, reference, related=CASE_PAGE_RELATED)
    except Http404:
        return _transferred_case(request, page, reference)
    context = case_context(page, case, role)
    return private(TemplateResponse(
        request, "wagtail_meldcode/case/case.html",
        {**context, **upload_context(page, case, context),
         "bodymap_url": page_url(page, "bodymap", reference=reference)},
    ))


def _transferred_case(request, page, reference):
    """A former owner opening a case they transferred learns when and to whom; anyone
    else gets the 404 (the refusal is logged either way)."""
    notice = (notices.transferred_away(request.user).filter(case__reference=reference)
              .select_related("case", "new_owner").first())
    if notice is None:
        raise Http404
    return private(TemplateResponse(request, "wagtail_meldcode/case/transferred.html", {
        "page": page, "notice": notice, "to": notice.new_owner and person(notice.new_owner),
        "cases_url": page_url(page, "cases") + f"?lijst={TRANSFERRED_LIST}",
    }, status=403))


def case_pdf_view(request, page, reference):
    """The whole dossier as a PDF; every export is logged."""
    refusal = require_case_worker(request, site_of(request, page), reference, board=True)
    if refusal:
        return refusal
    case, role = get_case_or_404(request, reference, action=Action.EXPORT,
                                 related=CASE_PAGE_RELATED)
    context = {**case_context(page, case, role), "user": request.user}
    response = HttpResponse(case_pdf(context, request.build_absolute_uri("/")),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{case.reference}.pdf"'
    return private(response)


def case_step_view(request, page, reference, step):
    """A step of the case wizard: the meldcode's five steps, or the legal route of a worry
    about a colleague."""
    refusal = require_case_worker(request, site_of(request, page), reference, board=True)
    if refusal:
        return refusal
    # Reads are logged here; what a POST changes is logged by the wizard.
    case, role = get_case_or_404(
        request, reference, action=None, step=STEP_NUMBERS.get(step),
        related=getattr(dict(STEPS).get(step), "case_related", ()),
    )
    if case.meldcode_id == page.pk:
        case.meldcode = page  # the wizard and the lifecycle read its step pages' questions
    route = routes.route_for(page.sector) if case.is_colleague_case else None
    form_list = steps_of(route) if route else list(STEPS)
    slugs = [name for name, _form in form_list]
    if request.method == "GET":
        record_event(request, Action.VIEW, case=case, role=role,
                     step=slugs.index(step) + 1 if step in slugs else None)
    if case.is_closed:
        messages.info(request, _("This case is closed; its steps can no longer be changed."))
        return redirect(page_url(page, "case", reference=reference))
    request.meldcode_case = case
    options = {"url_name": "case_step", "done_step_name": "klaar", "page": page, "case": case,
               "role": role}
    if route:
        view = ColleagueCaseWizard.as_view(form_list, route=route,
                                           route_context=colleague_context(case), **options)
    else:
        view = CaseWizard.as_view(form_list, **options)
    return view(request, step=step)


def advice_view(request, page, reference):
    """The afwegingskader's suggestion for the answers in the query string, as JSON."""
    refusal = require_case_worker(request, site_of(request, page), reference)
    if refusal:
        return refusal
    case, _role = get_case_or_404(request, reference, action=None, related=("weighing",))
    if case.is_colleague_case:
        raise Http404  # no afwegingskader on the legal route
    weighing = getattr(case, "weighing", None)
    if weighing is None:
        return private(JsonResponse({"suggestion": None}))
    answers = {name: YesNoField.to_bool(request.GET.get(name)) for name in DECISION_QUESTIONS}
    try:
        outcome = afwegingskader.weigh(afwegingskader.Answers(
            suspicion=weighing.suspicion, acute_unsafety=weighing.acute_unsafety,
            structural_unsafety=weighing.structural_unsafety, **answers,
        ))
    except ValueError:
        return private(JsonResponse({"suggestion": None, "text": _(
            "Answer the questions above to see the advice of the afwegingskader.")}))
    return private(JsonResponse({
        "suggestion": outcome.suggestion,
        "text": str(SUGGESTION_TEXTS[outcome.suggestion]),
        "report_required": outcome.report_required,
        "help_possible": outcome.help_possible,
    }))



def followup_view(request, page, reference, pk):
    """The check-in of a follow-up: the link in the reminder e-mail leads here."""
    refusal = require_case_worker(request, site_of(request, page), reference)
    if refusal:
        return refusal
    # Reads are logged here; an answer is logged as what it is.
    case, role = get_case_or_404(request, reference, step=5,
                                 action=Action.VIEW if request.method == "GET" else None)
    # A worry about a colleague has no check-ins: its reminders lead to its steps.
    followup = None if case.is_colleague_case else case.followups.filter(pk=pk).first()
    if followup is None:
        raise Http404
    answerable = followup.status == FollowUpStatus.PENDING and not case.is_closed
    form_class = checkin_form_class(followup)
    form, answered = None, None
    if request.method == "POST" and followup.status != FollowUpStatus.PENDING:
        answered = followup  # a stale form: a colleague answered since it was opened
    elif request.method == "POST" and answerable:
        form = form_class(request.POST, instance=followup)
        if form.is_valid():
            try:
                record_answer(followup, request.user, **form.answer())
            except AlreadyAnswered as conflict:
                answered = conflict.followup
            else:
                record_event(request, Action.FOLLOW_UP, case=case, role=role, step=5)
                messages.success(request, _("The follow-up of case %(reference)s is saved.")
                                 % {"reference": case.reference})
                return redirect(page_url(page, "case", reference=reference))
    elif answerable:
        form = form_class(instance=followup)
    if answered is not None:
        record_event(request, Action.CONFLICT, case=case, role=role, step=5)
        # What was typed stays on the page, beside the answer that was saved.
        form = form_class(request.POST, instance=FollowUp(kind=answered.kind, case=case))
    return private(TemplateResponse(request, "wagtail_meldcode/case/followup.html", {
        "page": page, "case": case, "followup": answered or followup, "form": form,
        "answered": answered,
        # What the check is about: the help agreed, and how the earlier checks went.
        "decision": followup.decision or case.latest_decision(),
        "earlier": case.followups.filter(status=FollowUpStatus.DONE).exclude(pk=followup.pk)
        .select_related("answered_by").order_by("-answered_at"),
        "case_url": page_url(page, "case", reference=reference),
        "cases_url": page_url(page, "cases"),
    }))


def case_links(request, page):
    """What the meldcode's index page and "Mijn dossiers" link to: for a case worker "Mijn
    dossiers", a new case and a worry about a colleague; for a board member "Mijn
    dossiers"; nothing for anyone else."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    if is_case_worker(request.user, site):
        return {"cases_url": page_url(page, "cases"), "new_case_url": page_url(page, "new_case"),
                "new_colleague_case_url": page.has_colleague_route
                and page_url(page, "new_colleague_case")}
    if is_board_member(request.user, site):
        return {"cases_url": page_url(page, "cases")}
    return {}


#: The views of the staff routes below a meldcode page, by route name (see
#: ``MeldcodePage.route_views``).
ROUTE_VIEWS = {
    "cases": my_cases_view,
    "new_case": new_case_view,
    "new_colleague_case": new_colleague_case_view,
    "case": case_view,
    "case_pdf": case_pdf_view,
    "case_advice": advice_view,
    "case_step": case_step_view,
    "followup": followup_view,
    **ATTACHMENT_ROUTE_VIEWS,
    **SUMMARY_ROUTE_VIEWS,
    **BODYMAP_ROUTE_VIEWS,
}
