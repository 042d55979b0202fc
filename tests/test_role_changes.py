"""Which groups hold the meldcode roles is an access decision (issue: an editor made
themselves a coordinator through the settings)."""

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from wagtail.models import Site

from tests.helpers import published
from tests.test_settings import edit_url, form_data
from wagtail_meldcode.models import MeldcodeSettings, RoleChange, RoleChangeNotice
from wagtail_meldcode.models.audit import AppendOnlyError
from wagtail_meldcode.roles import (
    deliver_role_change_notices,
    ensure_roles,
    requeue_role_change_notices,
)

pytestmark = pytest.mark.django_db

ROLE_FIELDS = ("staff_group", "coordinators_group", "management_group")


@pytest.fixture
def site(home):
    site = Site.objects.get()
    ensure_roles(site=site)
    return site


@pytest.fixture
def coordinator(site):
    user = User.objects.create_user("af", "af@example.org", "x" * 16, first_name="Anna")
    user.groups.add(MeldcodeSettings.for_site(site).coordinators_group)
    return user


def current_roles(site):
    settings = MeldcodeSettings.objects.get(site=site)
    return {name: getattr(settings, f"{name}_id") for name in ROLE_FIELDS}


def test_an_editor_cannot_make_their_group_the_coordinators(site, demo_editor, client):
    editors = ensure_roles().editors
    before = current_roles(site)
    client.force_login(demo_editor)

    page = client.get(edit_url(site))
    assert page.status_code == 200
    assert [name for name in ROLE_FIELDS if name in page.context["form"].fields] == []

    response = client.post(edit_url(site), form_data(
        coordinators_group=editors.pk, staff_group=editors.pk, management_group=editors.pk,
        reminder_hour=8,
    ))
    assert response.status_code == 302
    # The editor keeps the other settings; the roles stay as they were, unrecorded.
    assert MeldcodeSettings.objects.get(site=site).reminder_hour == 8
    assert current_roles(site) == before
    assert RoleChange.objects.count() == 0


def test_a_superuser_changes_a_role_recorded_and_told_to_coordinators(
        site, coordinator, client, django_capture_on_commit_callbacks):
    old_group = MeldcodeSettings.for_site(site).coordinators_group
    new_group = ensure_roles().editors
    newcomer = User.objects.create_user("nieuw", "nieuw@example.org", "x" * 16)
    newcomer.groups.add(new_group)
    root = User.objects.create_superuser("root", "root@example.org", "x" * 16)
    client.force_login(root)
    settings = MeldcodeSettings.for_site(site)
    data = form_data(staff_group=settings.staff_group_id, coordinators_group=new_group.pk,
                     management_group=settings.management_group_id,
                     board_group=settings.board_group_id)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(edit_url(site), data)
    assert response.status_code == 302

    change = RoleChange.objects.get()
    assert (change.site_id, change.role, change.before, change.after, change.username) == (
        site.pk, "coordinators_group", old_group.name, new_group.name, "root")
    # Told to the coordinators of before and after the change.
    notices = RoleChangeNotice.objects.order_by("recipient__username")
    assert [n.recipient.username for n in notices] == ["af", "nieuw"]
    assert published(callbacks, "send_role_change_notice") == [[n.pk for n in notices]]

    deliver_role_change_notices([n.pk for n in notices])
    assert sorted(message.to[0] for message in mail.outbox) == [
        "af@example.org", "nieuw@example.org"]
    message = mail.outbox[0]
    assert message.subject == "Meldcode op localhost: groep aandachtsfunctionarissen gewijzigd"
    assert f'van "{old_group.name}" in "{new_group.name}"' in message.body
    assert "root" in message.body
    assert edit_url(site) in message.body

    # Saving again without a change records nothing more.
    client.post(edit_url(site), data)
    assert RoleChange.objects.count() == 1


@pytest.mark.parametrize("statement", [
    "UPDATE wagtail_meldcode_rolechange SET after = 'Beheerders meldcode'",
    "DELETE FROM wagtail_meldcode_rolechange",
])
def test_the_database_refuses_to_change_role_changes(site, statement):
    RoleChange.objects.create(site=site, role="coordinators_group", before="a", after="b",
                              username="root")
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert list(RoleChange.objects.values_list("before", "after")) == [("a", "b")]


def test_role_changes_are_append_only(site):
    change = RoleChange.objects.create(site=site, role="staff_group", before="a", after="b",
                                       username="root")
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        RoleChange.objects.filter(pk=change.pk).delete()


@pytest.mark.parametrize("codename", [
    "change_meldcode_roles", "add_user", "change_user", "add_group", "change_group"])
def test_who_can_grant_roles_needs_the_second_factor_first(site, client, codename):
    """Someone who can give anyone a role logs in with two factors before any admin page:
    by the roles setting, or by groups in Wagtail's user and group admin."""
    user = User.objects.create_user("rollen", "rollen@example.org", "x" * 16)
    user.user_permissions.add(
        Permission.objects.get(codename=codename),
        Permission.objects.get(codename="access_admin"),
    )
    login = client.post("/accounts/login/", {"username": "rollen", "password": "x" * 16})
    assert login.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("meldcode_account:verify"))


def test_an_editor_logs_in_without_a_second_factor(site, client, demo_editor):
    """Editors keep their password login: they can grant no role."""
    login = client.post("/accounts/login/", {"username": "beheerder", "password": "x" * 16})
    assert login.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_notice_the_broker_lost_is_enqueued_again_by_the_next_pass(
        site, coordinator, django_capture_on_commit_callbacks):
    change = RoleChange.objects.create(site=site, role="staff_group", before="a", after="b",
                                       username="root")
    notice = RoleChangeNotice.objects.create(change=change, recipient=coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert requeue_role_change_notices() == [notice.pk]
    assert published(callbacks, "send_role_change_notice") == [[notice.pk]]
    # Enqueued just now: not again until MELDCODE_REQUEUE_AFTER has passed.
    assert requeue_role_change_notices() == []
