"""The coordinator's workspace in the Wagtail admin: every case of their sites."""

import django_filters
from django.db.models import Case as Conditional
from django.db.models import Exists, IntegerField, OuterRef, Value, When
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .choices import CaseStatus, FormOfViolence
from .forms.coordinator import person
from .models import Case, FollowUp
from .models.followup import FollowUpStatus
from .permissions import CasePermissionPolicy, coordinated_cases, evaluation_sites
from .views.admin import access_report_csv, access_report_view, case_admin_view
from .views.evaluation import evaluation_download, evaluation_view

try:  # Wagtail 8 registers permission policies per model ...
    from wagtail.permissions import register_permission_policy
except ImportError:  # ... Wagtail 7.4 takes it from the viewset.
    register_permission_policy = None

STEP_CHOICES = [(n, str(n)) for n in range(1, 6)]


class CaseFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    current_step = django_filters.ChoiceFilter(label=_("Step"), choices=STEP_CHOICES)
    overdue = django_filters.BooleanFilter(
        label=_("Overdue follow-up"), method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )
    form_of_violence = django_filters.ChoiceFilter(
        label=_("Form of violence"), choices=FormOfViolence.choices,
        method="filter_form_of_violence",
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Opened between"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Case
        fields = ["status", "current_step", "owner", "coordinator"]

    def filter_overdue(self, queryset, name, value):
        overdue = FollowUp.objects.filter(
            case=OuterRef("pk"), status=FollowUpStatus.PENDING, escalated_at__isnull=False
        )
        return queryset.filter(Exists(overdue)) if value else queryset.exclude(Exists(overdue))

    def filter_form_of_violence(self, queryset, name, value):
        return queryset.filter(signals__form_of_violence=value).distinct()


class CaseIndexView(IndexView):
    """Cases of the coordinator's sites, their own first; reading is logged per case."""

    def get_base_queryset(self):
        mine = When(coordinator=self.request.user, then=Value(0))
        return (
            coordinated_cases(self.request.user)
            .select_related("owner", "coordinator", "meldcode")
            .annotate(
                mine=Conditional(mine, default=Value(1), output_field=IntegerField()),
                overdue=Exists(FollowUp.objects.filter(
                    case=OuterRef("pk"), status=FollowUpStatus.PENDING,
                    escalated_at__isnull=False,
                )),
            )
        )

    def order_queryset(self, queryset):
        ordering = self.ordering
        if ordering in (None, "", "-updated_at"):
            return queryset.order_by("mine", "-updated_at", "-pk")
        return super().order_queryset(queryset)


class CaseViewSet(ModelViewSet):
    """Cases (dossiers) in the admin, for coordinators only."""

    model = Case
    icon = "folder-open-inverse"
    #: The admin menu item.
    menu_label = _("Meldcode cases")
    index_view_class = CaseIndexView
    filterset_class = CaseFilterSet
    search_fields = ["reference"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    if register_permission_policy is None:
        permission_policy = CasePermissionPolicy()
    # The viewset needs a form; the permission policy allows no add, edit or delete.
    form_fields = ["coordinator"]
    list_display = [
        TitleColumn("reference", label=_("Case"),
                    get_url=lambda case: reverse("meldcode_cases:case", args=[case.pk])),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("current_step", label=_("Step"), sort_key="current_step"),
        Column("owner", label=_("Owner"), accessor=lambda case: person(case.owner)),
        Column("coordinator", label=_("Coordinator"),
               accessor=lambda case: person(case.coordinator) if case.coordinator else ""),
        Column("overdue", label=_("Overdue"),
               accessor=lambda case: _("overdue") if case.overdue else ""),
        DateColumn("updated_at", label=_("Last changed"), sort_key="updated_at"),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/dossier/", case_admin_view, name="case"),
            path("<int:pk>/toegang/", access_report_view, name="access_report"),
            path("<int:pk>/toegang/csv/", access_report_csv, name="access_report_csv"),
        ]


class EvaluationMenuItem(MenuItem):
    def is_shown(self, request):
        return evaluation_sites(request.user) != []


class EvaluationViewSet(ViewSet):
    """The evaluation report: anonymised figures for management and coordinators."""

    icon = "table"
    #: The admin menu item.
    menu_label = _("Evaluation")
    menu_item_class = EvaluationMenuItem

    def get_urlpatterns(self):
        return [
            path("", evaluation_view, name="index"),
            path("csv/", evaluation_download, {"file_format": "csv"}, name="csv"),
            path("xlsx/", evaluation_download, {"file_format": "xlsx"}, name="xlsx"),
        ]


class MeldcodeViewSetGroup(ViewSetGroup):
    """The "Meldcode" menu: cases for coordinators, the evaluation for management too."""

    menu_label = _("Meldcode")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (CaseViewSet("meldcode_cases"), EvaluationViewSet("meldcode_evaluation"))


if register_permission_policy is not None:
    register_permission_policy(Case, CasePermissionPolicy(), exact_class=True)
