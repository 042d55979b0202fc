"""Panels on the Wagtail admin dashboard for coordinators."""

import datetime

from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Site

from .models import FollowUp
from .models.followup import FollowUpStatus
from .permissions import is_coordinator


class FollowUpsPanel(Component):
    """Follow-ups of this site: overdue (escalated) first, then due, then the coming week."""

    name = "meldcode_followups"
    template_name = "wagtail_meldcode/admin/followups_panel.html"
    order = 90
    #: Rows per group; the counts show how many there are in all.
    limit = 20

    def __init__(self, site):
        self.site = site

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        now = timezone.now()
        pending = (
            FollowUp.objects.filter(case__site=self.site, status=FollowUpStatus.PENDING)
            .select_related("case__meldcode")
            .order_by("due_at")
        )
        groups = [
            ("overdue", pending.filter(escalated_at__isnull=False)),
            ("due", pending.filter(due_at__lte=now, escalated_at__isnull=True)),
            ("upcoming", pending.filter(due_at__gt=now,
                                        due_at__lte=now + datetime.timedelta(days=7))),
        ]
        return {
            "groups": [
                {
                    "name": name,
                    "count": queryset.count(),
                    "rows": [
                        (followup, self.checkin_url(followup, request))
                        for followup in queryset[: self.limit]
                    ],
                }
                for name, queryset in groups
            ],
        }

    @staticmethod
    def checkin_url(followup, request):
        meldcode = followup.case.meldcode
        return meldcode.get_url(request) + meldcode.reverse_subpage(
            "followup", kwargs={"reference": followup.case.reference, "pk": followup.pk}
        )


def followups_panel_for(request):
    """The panel, for coordinators of the request's site only."""
    site = Site.find_for_request(request)
    if site is not None and (request.user.is_superuser or is_coordinator(request.user, site)):
        return FollowUpsPanel(site)
    return None
