"""The roles of the meldcode as Django groups with Wagtail permissions.

``medewerker`` (staff) records cases, ``aandachtsfunctionaris`` (coordinator) advises and
oversees them, ``beheerder`` (editor) publishes the meldcode and configures the app,
management reads the anonymised evaluation figures, and the board (bevoegd gezag, houder,
bestuurder) handles a worry about a colleague. Which groups hold the roles of a site
is changed only with ``change_meldcode_roles`` (see :mod:`.models.roles`), and every
change is told to the site's coordinators.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import GroupPagePermission

from . import outbox
from .models import MeldcodeSettings, RoleChange, RoleChangeNotice, SignalList
from .notifications import send_role_change_email
from .permissions import coordinators_told_of_role_changes


@dataclass
class Roles:
    staff: Group
    coordinators: Group
    editors: Group
    management: Group
    board: Group


STAFF_GROUP = "Medewerkers"
COORDINATORS_GROUP = "Aandachtsfunctionarissen"
EDITORS_GROUP = "Beheerders meldcode"
MANAGEMENT_GROUP = "Management meldcode"
BOARD_GROUP = "Bevoegd gezag, houder of bestuur"

#: Page permissions of editors on the meldcode tree.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def _model_permissions(model, actions):
    content_type = ContentType.objects.get_for_model(model)
    return Permission.objects.filter(
        content_type=content_type,
        codename__in=[f"{action}_{content_type.model}" for action in actions],
    )


def ensure_roles(meldcode_page=None, site=None):
    """Create the role groups (once) and grant their permissions.

    With ``meldcode_page``, editors may edit and publish that page tree; with ``site``,
    the site's meldcode settings point at the role groups (where they name none yet).
    """
    staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    editors, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    management, _created = Group.objects.get_or_create(name=MANAGEMENT_GROUP)
    board, _created = Group.objects.get_or_create(name=BOARD_GROUP)

    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    # Coordinators follow up on cases from the Wagtail admin dashboard; management reads
    # the evaluation report there.
    coordinators.permissions.add(access_admin)
    management.permissions.add(access_admin)
    editors.permissions.add(
        access_admin,
        *_model_permissions(SignalList, ("add", "change", "delete", "view")),
        *_model_permissions(MeldcodeSettings, ("change",)),
    )
    if meldcode_page is not None:
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page=meldcode_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    if site is not None:
        settings = MeldcodeSettings.for_site(site)
        settings.staff_group = settings.staff_group or staff
        settings.coordinators_group = settings.coordinators_group or coordinators
        settings.management_group = settings.management_group or management
        settings.board_group = settings.board_group or board
        settings.save()
    return Roles(staff=staff, coordinators=coordinators, editors=editors, management=management,
                 board=board)


def record_role_changes(site_settings, user, changes, now=None):
    """Record the role ``changes`` that ``user`` saved in ``site_settings`` and tell the
    site's coordinators.

    ``changes`` are ``(RoleField, group before, group after)``; groups may be None. The
    notices go to the coordinators group before and after the change, one e-mail per
    change, once the transaction commits. Returns the :class:`RoleChange` rows.
    """
    now = now or timezone.now()
    rows = [
        RoleChange.objects.create(
            site_id=site_settings.site_id, role=role, before=getattr(before, "name", ""),
            after=getattr(after, "name", ""), user=user, username=user.get_username(), at=now,
        )
        for role, before, after in changes
    ]
    if not rows:
        return rows
    recipients = list(
        coordinators_told_of_role_changes(site_settings, changes)
        .exclude(email="").order_by("pk").values_list("pk", flat=True)
    )
    notices = RoleChangeNotice.objects.bulk_create([
        RoleChangeNotice(change=row, recipient_id=recipient, created_at=now)
        for row in rows for recipient in recipients
    ])
    outbox.enqueue(RoleChangeNotice.objects, [notice.pk for notice in notices],
                   "send_role_change_notice", now)
    return rows


def requeue_role_change_notices(now=None):
    """Enqueue the role-change notices that are not sent or on their way (each pass)."""
    with transaction.atomic():
        return outbox.requeue(RoleChangeNotice.objects, "send_role_change_notice",
                              now or timezone.now())


def deliver_role_change_notices(notice_ids):
    """Send the notices ``notice_ids`` that were not sent yet (see :func:`outbox.deliver`)."""
    return outbox.deliver(
        RoleChangeNotice.objects.select_related("change__site", "recipient"),
        notice_ids, send_role_change_email,
    )
