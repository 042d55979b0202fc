"""The form of the meldcode settings in the Wagtail admin."""

from wagtail.admin.forms import WagtailAdminModelForm

from ..models.roles import RoleField
from ..roles import record_role_changes


class MeldcodeSettingsForm(WagtailAdminModelForm):
    """The settings form: the role groups only for those allowed to change roles.

    Wagtail leaves the role fields out of the form for anyone without
    ``change_meldcode_roles`` (editors keep the other settings); a change of a role's
    group is recorded and told to the site's coordinators.
    """

    def save(self, commit=True):
        changes = [
            (role, self.fields[role.value].queryset.filter(pk=self.initial.get(role.value))
             .first(), self.cleaned_data[role.value])
            for role in RoleField if role.value in self.changed_data
        ]
        instance = super().save(commit=commit)
        record_role_changes(instance, self.for_user, changes)
        return instance
