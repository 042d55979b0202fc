"""Who holds which role: every change of a site's role groups is recorded and announced.

Which group is a site's staff, coordinators or management group decides who sees cases,
so a change is an access-control decision: :class:`RoleChange` keeps it append-only
(before and after, who, when) and :class:`RoleChangeNotice` is the e-mail that tells the
coordinators (see :func:`wagtail_meldcode.roles.record_role_changes`).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    BOARD = "board_group", _("board group")
    BOARD_ALTERNATE = "board_alternate_group", _("board group when a board member is concerned")


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
