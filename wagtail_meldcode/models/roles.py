"""Who holds which role: every change of a site's role groups is recorded and announced.

Which group is a site's staff, coordinators or management group decides who sees cases,
so a change is an access-control decision: :class:`RoleChange` keeps it append-only
(before and after, who, when) and :class:`RoleChangeNotice` tells the coordinators of the
site, those of before the change and those of after it, by e-mail through the outbox.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import outbox
from .audit import AppendOnlyQuerySet, append_only
from .followup import OutgoingEmail

#: The permission to change which groups hold the meldcode roles: superusers have it;
#: it is given to no role group, editors included. Holders need two-factor login.
ROLES_PERMISSION = "wagtail_meldcode.change_meldcode_roles"


class RoleField(models.TextChoices):
    """The settings that name a role's group."""

    STAFF = "staff_group", _("staff group")
    COORDINATORS = "coordinators_group", _("coordinators group")
    MANAGEMENT = "management_group", _("management group")


@append_only
class RoleChange(models.Model):
    """One change of the group that holds a role on a site: append-only, like case events."""

    site = models.ForeignKey(
        "wagtailcore.Site", null=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=30, choices=RoleField.choices)
    # Names, not keys: the record outlives the groups it names.
    before = models.CharField(_("before"), max_length=150, blank=True)
    after = models.CharField(_("after"), max_length=150, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("changed by"), max_length=150)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")

    def __str__(self):
        return f"{self.role}: {self.before or '-'} -> {self.after or '-'}"


class RoleChangeNotice(OutgoingEmail):
    """One e-mail to one coordinator about a :class:`RoleChange` (see :mod:`.outbox`)."""

    message_kind = "role-change"

    change = models.ForeignKey(RoleChange, on_delete=models.DO_NOTHING, db_constraint=False,
                               related_name="notices")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["change", "recipient"],
                                    name="meldcode_unique_role_change_notice"),
        ]


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
    coordinator_groups = {
        group.pk
        for role, before, after in changes if role == RoleField.COORDINATORS
        for group in (before, after) if group is not None
    } | {site_settings.coordinators_group_id} - {None}
    recipients = list(
        get_user_model().objects.filter(groups__in=coordinator_groups, is_active=True)
        .exclude(email="").distinct().order_by("pk").values_list("pk", flat=True)
    )
    notices = RoleChangeNotice.objects.bulk_create([
        RoleChangeNotice(change=row, recipient_id=recipient, created_at=now)
        for row in rows for recipient in recipients
    ])
    outbox.enqueue(RoleChangeNotice.objects, [notice.pk for notice in notices],
                   "send_role_change_notice", now)
    return rows
