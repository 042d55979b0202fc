"""Panels on the Wagtail admin dashboard for coordinators, with counts and links."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from . import notices
from .choices import CaseStatus
from .conf import get_setting
from .models import FollowUp
from .models.followup import FollowUpKind, FollowUpStatus
from .models.pages import STEP_COUNT
from .notifications import notice_url
from .permissions import coordinated_cases, may_coordinate
from .worklist import COORDINATOR_CASES


class DashboardPanel(Component):
    """A panel of groups, each a title, a count and the first rows with links."""

    template_name = "wagtail_meldcode/admin/dashboard_panel.html"
    #: Rows per group; the counts show how many there are in all.
    limit = 20
    heading = ""

    def __init__(self, site):
        self.site = site

    def get_groups(self, request):
        """``[(title, queryset, row function)]``; a row is ``(reference, what, date, url)``."""
        return []

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "heading": self.heading,
            "panel_id": self.name,
            "groups": [
                {"title": title, "count": queryset.count(),
                 "rows": [row(item, request) for item in queryset[: self.limit]]}
                for title, queryset, row in self.get_groups(request)
            ],
        }


def _admin_case_url(case, action=""):
    """The case's page in the admin, or that of the coordinator's ``action`` on it."""
    if action:
        return reverse("meldcode_cases:case_action", args=[case.pk, action])
    return reverse("meldcode_cases:case", args=[case.pk])


def _url(meldcode, request, route, **kwargs):
    return meldcode.get_url(request) + meldcode.reverse_subpage(route, kwargs=kwargs)


class NoticesPanel(DashboardPanel):
    """What the coordinator has not seen yet: new cases, cases assigned to them."""

    name = "meldcode_notices"
    order = 89
    heading = _("New for you")

    def get_groups(self, request):
        unread = (notices.unread(request.user)
                  .filter(case__in=coordinated_cases(request.user).filter(site=self.site))
                  .select_related("case__site", "case__meldcode"))

        def row(notice, request):
            return (notice.case.reference, notice.get_kind_display(),
                    timezone.localtime(notice.created_at).date(), notice_url(notice))

        return [(_("Not seen yet"), unread, row)]


class FollowUpsPanel(DashboardPanel):
    """Follow-ups of this site: overdue (escalated) first, then due, then the coming week."""

    name = "meldcode_followups"
    order = 90
    heading = _("Follow-ups of cases")

    def get_groups(self, request):
        now = timezone.now()
        pending = (
            FollowUp.objects.filter(case__in=coordinated_cases(request.user).filter(site=self.site),
                                    status=FollowUpStatus.PENDING)
            .exclude(kind=FollowUpKind.STALLED)
            .select_related("case__meldcode")
            .order_by("due_at")
        )

        def row(followup, request):
            case = followup.case
            return (case.reference, followup.get_kind_display(), followup.due_on,
                    _url(case.meldcode, request, "followup", reference=case.reference,
                         pk=followup.pk))

        return [
            (_("Overdue (escalated)"), pending.filter(escalated_at__isnull=False), row),
            (_("Due now"), pending.filter(due_at__lte=now, escalated_at__isnull=True), row),
            (_("In the coming week"),
             pending.filter(due_at__gt=now, due_at__lte=now + datetime.timedelta(days=7)), row),
        ]


class CasesPanel(DashboardPanel):
    """What waits for a coordinator of this site: new cases without a coordinator, cases
    waiting for a decision, incomplete or stalled, and cases whose content is removed soon
    (the "Meldcode" menu counts them: :func:`~.worklist.coordinator_task_count`)."""

    name = "meldcode_cases"
    order = 91
    heading = _("Cases that need attention")

    def get_groups(self, request):
        cases = coordinated_cases(request.user).filter(site=self.site).select_related("meldcode")
        open_cases = cases.filter(status=CaseStatus.OPEN)

        def row(case, request, action=""):
            """The case, where it stands, and the admin page to act on it."""
            return (case.reference,
                    _("Step %(number)s of %(total)s")
                    % {"number": case.current_step, "total": STEP_COUNT},
                    timezone.localtime(case.step_entered_at).date(),
                    _admin_case_url(case, action))

        def to_assign(case, request):
            return row(case, request, "toewijzen")

        def purge_row(case, request):
            return (case.reference, _("Content removed soon: a legal hold stops it"),
                    case.purge_warned_on, _admin_case_url(case, "vernietigingsstop"))

        return [
            (_("New, without a coordinator"),
             cases.filter(COORDINATOR_CASES["unassigned"]).order_by("created_at"), to_assign),
            (_("Waiting for a decision"),
             cases.filter(COORDINATOR_CASES["waiting"]).order_by("step_entered_at"), row),
            (_("Steps skipped or incomplete"),
             cases.exclude(incomplete_steps="").exclude(status=CaseStatus.CLOSED)
             .order_by("step_entered_at"), row),
            (_("Stalled in one step"),
             open_cases.filter(followups__kind=FollowUpKind.STALLED,
                               followups__status=FollowUpStatus.PENDING)
             .distinct().order_by("step_entered_at"), row),
            (_("Content removed soon"),
             cases.filter(COORDINATOR_CASES["purge_warned"]).select_related("site")
             .order_by("purge_warned_on"), purge_row),
        ]


class TwoFactorOffPanel(Component):
    """A warning on the dashboard while two-factor login is switched off (a demo)."""

    name = "meldcode_two_factor_off"
    order = 10
    template_name = "wagtail_meldcode/admin/two_factor_off.html"


def dashboard_panels_for(request):
    """The panels: the follow-ups and cases for coordinators of the request's site, and
    for everyone a warning while two-factor login is off."""
    panels = [] if get_setting("REQUIRE_2FA") else [TwoFactorOffPanel()]
    site = Site.find_for_request(request)
    if site is not None and may_coordinate(request.user, site):
        panels += [NoticesPanel(site), FollowUpsPanel(site), CasesPanel(site)]
    return panels
