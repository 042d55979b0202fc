"""The coordinator's workspace in the Wagtail admin: every case of their sites."""

import django_filters
import django_filters.fields
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.models import Case as Conditional
from django.db.models import Exists, IntegerField, OuterRef, Q, Value, When
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .choices import CaseStatus, FormOfViolence
from .models import Case, FollowUp
from .models.followup import FollowUpStatus
from .people import person
from .permissions import (
    CasePermissionPolicy,
    coordinated_cases,
    coordinators_of_coordinated_sites,
    evaluation_sites,
)
from .views.admin import AccessReportView, CaseActionView, CaseView, access_report_csv
from .views.evaluation import evaluation_download, evaluation_view
from .worklist import coordinator_task_count

try:  # Wagtail 8 registers permission policies per model ...
    from wagtail.permissions import register_permission_policy
except ImportError:  # ... Wagtail 7.4 takes it from the viewset.
    register_permission_policy = None

STEP_CHOICES = [(n, str(n)) for n in range(1, 6)]


def overdue_followups():
    """The follow-ups of a case (``OuterRef("pk")``) that are overdue: escalated, unanswered."""
    return FollowUp.objects.filter(
        case=OuterRef("pk"), status=FollowUpStatus.PENDING, escalated_at__isnull=False
    )


def site_coordinators(request):
    """The coordinator filter's choices: the members of the coordinators groups of the
    sites the user coordinates (:func:`~.permissions.coordinators_of_coordinated_sites`)."""
    user = request.user if request is not None else AnonymousUser()
    return coordinators_of_coordinated_sites(user).order_by("first_name", "last_name", "username")


class PersonChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        # Wagtail's active filter labels pass the null choice ("not assigned") as its value.
        if self.null_label is not None and obj == self.null_value:
            return self.null_label
        return person(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    field_class = PersonChoiceField

    def get_queryset(self, request):
        # django-filter asks on every use of the field; once per request (filter set) does.
        if not hasattr(self, "_people"):
            self._people = super().get_queryset(request)
        return self._people


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
    # A text field, not a list of every staff member: that list runs into the hundreds.
    owner = django_filters.CharFilter(
        label=_("Owner"), method="filter_owner",
        help_text=_("Part of the name or username."),
    )
    coordinator = PersonFilter(
        label=_("Coordinator"), queryset=site_coordinators, null_label=_("Not assigned"),
    )

    class Meta:
        model = Case
        fields = ["status", "current_step", "owner", "coordinator"]

    def filter_overdue(self, queryset, name, value):
        overdue = Exists(overdue_followups())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_owner(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(owner__username__icontains=word) | Q(owner__first_name__icontains=word)
                | Q(owner__last_name__icontains=word)
            )
        return queryset

    def filter_form_of_violence(self, queryset, name, value):
        return queryset.filter(signals__form_of_violence=value).distinct()


def incomplete_label(case):
    """"Step 2, 3" for a case that went past steps that lack something, else ""."""
    steps = case.incomplete_step_numbers
    return ngettext("Step %(steps)s", "Steps %(steps)s", len(steps)) % {
        "steps": ", ".join(map(str, steps))} if steps else ""


class ListedCases:
    """The cases of the listing, as the paginator takes them: a count and slices.

    A slice is two small queries instead of one over every case. The first reads only ids
    from the case table; in the default order, the coordinator's own cases first, it takes
    their own cases and the others, each from an index by last change, and orders just
    those. The second loads the cases of those ids with what the columns show.
    """

    #: What the columns show; the listing shows no case content, so it does not load it.
    fields = ["reference", "status", "current_step", "incomplete_steps", "updated_at", "owner",
              "coordinator"]

    def __init__(self, queryset, *, own_first_for=None):
        self.queryset = queryset
        self.model = queryset.model
        self.user = own_first_for

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("ListedCases can only be sliced.")
        ids = self.ids(key.start or 0, key.stop)
        cases = (
            Case.objects.filter(pk__in=ids)
            .select_related("owner", "coordinator")
            .only(*self.fields)
            .annotate(overdue=Exists(overdue_followups()))
            .in_bulk()
        )
        return [cases[pk] for pk in ids]

    def ids(self, start, stop):
        """The ids of the cases from ``start`` to ``stop`` in the listing's order."""
        if self.user is None:
            return list(self.queryset.values_list("pk", flat=True)[start:stop])
        if stop <= start:
            return []
        if not connections[self.queryset.db].features.supports_slicing_ordering_in_compound:
            # SQLite: one sort over every case, as the union below needs LIMIT in its parts.
            mine = When(coordinator=self.user, then=Value(0))
            return list(
                self.queryset.annotate(
                    mine=Conditional(mine, default=Value(1), output_field=IntegerField())
                )
                .order_by("mine", "-updated_at", "-pk")
                .values_list("pk", flat=True)[start:stop]
            )

        def by_last_change(queryset, rank):
            return (
                queryset.annotate(mine=Value(rank, output_field=IntegerField()))
                .order_by("-updated_at", "-pk")
                .values_list("pk", "mine", "updated_at")[:stop]
            )

        own = by_last_change(self.queryset.filter(coordinator=self.user), 0)
        others = by_last_change(self.queryset.exclude(coordinator=self.user), 1)
        rows = own.union(others, all=True).order_by("mine", "-updated_at", "-pk")
        return [pk for pk, _mine, _updated_at in rows[start:stop]]


class CaseIndexView(IndexView):
    """Cases of the coordinator's sites, their own first; reading is logged per case."""

    def get_base_queryset(self):
        return coordinated_cases(self.request.user)

    @cached_property
    def own_first(self):
        """Whether the listing is in its default order: the user's own cases first."""
        return self.ordering in (None, "", "-updated_at")

    def order_queryset(self, queryset):
        if self.own_first:
            return queryset.order_by("-updated_at", "-pk")
        # The id settles ties, so that no case shows on two pages or on none.
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")

    def paginate_queryset(self, queryset, page_size):
        user = self.request.user if self.own_first else None
        return super().paginate_queryset(
            ListedCases(queryset, own_first_for=user), page_size
        )


def with_task_count(component, request):
    """``component`` (a menu item's) with the coordinator's number of tasks in its label."""
    count = coordinator_task_count(request.user)
    if count:
        component.label = ngettext(
            "%(label)s (%(count)s task)", "%(label)s (%(count)s tasks)", count
        ) % {"label": component.label, "count": count}
    return component


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
        Column("incomplete_steps", label=_("Incomplete"), accessor=incomplete_label),
        Column("owner", label=_("Owner"), accessor=lambda case: person(case.owner)),
        Column("coordinator", label=_("Coordinator"),
               accessor=lambda case: person(case.coordinator) if case.coordinator else ""),
        Column("overdue", label=_("Overdue"),
               accessor=lambda case: _("overdue") if case.overdue else ""),
        DateColumn("updated_at", label=_("Last changed"), sort_key="updated_at"),
    ]

    @cached_property
    def menu_item_class(self):
        class CasesMenuItem(super().menu_item_class):
            def render_component(self, request):
                return with_task_count(super().render_component(request), request)

        return CasesMenuItem

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/dossier/", CaseView.as_view(), name="case"),
            path("<int:pk>/dossier/<slug:action>/", CaseActionView.as_view(),
                 name="case_action"),
            path("<int:pk>/toegang/", AccessReportView.as_view(), name="access_report"),
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

    def get_menu_item(self, order=None):
        """The "Meldcode" menu, with the coordinator's number of tasks beside its name."""
        item = super().get_menu_item(order)

        class MeldcodeMenuItem(SubmenuMenuItem):
            def render_component(self, request):
                return with_task_count(super().render_component(request), request)

        return MeldcodeMenuItem(item.label, item.menu, name=item.name,
                                icon_name=item.icon_name, order=item.order)


if register_permission_policy is not None:
    register_permission_policy(Case, CasePermissionPolicy(), exact_class=True)
