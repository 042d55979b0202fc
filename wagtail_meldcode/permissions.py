"""Who may see and change which case: the one place every entry point asks.

A case is visible to its owner, its assigned coordinator and the members of the
coordinators group of the case's site; superusers too, and their access is logged like
anyone's. Staff routes are open to members of the site's staff or coordinators group.
Anyone else learns nothing: they get a 404, and the attempt is logged.

A worry about a colleague (``CaseKind.COLLEAGUE``) is not for the coordinators: its owner
(the staff member who reported it) and the site's board group see it, or the site's
second board group when the colleague concerned is in the board group; superusers too.
The colleague concerned never sees it, whatever groups they are in, superuser or not.

This module alone reads which groups hold a site's roles: who a site's coordinators
are, and whether a user is one, is asked here.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.models import Site
from wagtail.permission_policies.base import BasePermissionPolicy

from .choices import CaseKind
from .models import Case, MeldcodePage, MeldcodeSettings
from .models.audit import Action, Role, record_event
from .models.roles import ROLES_PERMISSION, RoleField


def _group_ids(user):
    """The user's group ids, fetched once per user object (so once per request).

    The groups are prefetched onto the user: Wagtail's check of a page's group view
    restriction (``user.groups.all()``) then needs no query of its own.
    """
    if not hasattr(user, "_meldcode_group_ids"):
        prefetch_related_objects([user], "groups")
        user._meldcode_group_ids = {group.pk for group in user.groups.all()}
    return user._meldcode_group_ids


def _role_settings(user):
    """The settings of the sites whose staff, coordinators or board groups ``user`` is in,
    by site id; read once per user object (so once per request, never across requests).
    """
    if not hasattr(user, "_meldcode_role_settings"):
        groups = _group_ids(user)
        user._meldcode_role_settings = {
            settings.site_id: settings
            for settings in MeldcodeSettings.objects.filter(
                Q(staff_group__in=groups) | Q(coordinators_group__in=groups)
                | Q(board_group__in=groups) | Q(board_alternate_group__in=groups)
            )
        } if groups else {}
    return user._meldcode_role_settings


def settings_read(user):
    """The site settings that the permission checks on ``user`` read already, by site id.

    Empty when they read none: reading them here would cost the query that using them
    saves (see :func:`wagtail_meldcode.site_settings.for_request`).
    """
    return getattr(user, "_meldcode_role_settings", {})


def is_coordinator(user, site):
    """Is ``user`` in the coordinators group of ``site``?"""
    return _coordinates_site(user, getattr(site, "pk", None))


def may_coordinate(user, site):
    """Is ``user`` a superuser or in the coordinators group of ``site``: may they follow
    up on the site's cases in the admin workspace (dashboard panels, case view)?"""
    return user.is_superuser or is_coordinator(user, site)


def _coordinates_site(user, site_id):
    if not user.is_authenticated:
        return False
    settings = _role_settings(user).get(site_id)
    return bool(settings and settings.coordinators_group_id in _group_ids(user))


def _active_members(group_ids):
    return get_user_model().objects.filter(
        groups__in=[group_id for group_id in group_ids if group_id], is_active=True,
    ).distinct()


def coordinators(group_ids):
    """The active members of the coordinators groups ``group_ids``: a site's, or the
    groups before and after a change of it."""
    return _active_members(group_ids)


def site_coordinators(site_settings):
    """The active members of a site's coordinators group (``site_settings``: the site's
    :class:`MeldcodeSettings`): who is told about its cases when no coordinator is
    assigned, or none active."""
    return coordinators([site_settings.coordinators_group_id])


def new_case_coordinator(site_settings, owner):
    """The coordinator a new case of ``owner`` gets by the site's rule, or None: the case
    waits unassigned and the site's coordinators are told.

    The first rule whose staff group ``owner`` is in applies, then the default
    coordinator; a coordinator who is no longer an active member of the site's
    coordinators group is passed over.
    """
    groups = _group_ids(owner)
    candidates = [rule.coordinator_id for rule in site_settings.coordinator_rules.all()
                  if rule.group_id in groups]
    candidates.append(site_settings.default_coordinator_id)
    candidates = [pk for pk in candidates if pk is not None]
    if not candidates:
        return None
    active = {user.pk: user for user in site_coordinators(site_settings).filter(pk__in=candidates)}
    return next((active[pk] for pk in candidates if pk in active), None)


