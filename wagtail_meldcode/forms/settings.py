"""The form of the meldcode settings in the Wagtail admin."""

from wagtail.admin.forms import WagtailAdminModelForm

from ..models.roles import ROLES_PERMISSION, RoleField
from ..people import offer
from ..permissions import site_coordinators
from ..roles import record_role_changes
from ..sso.roles import mapping_changes


class MeldcodeSettingsForm(WagtailAdminModelForm):
    """The settings form: the role groups only for those allowed to change roles.

    Wagtail leaves the role fields out of the form for anyone without
    ``change_meldcode_roles`` (editors keep the other settings); a change of a role's
    group is recorded and told to the site's coordinators. New cases go to active members
    of the site's coordinators group only. A change of which provider groups give a role
    (single sign-on) is recorded and told as a role change too.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coordinators = site_coordinators(self.instance).order_by("first_name", "last_name")
        offer(self.fields["default_coordinator"], coordinators)
        rules = self.formsets["coordinator_rules"]

        class RuleForm(rules.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                offer(self.fields["coordinator"], coordinators)

        rules.form = RuleForm
        if self.for_user is not None and not self.for_user.has_perm(ROLES_PERMISSION):
            # Which provider groups give a role is a role decision too (its panel is hidden).
            del self.formsets["sso_group_roles"]

    def save(self, commit=True):
        changes = [
            (role, self.fields[role.value].queryset.filter(pk=self.initial.get(role.value))
             .first(), self.cleaned_data[role.value])
            for role in RoleField if role.value in self.changed_data
        ]
        if "sso_group_roles" in self.formsets:
            changes += mapping_changes(self.formsets["sso_group_roles"])
        instance = super().save(commit=commit)
        record_role_changes(instance, self.for_user, changes)
        return instance
