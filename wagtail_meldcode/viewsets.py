"""The coordinator's workspace in the Wagtail admin: every case of their sites."""

import django_filters
import django_filters.fields
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.db.models import Case as Conditional
from django.db.models import Exists, IntegerField, OuterRef, Q, Subquery, Value, When
from django.forms import Media
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_filters.constants import EMPTY_VALUES
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .choices import CaseStatus, FormOfViolence
from .encryption import search_hashes
from .models import Case, Signal
from .models.cases import may_be_in_reference
from .models.followup import planned_checks
from .people import person
from .permissions import (
    CasePermissionPolicy,
    coordinated_cases,
    coordinators_of_coordinated_sites,
    evaluation_sites,
)
from .views.admin import AccessReportView, CaseActionView, CaseView, access_report_csv
from .views.evaluation import evaluation_download, evaluation_view
from .worklist import action_first, coordinator_task_count, overdue_followups

try:  # Wagtail 8 registers permission policies per model ...
    from wagtail.permissions import register_permission_policy
except ImportError:  # ... Wagtail 7.4 takes it from the viewset.
    register_permission_policy = None

STEP_CHOICES = [(n, str(n)) for n in range(1, 6)]


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


class StatusFilter(django_filters.ChoiceFilter):
    """The status filter: open cases (every status but closed) unless another choice is
    made, "all" among them. A search without a choice finds closed cases too: it looks
    for one case, whatever its status."""

    ALL = "all"

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            if self.parent is not None and str(self.parent.data.get("q", "")).strip():
                return qs
            return qs.exclude(status=CaseStatus.CLOSED)
        if value == self.ALL:
            return qs
        return qs.filter(status=value)


class CaseFilterSet(WagtailFilterSet):
    status = StatusFilter(
        label=_("Status"), empty_label=_("Open (every status but closed)"),
        choices=[(StatusFilter.ALL, _("All, closed ones too")), *CaseStatus.choices],
    )
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


def step_label(case):
    """The case's step, and the steps it went past that lack something: "3 (incomplete:
    step 2)"."""
    steps = case.incomplete_step_numbers
    if not steps:
        return str(case.current_step)
    return ngettext("%(step)s (incomplete: step %(steps)s)",
                    "%(step)s (incomplete: steps %(steps)s)", len(steps)) % {
        "step": case.current_step, "steps": ", ".join(map(str, steps))}


def next_due_label(case):
    """The day of the case's next pending check (short: the listing is wide), marked when
    a check is overdue."""
    if case.next_due is None:
        return _("overdue") if case.overdue else ""
    day = date_format(case.next_due, "SHORT_DATE_FORMAT")
    return _("%(date)s, overdue") % {"date": day} if case.overdue else day


def forms_of_violence(cases):
    """``{case id: the labels of the forms of violence of its signals}``, in one query."""
    found = {}
    rows = (Signal.objects.filter(case__in=cases).exclude(form_of_violence="")
            .values_list("case_id", "form_of_violence").distinct().order_by())
    for case_id, form in rows:
        found.setdefault(case_id, set()).add(form)
    return {case_id: [label for value, label in FormOfViolence.choices if value in forms]
            for case_id, forms in found.items()}