def case_workers(site_settings):
    """The active members of a site's staff and coordinators groups: who may own its
    cases (a transfer offers them)."""
    return _active_members([site_settings.staff_group_id, site_settings.coordinators_group_id])


def site_people(site_settings):
    """The active members of a site's staff, coordinators and board groups: whom a worry
    about a colleague can be about, by their account."""
    return _active_members([site_settings.staff_group_id, site_settings.coordinators_group_id,
                            site_settings.board_group_id, site_settings.board_alternate_group_id])


class SiteCoordinators:
    """:func:`site_coordinators` for a pass over the cases of many sites: each coordinators
    group is read once, however many sites share it.

    ``row`` is a namedtuple class whose fields name the user fields to read; calling the
    instance with a site's :class:`MeldcodeSettings` gives that site's coordinators as
    ``row`` values.
    """

    def __init__(self, row):
        self.row = row
        self._groups = {}

    def __call__(self, site_settings):
        group_id = site_settings.coordinators_group_id
        if group_id not in self._groups:
            self._groups[group_id] = [
                self.row(*values) for values in
                site_coordinators(site_settings).values_list(*self.row._fields)
            ] if group_id else []
        return self._groups[group_id]


def coordinators_told_of_role_changes(site_settings, changes):
    """The active coordinators who hear of the role ``changes`` saved in ``site_settings``:
    the site's coordinators group, and the groups that a change of the coordinators role
    took it from and gave it to.

    ``changes`` are ``(RoleField, group before, group after)``; groups may be None.
    """
    groups = {site_settings.coordinators_group_id} | {
        group.pk
        for role, before, after in changes if role == RoleField.COORDINATORS
        for group in (before, after) if group is not None
    }
    return coordinators(groups)


def coordinators_of_coordinated_sites(user):
    """The members (active or not) of the coordinators groups of the sites ``user``
    coordinates; of every site's for a superuser, of none for anyone else.

    The people a coordinator may find as the coordinator of a case in their workspace.
    """
    sites = coordinated_sites(user)
    settings = MeldcodeSettings.objects.all()
    if sites is not None:
        settings = settings.filter(site__in=sites)
    return (
        get_user_model().objects
        .filter(groups__in=settings.values("coordinators_group"))
        .distinct()
    )


