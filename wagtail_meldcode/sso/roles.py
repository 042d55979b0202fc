"""Roles from the identity provider's groups, applied at every sign-on.

Which role groups a provider group gives is set per site in the meldcode settings
(:class:`~wagtail_meldcode.models.SsoGroupRole`); which groups those are is asked of
:mod:`wagtail_meldcode.permissions`. A group taken away at the provider takes the role
away at the next sign-on (and at the next refresh of the session).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ..models.roles import RoleField
from ..permissions import provider_role_groups


@dataclass
class RoleUpdate:
    """What a sign-on changed: role groups added and removed, described for the log."""

    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    #: Does any provider group of the user give a role?
    any_role: bool = False

    @property
    def changed(self):
        return bool(self.added or self.removed)


def describe(group, holders):
    """``group`` with the role and site it holds, e.g. "Medewerkers (staff_group, Intranet)":
    the role's code, so the log reads the same in every language."""
    places = sorted({f"{role.value}, {site.site_name or site.hostname}" for site, role in holders})
    return f"{group.name} ({'; '.join(places)})"


def claim_values(claims, claim):
    """The values of the group claim ``claim`` in ``claims``: a list, or one string."""
    values = claims.get(claim) or []
    if isinstance(values, str):
        values = [values]
    return [str(value) for value in values]


def apply_provider_roles(user, values):
    """Give ``user`` the role groups that their provider groups ``values`` map to, and take
    away the role groups that single sign-on decides and that they map to no longer."""
    decided, given = provider_role_groups(values)
    with transaction.atomic():
        current = set(user.groups.values_list("pk", flat=True))
        added = sorted((group for group in given if group.pk not in current), key=str)
        removed = sorted((group for group in decided if group.pk in current and group not in given),
                         key=str)
        user.groups.add(*added)
        user.groups.remove(*removed)
    for cached in ("_meldcode_group_ids", "_meldcode_role_settings",
                   "_meldcode_handles_case_data", "_meldcode_coordinated_sites"):
        user.__dict__.pop(cached, None)
    return RoleUpdate(
        added=[describe(group, given[group]) for group in added],
        removed=[describe(group, decided[group]) for group in removed],
        any_role=bool(given),
    )


class ProviderGroup:
    """A group at the identity provider, named in a :class:`RoleChange` as a Django group
    would be (it has no key here)."""

    pk = None

    def __init__(self, claim_value):
        self.name = f"{claim_value} ({_('identity provider')})"[:150]


def mapping_changes(formset):
    """The role changes that saving ``formset`` (the provider groups mapped to roles of
    a site) makes, as ``(RoleField, before, after)`` for
    :func:`wagtail_meldcode.roles.record_role_changes`."""
    changes = []
    for form in formset.forms:
        deleted = formset.can_delete and formset._should_delete_form(form)
        existing = form.instance.pk is not None
        if not (deleted or form.has_changed()) or (deleted and not existing):
            continue
        old = (RoleField(form.initial["role"]), ProviderGroup(form.initial["claim_value"])) if (
            existing) else None
        new = None if deleted else (RoleField(form.cleaned_data["role"]),
                                    ProviderGroup(form.cleaned_data["claim_value"]))
        if old and new and old[0] == new[0]:
            changes.append((new[0], old[1], new[1]))
            continue
        if old:
            changes.append((old[0], old[1], None))
        if new:
            changes.append((new[0], None, new[1]))
    return changes
