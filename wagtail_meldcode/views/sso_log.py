"""The single sign-on log (:class:`SsoEvent`) in the Wagtail admin's reports: read only,
for administrators (superusers) only. No download: the log names people and addresses."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from ..models.sso import SsoEvent
from ..permissions import may_read_sso_log


class SsoEventFilterSet(WagtailFilterSet):
    at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)
    username = django_filters.CharFilter(label=_("User"), lookup_expr="icontains")

    class Meta:
        model = SsoEvent
        fields = ["action", "protocol", "username", "at"]


def _lines(field):
    return lambda event: ", ".join(getattr(event, field).splitlines())


class SsoEventReportView(ReportView):
    """Every sign-on, refused sign-on, role change and logout, newest first."""

    page_title = _("Single sign-on log")
    header_icon = "key"
    index_url_name = "meldcode_sso_log"
    index_results_url_name = "meldcode_sso_log_results"
    filterset_class = SsoEventFilterSet
    #: Columns of the table: what happened, to whom, through which provider, and why.
    columns = [
        DateColumn("at", label=_("When")),
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("username", label=_("User")),
        Column("protocol", label=_("Protocol"), accessor="get_protocol_display"),
        Column("issuer", label=_("Identity provider")),
        Column("reason", label=_("Reason")),
        Column("roles_added", label=_("Roles added"), accessor=_lines("roles_added")),
        Column("roles_removed", label=_("Roles removed"), accessor=_lines("roles_removed")),
        Column("ip_address", label=_("From")),
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.is_export = False  # read on screen only

    def dispatch(self, request, *args, **kwargs):
        if not may_read_sso_log(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return SsoEvent.objects.order_by("-at", "-pk")