def handles_case_data(user):
    """Can ``user`` see case data anywhere, or give themselves access to it: staff or
    coordinator of a site, owner or coordinator of a case, someone who can grant roles
    (:func:`can_grant_roles`), or superuser? They need two-factor login and short sessions.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    if not hasattr(user, "_meldcode_handles_case_data"):
        user._meldcode_handles_case_data = (
            user.is_superuser or bool(_role_settings(user)) or my_cases(user).exists()
            or can_grant_roles(user)
        )
    return user._meldcode_handles_case_data


#: Permissions that let their holder give anyone a meldcode role: choosing the group of a
#: role (the meldcode settings), or putting users in groups and permissions in groups
#: (Wagtail's user and group admin).
ROLE_GRANTING_PERMISSIONS = (
    ROLES_PERMISSION, "auth.add_user", "auth.change_user", "auth.add_group", "auth.change_group",
)


def can_grant_roles(user):
    """Can ``user`` give someone, themselves included, access to cases?

    Superusers and holders of :data:`ROLE_GRANTING_PERMISSIONS`, which no role group
    gets (editors included). They count as handling case data, so they log in with two
    factors before anything.
    """
    return user.is_active and any(user.has_perm(perm) for perm in ROLE_GRANTING_PERMISSIONS)


def is_case_worker(user, site):
    """May ``user`` use the staff routes (record cases) on ``site``?"""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    settings = _role_settings(user).get(getattr(site, "pk", None))
    groups = {settings.staff_group_id, settings.coordinators_group_id} if settings else set()
    return bool(groups & _group_ids(user))


def case_role(user, case):
    """The role in which ``user`` may act on ``case``, or None when they may not."""
    if not (user.is_authenticated and user.is_active):
        return None
    if case.kind == CaseKind.COLLEAGUE:
        return _colleague_case_role(user, case)
    if user.is_superuser:
        return Role.SUPERUSER
    if case.owner_id == user.pk:
        return Role.OWNER
    if case.coordinator_id == user.pk:
        return Role.COORDINATOR
    if _coordinates_site(user, case.site_id):
        return Role.COORDINATORS_GROUP
    return None


def may_change_case(case, role):
    """Whether someone with ``role`` on ``case`` (see :func:`case_role`) may change what
    it records outside the steps (the body map, the attachments): anyone with a role but
    management, while it is open."""
    return role is not None and role != Role.MANAGEMENT and not case.is_closed


def _colleague_case_role(user, case):
    if case.colleague_id == user.pk:
        return None
    if user.is_superuser:
        return Role.SUPERUSER
    if case.owner_id == user.pk:
        return Role.OWNER
    settings = _role_settings(user).get(case.site_id)
    if settings and board_group_of(settings, case) in _group_ids(user):
        return Role.BOARD
    return None


def colleague_on_board(site_settings, case):
    """Is the colleague concerned in the worry ``case`` a member of the board group?"""
    return bool(case.colleague_id and site_settings.board_group_id and (
        get_user_model().groups.through.objects
        .filter(user_id=case.colleague_id, group_id=site_settings.board_group_id).exists()
    ))


def board_group_of(site_settings, case):
    """The id of the group that handles the worry about a colleague ``case`` (None: no
    group is chosen): the site's board group, or its second board group when the
    colleague concerned is a member of the board group."""
    if colleague_on_board(site_settings, case):
        return site_settings.board_alternate_group_id
    return site_settings.board_group_id


def board_members(case):
    """The active members of the group that handles the worry about a colleague ``case``,
    the colleague concerned left out: who is told of it and reminded of its steps."""
    group_id = board_group_of(MeldcodeSettings.for_site(case.site), case)
    if group_id is None:
        return get_user_model().objects.none()
    return _active_members([group_id]).exclude(pk=case.colleague_id)


def is_board_member(user, site):
    """Is ``user`` in a board group of ``site`` (worries about a colleague)?"""
    if not (user.is_authenticated and user.is_active):
        return False
    settings = _role_settings(user).get(getattr(site, "pk", None))
    groups = {settings.board_group_id, settings.board_alternate_group_id} if settings else set()
    return bool(groups - {None} & _group_ids(user))


def board_cases(user, site):
    """The worries about a colleague of ``site`` that ``user`` handles as board member."""
    settings = _role_settings(user).get(getattr(site, "pk", None)) if user.is_active else None
    if settings is None:
        return Case.objects.none()
    groups = _group_ids(user)
    colleague_on_board = Exists(get_user_model().groups.through.objects.filter(
        user_id=OuterRef("colleague_id"), group_id=settings.board_group_id))
    handled_by = Q(pk__in=[])
    if settings.board_group_id in groups:
        handled_by |= ~colleague_on_board
    if settings.board_alternate_group_id in groups:
        handled_by |= colleague_on_board
    return (Case.objects.filter(site_id=settings.site_id, kind=CaseKind.COLLEAGUE)
            .exclude(colleague=user).filter(handled_by))


def my_cases(user):
    """The cases ``user`` owns or coordinates."""
    return Case.objects.filter(Q(owner=user) | Q(coordinator=user))


def is_management(user, site):
    """Is ``user`` in the management group of ``site``: evaluation figures, no cases?"""
    return user.is_authenticated and MeldcodeSettings.objects.filter(
        site_id=getattr(site, "pk", None), management_group__in=_group_ids(user)).exists()


def require_case_worker(request, site, reference=None, *, board=False):
    """None when the request may use the staff routes, else the response to give; with
    ``board``, members of the site's board groups may use the route too (the routes of a
    case and the list of cases: a worry about a colleague is theirs).

    Anonymous visitors are sent to the login page. The site's management is told plainly
    that cases are not for their role (they know the meldcode has them); anyone else
    logged in gets a 404, so nothing tells them the routes exist. A refused attempt on a
    case (``reference``) is logged.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (is_case_worker(request.user, site)
            or (board and is_board_member(request.user, site))):
        if reference is not None:
            case = Case.objects.filter(reference=reference).first()
            record_event(request, Action.DENIED, case=case, reference=reference,
                         role=Role.OUTSIDER)
        if is_management(request.user, site):
            return TemplateResponse(request, "wagtail_meldcode/not_for_your_role.html",
                                    status=403)
        raise Http404
    return None


