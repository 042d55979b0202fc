from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SignalList
from .panels import dashboard_panels_for
from .permissions import may_read_sso_log, record_refused_by_page_privacy
from .views.sso_log import SsoEventReportView
from .viewsets import MeldcodeViewSetGroup


class SignalListFilterSet(WagtailFilterSet):
    class Meta:
        model = SignalList
        fields = ["age_group", "form_of_violence"]


class SignalListViewSet(SnippetViewSet):
    """Signal lists (signalenkaarten) in the admin, under the Snippets menu."""

    model = SignalList
    icon = "list-ul"
    #: Plural label in the Snippets menu and on the listing.
    menu_label = _("Signal lists")
    list_display = ["title", "age_group", "form_of_violence"]
    filterset_class = SignalListFilterSet
    search_fields = ["title"]
    ordering = ["form_of_violence", "age_group", "title"]


register_snippet(SignalListViewSet)


@hooks.register("construct_homepage_panels")
def add_dashboard_panels(request, panels):
    panels.extend(dashboard_panels_for(request))


@hooks.register("register_admin_viewset")
def register_meldcode_viewsets():
    return MeldcodeViewSetGroup()


@hooks.register("before_serve_page")
def log_case_urls_refused_by_page_privacy(page, request, serve_args, serve_kwargs):
    """Denied access is logged, also when the page's privacy settings refuse it."""
    record_refused_by_page_privacy(page, request, serve_args)


@hooks.register("register_admin_urls")
def register_sso_log_urls():
    return [
        path("reports/meldcode-sso/", SsoEventReportView.as_view(), name="meldcode_sso_log"),
        path("reports/meldcode-sso/results/", SsoEventReportView.as_view(results_only=True),
             name="meldcode_sso_log_results"),
    ]


class SsoLogMenuItem(MenuItem):
    """Shown to those who may read the single sign-on log only."""

    def is_shown(self, request):
        return may_read_sso_log(request.user)


@hooks.register("register_reports_menu_item")
def register_sso_log_menu_item():
    """The single sign-on log under Reports, for administrators (superusers) only."""
    return SsoLogMenuItem(_("Single sign-on log"), reverse("meldcode_sso_log"),
                             name="meldcode-sso-log", icon_name="key", order=1200)
