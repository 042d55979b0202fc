"""Organisation settings per site, edited in the Wagtail admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import override_settings
from wagtail.models import Page, Site

from wagtail_meldcode.models import MeldcodeSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sites(home):
    other_root = Page.get_first_root_node().add_child(
        instance=Page(title="Zorglocatie", slug="zorglocatie")
    )
    other = Site.objects.create(hostname="zorg.example.org", root_page=other_root)
    return Site.objects.get(is_default_site=True), other


def test_defaults(home):
    settings = MeldcodeSettings.for_site(Site.objects.get())
    assert settings.veilig_thuis_phone == "0800-2000"
    assert settings.followup_interval_days == 42
    assert settings.reminder_hour == 9
    assert settings.stalled_after_days == 10
    # Empty: the retention period follows the sector of the meldcode.
    assert settings.retention_years is None
    assert settings.retention_years_for("onderwijs") == 5
    assert settings.retention_years_for("jeugdhulp") == 20
    assert settings.notify_owner is True


@override_settings(MELDCODE_STALLED_AFTER=14, MELDCODE_FOLLOWUP_INTERVAL_DAYS=28)
def test_deployment_settings_set_the_defaults_of_new_sites(home):
    settings = MeldcodeSettings.for_site(Site.objects.get())
    assert settings.stalled_after_days == 14
    assert settings.followup_interval_days == 28


def edit_url(site):
    return f"/admin/settings/wagtail_meldcode/meldcodesettings/{site.pk}/"


def rules_management_form(count, prefix="coordinator_rules"):
    """The management form of the coordinator rules (or of the inline ``prefix``), for
    ``count`` new rules."""
    return {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000}


def form_data(**changes):
    data = {
        "veilig_thuis_phone": "0800-2000", "confidential_inspector_phone": "0900-1113111",
        "staff_group": "", "coordinators_group": "", "management_group": "",
        "board_group": "", "board_alternate_group": "", "followup_interval_days": 42,
        "reminder_hour": 9, "notify_owner": "on", "stalled_after_days": 10, "retention_years": 20,
        "default_coordinator": "", **rules_management_form(0),
        **rules_management_form(0, "sso_group_roles"),
    }
    data.update(changes)
    return data


def test_each_site_has_its_own_settings(two_sites, demo_editor, client):
    school, care = two_sites
    coordinators = Group.objects.create(name="Aandachtsfunctionarissen zorg")
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x" * 16))
    response = client.post(edit_url(care), form_data(coordinators_group=coordinators.pk))
    assert response.status_code == 302
    client.force_login(demo_editor)
    response = client.post(edit_url(care), form_data(retention_years=20, reminder_hour=8))
    assert response.status_code == 302
    response = client.post(edit_url(school), form_data(retention_years=5))
    assert response.status_code == 302
    assert MeldcodeSettings.for_site(care).reminder_hour == 8
    assert MeldcodeSettings.for_site(care).coordinators_group == coordinators
    assert MeldcodeSettings.for_site(school).retention_years == 5
    assert MeldcodeSettings.for_site(school).reminder_hour == 9
    assert MeldcodeSettings.for_site(school).coordinators_group is None


def test_invalid_values_are_explained_and_nothing_is_saved(home, demo_editor, client):
    site = Site.objects.get()
    client.force_login(demo_editor)
    response = client.post(edit_url(site), form_data(reminder_hour=25, veilig_thuis_phone=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "reminder_hour" in errors and "veilig_thuis_phone" in errors
    assert MeldcodeSettings.for_site(site).reminder_hour == 9


def test_staff_cannot_edit_settings(home, client):
    user = User.objects.create_user("medewerker", password="x" * 16)
    client.force_login(user)
    assert client.get(edit_url(Site.objects.get())).status_code == 302