class ListedCases:
    """The cases of the listing, as the paginator takes them: a count and slices.

    A slice is three small queries instead of one over every case. The first reads only
    ids from the case table. In the default order, the cases that wait for a coordinator
    first (see :func:`~wagtail_meldcode.worklist.action_first`), each kind by last change,
    then the others by last change, it takes on PostgreSQL each kind's first cases from
    its index and orders just those. The second loads the cases of those ids with what
    the columns show, the third the forms of violence of their signals.
    """

    #: What the columns show; the listing decrypts the pseudonym and no other content.
    fields = ["reference", "person_reference", "age_group", "status", "current_step",
              "incomplete_steps", "updated_at", "owner", "coordinator"]

    def __init__(self, queryset, *, default_order=False, narrow=False):
        self.queryset = queryset
        self.model = queryset.model
        self.default_order = default_order
        #: A search narrowed the cases down: one sort over those it found is quicker.
        self.narrow = narrow

    def count(self):
        return self.queryset.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("ListedCases can only be sliced.")
        ids = self.ids(key.start or 0, key.stop)
        if not ids:
            return []
        next_check = planned_checks(OuterRef("pk")).values("due_on")[:1]
        cases = (
            Case.objects.filter(pk__in=ids)
            .select_related("owner", "coordinator")
            .only(*self.fields)
            .annotate(overdue=Exists(overdue_followups()), next_due=Subquery(next_check))
            .in_bulk()
        )
        forms = forms_of_violence(ids)
        for pk, case in cases.items():
            case.forms_of_violence = forms.get(pk, [])
        return [cases[pk] for pk in ids]

    def ids(self, start, stop):
        """The ids of the cases from ``start`` to ``stop`` in the listing's order."""
        if not self.default_order:
            return list(self.queryset.values_list("pk", flat=True)[start:stop])
        if stop <= start:
            return []
        conditions = action_first()
        compound = connections[self.queryset.db].features.supports_slicing_ordering_in_compound
        if self.narrow or not compound:
            # One sort over every case: SQLite's union below cannot have LIMIT in its parts.
            rank = Conditional(
                *(When(condition, then=Value(n)) for n, condition in enumerate(conditions)),
                default=Value(len(conditions)), output_field=IntegerField(),
            )
            return list(
                self.queryset.annotate(rank=rank).order_by("rank", "-updated_at", "-pk")
                .values_list("pk", flat=True)[start:stop]
            )

        # Each kind of case, and the others, without the kinds before it: a case counts
        # once, under its first kind.
        parts, before = [], Q()
        for rank, condition in enumerate([*conditions, Q()]):
            part = self.queryset.filter(condition, ~before) if before else (
                self.queryset.filter(condition))
            parts.append(
                part.annotate(rank=Value(rank, output_field=IntegerField()))
                .order_by("-updated_at", "-pk")
                .values_list("pk", "rank", "updated_at")[:stop]
            )
            before |= condition
        rows = parts[0].union(*parts[1:], all=True).order_by("rank", "-updated_at", "-pk")
        return [pk for pk, _rank, _updated_at in rows[start:stop]]


class CaseIndexView(IndexView):
    """Open cases of the coordinator's sites, those that wait for them first."""

    #: Nine columns: ``admin.css`` tightens them to fit beside the admin's menu.
    table_classname = "listing mc-cases"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["media"] += Media(css={"all": ["wagtail_meldcode/css/admin.css"]})
        return context

    def get_base_queryset(self):
        return coordinated_cases(self.request.user)

    @cached_property
    def default_order(self):
        """Whether the listing is in its default order (no column chosen to sort by)."""
        return not self.ordering

    def order_queryset(self, queryset):
        if self.default_order:
            return queryset.order_by("-updated_at", "-pk")
        # The id settles ties, so that no case shows on two pages or on none.
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "-pk")

    def search_queryset(self, queryset):
        """The cases whose reference holds the words searched for, or whose pseudonym is
        exactly that (compared by its keyed hash; see :func:`.encryption.search_hash`)."""
        if not self.is_searching:
            return queryset
        found = Q(person_reference_hash__in=search_hashes(self.search_query))
        # Only text that can be in a reference is looked for there: a search through every
        # reference reads every case, the hash is one look-up in its index.
        if may_be_in_reference(self.search_query.strip()):
            found |= Q(reference__icontains=self.search_query.strip())
        return queryset.filter(found)

    def paginate_queryset(self, queryset, page_size):
        return super().paginate_queryset(
            ListedCases(queryset, default_order=self.default_order, narrow=self.is_searching),
            page_size,
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
    #: The reference; and the exact pseudonym, by its hash (``CaseIndexView.search_queryset``).
    search_fields = ["reference"]
    search_backend_name = None
    #: No column: the cases that wait for a coordinator first (``ListedCases``).
    default_ordering = None
    list_per_page = 50
    copy_view_enabled = False
    if register_permission_policy is None:
        permission_policy = CasePermissionPolicy()
    # The viewset needs a form; the permission policy allows no add, edit or delete.
    form_fields = ["coordinator"]
    list_display = [
        TitleColumn("reference", label=_("Case"), sort_key="reference",
                    classname="w-whitespace-nowrap",
                    get_url=lambda case: reverse("meldcode_cases:case", args=[case.pk])),
        Column("person_reference", label=_("Pseudonym")),
        Column("age_group", label=_("Age group"), accessor="get_age_group_display"),
        Column("forms_of_violence", label=_("Forms of violence"),
               accessor=lambda case: ", ".join(map(str, case.forms_of_violence))),
        Column("status", label=_("Status"), accessor="get_status_display"),
        Column("current_step", label=_("Step"), sort_key="current_step", accessor=step_label),
        Column("owner", label=_("Owner"), accessor=lambda case: person(case.owner)),
        Column("coordinator", label=_("Coordinator"),
               accessor=lambda case: person(case.coordinator) if case.coordinator else ""),
        Column("next_due", label=_("Next due"), accessor=next_due_label),
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
