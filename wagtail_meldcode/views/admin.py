"""The coordinator's case view in the Wagtail admin: the dossier with its state at a glance,
an action menu in the header, and a page of its own for each action."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, ButtonWithDropdown, HeaderButton

from .. import lifecycle, retention
from ..choices import CaseStatus
from ..forms.coordinator import CASE_ACTIONS
from ..models.audit import Action, CaseEvent
from ..models.followup import FollowUpStatus, planned_checks
from ..models.pages import STEP_NAMES
from ..people import person
from ..permissions import get_coordinated_case_or_404
from .base import private
from .dossier import CASE_PAGE_RELATED, case_context
from .downloads import csv_response, separator


class CaseAdminMixin(WagtailAdminTemplateMixin):
    """A page about one case in the coordinator's workspace: coordinators of its site only,
    every visit logged (see :func:`~.permissions.get_coordinated_case_or_404`)."""

    header_icon = "folder-open-inverse"
    #: What a visit is logged as; None logs nothing (an action logs what it did).
    logged_action = Action.VIEW
    related = ()

    def dispatch(self, request, pk, **kwargs):
        self.case, self.role = get_coordinated_case_or_404(
            request, pk, action=self.get_logged_action(), related=self.related)
        return private(super().dispatch(request, pk, **kwargs))

    def get_logged_action(self):
        return self.logged_action

    @cached_property
    def case_url(self):
        return reverse("meldcode_cases:case", args=[self.case.pk])

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("meldcode_cases:index"), "label": gettext_lazy("Meldcode cases")},
            {"url": self.case_url,
             "label": _("Case %(reference)s") % {"reference": self.case.reference}},
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("case", self.case)
        return super().get_context_data(**kwargs)


class CaseView(CaseAdminMixin, TemplateView):
    """The dossier: its state at a glance, the steps as recorded, the follow-up and the
    chronology; the actions that apply in the header's menu."""

    template_name = "wagtail_meldcode/admin/case.html"
    related = CASE_PAGE_RELATED

    def get_page_title(self):
        return _("Case %(reference)s") % {"reference": self.case.reference}

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items()[:-1] + [{"url": "", "label": self.get_page_title()}]

    @cached_property
    def context(self):
        return case_context(self.case.meldcode, self.case, self.role)

    def get_header_buttons(self):
        case = self.case
        buttons = [
            HeaderButton(_("Download the dossier (PDF)"), url=self.context["pdf_url"],
                         icon_name="download", priority=10),
            HeaderButton(_("Summary for Veilig Thuis"), url=self.context["summary_url"],
                         icon_name="doc-full", priority=15),
            HeaderButton(_("Who accessed this case"), icon_name="history", priority=20,
                         url=reverse("meldcode_cases:access_report", args=[case.pk])),
        ]
        actions = [
            Button(form.title_for(case), url=f"{self.case_url}{form.slug}/", priority=number)
            for number, form in enumerate(CASE_ACTIONS.values()) if form.is_available(case)
        ]
        if actions:
            buttons.append(ButtonWithDropdown(
                label=_("Actions"), icon_name="arrow-down", buttons=actions, priority=30,
                classname="w-h-slim-header",
            ))
        return buttons

    def get_context_data(self, **kwargs):
        case = self.case
        return super().get_context_data(
            **self.context,
            step_name=STEP_NAMES[case.current_step - 1],
            missing=lifecycle.missing_items(case) if case.status == CaseStatus.OPEN else [],
            next_check=planned_checks(case).first(),
            purge_on=retention.purge_date(case),
            legal_hold=case.active_legal_hold(),
            **kwargs,
        )


class CaseActionView(CaseAdminMixin, FormView):
    """One of the coordinator's actions (:data:`~.forms.coordinator.CASE_ACTIONS`) on a page
    of its own; done, it leads back to the dossier with a message that says what changed."""

    template_name = "wagtail_meldcode/admin/case_action.html"

    def dispatch(self, request, pk, action):
        # Access to the case is checked (and a refusal logged) before the action's name.
        self.form_class = CASE_ACTIONS.get(action)
        return super().dispatch(request, pk)

    def get_logged_action(self):
        # Showing the form is a read; a post logs what it did.
        if self.form_class is not None and self.request.method == "GET":
            return Action.VIEW
        return None

    def get(self, request, *args, **kwargs):
        return self.refusal() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refusal() or super().post(request, *args, **kwargs)

    def refusal(self):
        """The answer when there is no such action, or it does not apply to the case."""
        if self.form_class is None:
            raise Http404
        if not self.form_class.is_available(self.case):
            messages.error(self.request, _("This action does not apply to case %(reference)s.")
                           % {"reference": self.case.reference})
            return redirect(self.case_url)
        return None

    def get_page_title(self):
        return str(self.form_class.title_for(self.case))

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [{"url": "", "label": self.get_page_title()}]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.case}

    def form_valid(self, form):
        told = form.perform(self.request, self.role)
        message = form.done_message()
        names = sorted({person(notice.recipient) for notice in told})
        if names:
            message = _("%(change)s Told: %(names)s.") % {
                "change": message, "names": ", ".join(names)}
        messages.success(self.request, message)
        return redirect(self.case_url)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            submit_label=self.form_class.submit_label or self.get_page_title(),
            cancel_url=self.case_url,
            pending_checks=self.case.followups.filter(status=FollowUpStatus.PENDING).count(),
            **kwargs,
        )


class AccessReportView(CaseAdminMixin, TemplateView):
    """Who saw or changed the case, when, in which role and from where; denials too."""

    template_name = "wagtail_meldcode/admin/access_report.html"
    header_icon = "history"
    logged_action = Action.ACCESS_REPORT

    def get_page_title(self):
        return _("Who accessed case %(reference)s") % {"reference": self.case.reference}

    def get_breadcrumbs_items(self):
        return super().get_breadcrumbs_items() + [
            {"url": "", "label": _("Who accessed this case")}]

    def get_context_data(self, **kwargs):
        rows = [(event, _who(event)) for event in _access_events(self.case)]
        return super().get_context_data(rows=rows, **kwargs)


def _access_events(case):
    return CaseEvent.objects.filter(case=case).select_related("user").order_by("at", "pk")


def _who(event):
    name = event.user.get_full_name() if event.user else ""
    return f"{name} ({event.username})" if name else event.username


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