def record_refused_by_page_privacy(page, request, serve_args):
    """Log an attempt on a case URL that the meldcode page's privacy settings refuse.

    Wagtail answers it (with the login page) before any view of the app runs, so the
    views cannot log it themselves; a ``before_serve_page`` hook calls this first. Only
    logged-in users who are no case worker on the site are checked: a case worker's
    request reaches the views, and checking the privacy settings costs a query.
    """
    user = request.user
    route_kwargs = serve_args[2] if len(serve_args) == 3 else None
    if not (isinstance(page, MeldcodePage) and isinstance(route_kwargs, dict)
            and "reference" in route_kwargs and user.is_authenticated):
        return
    if is_case_worker(user, Site.find_for_request(request) or page.get_site()):
        return
    if all(restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        return  # the view runs and logs the refusal (require_case_worker)
    reference = route_kwargs["reference"]
    record_event(request, Action.DENIED, case=Case.objects.filter(reference=reference).first(),
                 reference=reference, role=Role.OUTSIDER)


def get_case_or_404(request, reference, *, action=Action.VIEW, step=None, related=()):
    """The case with ``reference`` and the user's role, if the user may see it.

    Logs the access as ``action`` (None: the caller logs what it does); a refusal is
    logged as a denied attempt and answered with a 404, whether or not the case exists.
    ``related`` names the relations the caller reads, fetched in the same query (each
    join makes the query cost more, so only those).
    """
    case = Case.objects.select_related(*related).filter(reference=reference).first()
    role = case_role(request.user, case) if case is not None else None
    if role is None:
        record_event(
            request, Action.DENIED, case=case,
            reference=reference, role=role or Role.OUTSIDER, step=step,
        )
        raise Http404
    if action is not None:
        record_event(request, action, case=case, role=role, step=step)
    return case, role


def coordinated_sites(user):
    """The ids of the sites whose coordinators group ``user`` is in (None: every site);
    read once per user object (so once per request)."""
    if not (user.is_authenticated and user.is_active):
        return []
    if user.is_superuser:
        return None
    if not hasattr(user, "_meldcode_coordinated_sites"):
        user._meldcode_coordinated_sites = list(
            MeldcodeSettings.objects.filter(coordinators_group__in=_group_ids(user))
            .values_list("site_id", flat=True)
        )
    return user._meldcode_coordinated_sites


def coordinated_cases(user):
    """Every case a coordinator oversees: all cases of the sites they coordinate, worries
    about a colleague left out."""
    sites = coordinated_sites(user)
    cases = Case.objects.filter(kind=CaseKind.MELDCODE)
    return cases if sites is None else cases.filter(site__in=sites)


class CasePermissionPolicy(BasePermissionPolicy):
    """The admin's view of cases: coordinators may list them; nobody edits them there.

    Cases change through the steps and the check-ins, which log what they do.
    """

    def __init__(self):
        super().__init__(Case)

    def user_has_permission(self, user, action):
        return action == "view" and coordinated_sites(user) != []

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def get_coordinated_case_or_404(request, pk, *, action=Action.VIEW, related=()):
    """The case with ``pk`` for the admin workspace: coordinators of its site only, and
    never a worry about a colleague.

    Logs like :func:`get_case_or_404`; anyone else gets a 404 and a logged denial.
    ``related`` names further relations the caller reads, fetched in the same query.
    """
    case = (
        Case.objects.select_related("site", "owner", "coordinator", "meldcode", *related)
        .filter(pk=pk).first()
    )
    user = request.user
    if (case is not None and case.kind == CaseKind.MELDCODE
            and may_coordinate(user, case.site)):
        role = case_role(user, case)
        if action is not None:
            record_event(request, action, case=case, role=role)
        return case, role
    _record_refused_admin_case(request, case, pk)
    raise Http404


def _record_refused_admin_case(request, case, pk):
    """Log a refused attempt on the admin's view of the case with ``pk`` (``case``, or
    None when there is no such case)."""
    record_event(request, Action.DENIED, case=case, reference=str(pk),
                 role=(case_role(request.user, case) if case else None) or Role.OUTSIDER)


#: The admin URL namespaces of the meldcode (see ``viewsets.py``).
CASES_ADMIN, EVALUATION_ADMIN = "meldcode_cases", "meldcode_evaluation"


def record_refused_by_admin_access(request, view_kwargs):
    """Log an attempt on the meldcode's admin URLs by a logged-in user without access
    to the Wagtail admin.

    Wagtail answers it (with its login page) before any view of the app runs, so the
    views cannot log it themselves; ``AdminRefusalMiddleware`` calls this first. The
    entry is the one the view would write: a denied attempt on the case (its URLs with
    a ``pk``), or on the evaluation report.
    """
    user = request.user
    namespace = request.resolver_match.namespace if request.resolver_match else ""
    if namespace not in (CASES_ADMIN, EVALUATION_ADMIN) or not user.is_authenticated:
        return
    if user.has_perm("wagtailadmin.access_admin"):
        return  # the view runs and logs a refusal itself
    if namespace == EVALUATION_ADMIN:
        record_event(request, Action.DENIED, reference="evaluation", role=Role.OUTSIDER)
    elif "pk" in view_kwargs:
        pk = view_kwargs["pk"]
        _record_refused_admin_case(request, Case.objects.filter(pk=pk).first(), pk)


def evaluation_sites(user):
    """The ids of the sites whose evaluation figures ``user`` may read (None: every site).

    Members of a site's management or coordinators group read its figures; the figures
    tell nothing about a single case.
    """
    if not (user.is_authenticated and user.is_active):
        return []
    if user.is_superuser:
        return None
    groups = _group_ids(user)
    return list(
        MeldcodeSettings.objects.filter(
            Q(management_group__in=groups) | Q(coordinators_group__in=groups)
        ).values_list("site_id", flat=True)
    )


def get_evaluation_sites(request, *, action=Action.EVALUATION):
    """The sites whose figures the request may read, logged as ``action``.

    Anyone else gets a 403 (the admin shows "no permission") and a logged denial.
    """
    user = request.user
    site_ids = evaluation_sites(user)
    if site_ids == []:
        record_event(request, Action.DENIED, reference="evaluation", role=Role.OUTSIDER)
        raise PermissionDenied
    if user.is_superuser:
        role = Role.SUPERUSER
    elif MeldcodeSettings.objects.filter(
        site__in=site_ids, management_group__in=_group_ids(user)
    ).exists():
        role = Role.MANAGEMENT
    else:
        role = Role.COORDINATORS_GROUP
    record_event(request, action, reference="evaluation", role=role)
    sites = Site.objects.all()
    return list(sites if site_ids is None else sites.filter(pk__in=site_ids))


def provider_role_groups(claim_values):
    """Which role groups single sign-on decides, and which of them ``claim_values`` (the
    user's groups at the identity provider) give.

    A site whose meldcode settings map at least one provider group to a role leaves its
    role groups to the provider; the role groups of other sites stay as they are kept by
    hand. Returns ``(decided, given)``, each ``{group: [(site, RoleField), ...]}``.
    """
    values = set(claim_values)
    decided, given = {}, {}
    site_settings_list = (
        MeldcodeSettings.objects.filter(sso_group_roles__isnull=False).distinct()
        .select_related("site", *(role.value for role in RoleField))
        .prefetch_related("sso_group_roles").order_by("site_id")
    )
    for site_settings in site_settings_list:
        for role in RoleField:
            group = getattr(site_settings, role.value)
            if group is not None:
                decided.setdefault(group, []).append((site_settings.site, role))
        for mapping in site_settings.sso_group_roles.all():
            group = getattr(site_settings, mapping.role)
            if mapping.claim_value in values and group is not None:
                given.setdefault(group, []).append((site_settings.site, RoleField(mapping.role)))
    return decided, given


def may_stay_signed_on(user, provider_role):
    """After single sign-on set the roles of ``user``: may they log in? Yes with a role
    from a provider group (``provider_role``), as a superuser, or with any group kept by
    hand (editors, for instance); no otherwise."""
    return provider_role or user.is_superuser or bool(_group_ids(user))


def may_read_sso_log(user):
    """May ``user`` read the single sign-on log (:class:`SsoEvent`)? Administrators
    (active superusers) only: it names people, their providers and addresses."""
    return bool(user.is_active and user.is_superuser)


def break_glass_users():
    """Who may get a break-glass login, past single sign-on: active superusers."""
    return get_user_model().objects.filter(is_superuser=True, is_active=True)
