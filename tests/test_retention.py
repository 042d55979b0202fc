"""Retention: closed cases are warned about, then purged to an anonymous stub; legal holds."""

import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tests.helpers import (
    act,
    day,
    do_steps_1_to_3,
    open_case,
    published,
    weigh,
    write_canary_in_steps_1_to_3,
)
from tests.helpers import admin_case_url as admin_url
from wagtail_meldcode import retention
from wagtail_meldcode.evaluation import evaluate
from wagtail_meldcode.models import (
    Case,
    CaseDraft,
    CaseEvent,
    Consultation,
    Conversation,
    LegalHold,
    MeldcodeSettings,
    RetentionWarning,
    Weighing,
)
from wagtail_meldcode.models.followup import FollowUpOutcome
from wagtail_meldcode.reminders import record_answer

pytestmark = pytest.mark.django_db

WARNING = datetime.timedelta(days=30)


@pytest.fixture
def coordinator(people):
    return User.objects.get(username="aandachtsfunctionaris")


@pytest.fixture
def full_case(staff, client, coordinator, canary):
    """A case with the canary in every free-text field, decided as help, checked once,
    then closed by the coordinator; a legal hold placed and lifted on the way."""
    case, wizard = open_case(client, person=f"{canary}-pseudoniem")
    do_steps_1_to_3(wizard)
    write_canary_in_steps_1_to_3(wizard, canary)
    weigh(wizard, "yes")
    wizard.post("weging", {"reasoning": f"{canary}-afweging"})
    r = wizard.post("besluit", {
        "can_help": "yes", "help_accepted": "yes", "help_effective": "yes", "report": "no",
        "help": "yes", "help_plan": f"{canary}-plan", "help_provider": f"{canary}-hulp",
        "first_check_on": day(7), "check_interval_days": "7", "help_ends_on": day(14),
    })
    assert r.status_code == 302
    wizard.post("signalen", {"signals-0-description": f"{canary}-concept"}, save_draft="1")
    followup = case.followups.get(status="pending", kind="check")
    record_answer(followup, staff, outcome=FollowUpOutcome.WORKING,
                  observations=f"{canary}-waargenomen", next_step=f"{canary}-vervolg")

    client.force_login(coordinator)
    assert act(client, case, "vernietigingsstop", reason=f"{canary}-klacht").status_code == 302
    lifted = act(client, case, "vernietigingsstop-opheffen", reason=f"{canary}-afgehandeld")
    assert lifted.status_code == 302
    assert act(client, case, "afsluiten", reason=f"{canary}-gesloten").status_code == 302
    case.refresh_from_db()
    assert case.is_closed and case.latest_decision().help_plan == f"{canary}-plan"
    assert CaseDraft.objects.filter(case=case, data__isnull=False).exists()
    return case


def close_years_ago(case, years, days=0):
    """Pretend ``case`` closed ``years`` years and ``days`` days ago."""
    closed = timezone.now() - datetime.timedelta(days=days)
    closed = closed.replace(year=closed.year - years)
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=closed)
    case.refresh_from_db()
    return case


def run(capture, now):
    """A retention pass, then the warning tasks it enqueued, run as the worker would."""
    with capture(execute=False) as callbacks:
        summary = retention.run(now)
    batches = published(callbacks, "send_purge_warning")
    pks = list(RetentionWarning.objects.filter(enqueued_at=now).values_list("pk", flat=True))
    assert sorted(pk for batch in batches for pk in batch) == sorted(pks)
    for batch in batches:
        retention.deliver_warnings(batch)
    return summary


def every_row(model):
    """Every row of ``model`` as the application reads it (decrypted)."""
    return repr(list(model._base_manager.values()))


def app_tables():
    return [m._meta.db_table for m in apps.get_app_config("wagtail_meldcode").get_models()]


def raw_dump():
    with connection.cursor() as cursor:
        rows = []
        for table in app_tables():
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - the app's own tables
            rows.extend(cursor.fetchall())
    return repr(rows)


def evaluation_figures(case):
    opened = timezone.localdate(case.created_at)
    report = evaluate([case.site], opened.replace(month=1, day=1), opened.replace(month=12,
                      day=31))
    return {key: (dict(row.counts), sorted(row.days)) for key, row in report.rows.items()}


# The purge -------------------------------------------------------------------------------


def test_a_purge_removes_the_content_and_keeps_the_stub(
        full_case, helped_case, canary, django_capture_on_commit_callbacks):
    case = close_years_ago(full_case, 5, days=1)  # education: five years
    assert retention.purge_date(case) == timezone.localdate() - datetime.timedelta(days=1)
    decisions = list(case.decisions.values("report", "help", "decided_at", "first_check_on"))
    followups = list(case.followups.values("pk", "kind", "status", "outcome", "due_on",
                                           "answered_at"))
    first_signal = case.signals.order_by("observed_on").first().observed_on
    figures = evaluation_figures(case)
    # Help was decided for two cases: this one, 2 days after its first signal, and the
    # helped case, after 30 days.
    counts, days = figures[(None, None)]
    assert (counts["help"], days) == (2, [2, 30])

    now = timezone.now()
    summary = run(django_capture_on_commit_callbacks, now)
    assert summary.purged == [] and summary.warned == [case]  # first the warning
    summary = run(django_capture_on_commit_callbacks, now + WARNING)
    assert [c.pk for c, _day in summary.purged] == [case.pk]

    case.refresh_from_db()
    assert case.is_purged and case.is_closed
    assert case.person_reference == case.person_name == case.close_reason == ""
    assert case.kindcheck == {} and case.age_group == ""
    assert [s.observed_on for s in case.signals.all()] == [first_signal]
    assert case.signals.get().description == ""
    for model in (Consultation, Conversation, Weighing, CaseDraft):
        assert not model.objects.filter(case=case).exists(), model
    assert list(case.decisions.values("report", "help", "decided_at", "first_check_on")) \
        == decisions
    assert list(case.followups.values("pk", "kind", "status", "outcome", "due_on",
                                      "answered_at")) == followups
    assert case.latest_decision().help_plan == ""
    purge_event = CaseEvent.objects.get(case=case, action="purge")
    assert purge_event.role == "system" and purge_event.username == ""

    # Nothing of the canary is left: not as plain text, not behind the encryption.
    assert canary not in raw_dump()
    for model in apps.get_app_config("wagtail_meldcode").get_models():
        assert canary not in every_row(model), model

    # The evaluation report counts the stub as it counted the case.
    assert evaluation_figures(case) == figures

    # A purged case is not purged again.
    assert run(django_capture_on_commit_callbacks, now + 2 * WARNING).purged == []
    assert CaseEvent.objects.filter(case=case, action="purge").count() == 1


def test_open_and_recent_cases_are_kept(full_case, helped_case,
                                        django_capture_on_commit_callbacks):
    later = timezone.now() + datetime.timedelta(days=365 * 4)
    assert run(django_capture_on_commit_callbacks, later).warned == []  # closed now: 5 years
    helped = helped_case
    Case.objects.filter(pk=helped.pk).update(created_at=timezone.now().replace(year=2000))
    summary = run(django_capture_on_commit_callbacks, later + datetime.timedelta(days=365 * 30))
    assert helped.pk not in [c.pk for c, _day in summary.purged]  # not closed: kept
    helped.refresh_from_db()
    assert helped.person_reference and not helped.is_purged


def test_the_period_follows_the_site_and_else_the_sector(full_case):
    case = close_years_ago(full_case, 0)
    closed_on = timezone.localdate(case.closed_at)
    assert retention.purge_date(case) == closed_on.replace(year=closed_on.year + 5)
    settings = MeldcodeSettings.for_site(case.site)
    settings.retention_years = 20
    settings.save()
    assert retention.purge_date(case) == closed_on.replace(year=closed_on.year + 20)
    assert retention.add_years(datetime.date(2024, 2, 29), 5) == datetime.date(2029, 2, 28)


def test_a_shorter_period_still_warns_before_the_purge(
        full_case, django_capture_on_commit_callbacks):
    settings = MeldcodeSettings.for_site(full_case.site)
    settings.retention_years = 20
    settings.save()
    case = close_years_ago(full_case, 10)
    now = timezone.now()
    assert run(django_capture_on_commit_callbacks, now).warned == []
    settings.retention_years = 5
    settings.save()
    summary = run(django_capture_on_commit_callbacks, now)
    assert summary.warned == [case] and summary.purged == []
    assert run(django_capture_on_commit_callbacks, now + WARNING - datetime.timedelta(
        minutes=1)).purged == []
    assert len(run(django_capture_on_commit_callbacks, now + WARNING).purged) == 1


# The warning -----------------------------------------------------------------------------


def test_the_warning_goes_out_once_to_the_coordinator_without_content(
        full_case, coordinator, canary, django_capture_on_commit_callbacks):
    case = close_years_ago(full_case, 5, days=-31)  # purge date in 31 days
    now = timezone.now()
    assert run(django_capture_on_commit_callbacks, now).warned == []
    assert mail.outbox == []

    later = now + datetime.timedelta(days=1)  # now 30 days before
    assert run(django_capture_on_commit_callbacks, later).warned == [case]
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    message = mail.outbox[0]
    text = message.subject + message.body
    assert case.reference in message.subject
    assert f"http://127.0.0.1:8000{admin_url(case)}" in message.body  # WAGTAILADMIN_BASE_URL
    assert canary not in text and "Leerling" not in text and "Jansen" not in text
    purge_on = retention.purge_date(case)
    assert f"{purge_on.day} " in message.body and str(purge_on.year) in message.body

    # Later passes, and the task delivered twice, send nothing more.
    run(django_capture_on_commit_callbacks, later + datetime.timedelta(days=2))
    done = retention.deliver_warnings(list(RetentionWarning.objects.values_list("pk", flat=True)))
    assert done.sent == done.failed == []
    assert len(mail.outbox) == 1


def test_without_an_assigned_coordinator_the_coordinators_group_is_warned(
        full_case, coordinator, django_capture_on_commit_callbacks):
    second = User.objects.create_user("af2", email="af2@example.org")
    second.groups.add(*coordinator.groups.all())
    User.objects.create_user("af3", email="").groups.add(*coordinator.groups.all())
    Case.objects.filter(pk=full_case.pk).update(coordinator=None)
    close_years_ago(full_case, 5, days=1)
    run(django_capture_on_commit_callbacks, timezone.now())
    assert sorted(m.to[0] for m in mail.outbox) == [coordinator.email, "af2@example.org"]


def test_a_warning_sent_again_carries_the_same_message_id(
        full_case, coordinator, django_capture_on_commit_callbacks):
    second = User.objects.create_user("af2", email="af2@example.org")
    second.groups.add(*coordinator.groups.all())
    Case.objects.filter(pk=full_case.pk).update(coordinator=None)
    close_years_ago(full_case, 5, days=1)
    run(django_capture_on_commit_callbacks, timezone.now())
    first, other = RetentionWarning.objects.order_by("pk")
    # A worker died after the mail server took the first e-mail, before the row said so.
    RetentionWarning.objects.filter(pk=first.pk).update(sent_at=None)
    assert retention.deliver_warnings([first.pk]).sent == [first.pk]

    host = "127.0.0.1"  # of the admin link, under WAGTAILADMIN_BASE_URL
    assert [m.message()["Message-ID"] for m in mail.outbox] == [
        f"<meldcode.purge-warning.{warning.pk}.{warning.created_at:%Y%m%d%H%M%S%f}@{host}>"
        for warning in (first, other, first)
    ]


# The legal hold --------------------------------------------------------------------------


def test_a_legal_hold_blocks_the_purge_until_lifted(
        full_case, coordinator, client, django_capture_on_commit_callbacks):
    case = close_years_ago(full_case, 5, days=1)
    now = timezone.now()
    run(django_capture_on_commit_callbacks, now)  # warned
    client.force_login(coordinator)
    assert act(client, case, "vernietigingsstop", reason="Klacht ingediend").status_code == 302
    content = client.get(admin_url(case)).content.decode()
    assert "Vernietigingsstop" in content and "Klacht ingediend" in content

    assert run(django_capture_on_commit_callbacks, now + WARNING).purged == []
    assert run(django_capture_on_commit_callbacks, now + 10 * WARNING).purged == []
    case.refresh_from_db()
    assert not case.is_purged and case.person_reference

    later = now + 11 * WARNING
    lifted = act(client, case, "vernietigingsstop-opheffen", reason="Klacht afgehandeld")
    assert lifted.status_code == 302
    # Lifted: a new warning first, the purge after it.
    summary = run(django_capture_on_commit_callbacks, later)
    assert summary.purged == [] and summary.warned == [case]
    assert len(run(django_capture_on_commit_callbacks, later + WARNING).purged) == 1


@pytest.mark.parametrize("username", ["medewerker", "beheerder", "leidinggevende"])
def test_only_coordinators_place_a_legal_hold(full_case, client, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    before = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = act(client, full_case, "vernietigingsstop", reason="Mag dit?")
    assert not LegalHold.objects.filter(case=full_case, lifted_at=None).exists()
    logged = list(CaseEvent.objects.filter(pk__gt=before).values_list(
        "username", "action", "case_id"))
    if username == "medewerker":
        # No admin access: Wagtail's admin door sends staff to its login page first.
        url = admin_url(full_case, "vernietigingsstop")
        assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={url}")
    else:  # past the admin door: the case view answers 404
        assert response.status_code == 404
    # Logged either way.
    assert logged == [(username, "denied", full_case.pk)]


def test_placing_and_lifting_a_hold_is_logged(full_case, coordinator):
    events = CaseEvent.objects.filter(case=full_case, action="legal_hold")
    assert list(events.values_list("username", "role")) == [
        (coordinator.username, "coordinators_group"),
        (coordinator.username, "coordinators_group"),
    ]
    hold = LegalHold.objects.get(case=full_case)
    assert hold.placed_by == coordinator and hold.lifted_by == coordinator
    assert hold.lift_reason.endswith("-afgehandeld")


# The command -----------------------------------------------------------------------------


def expired_case(case):
    """``case`` past its purge date and warned long enough ago."""
    case = close_years_ago(case, 5, days=1)
    Case.objects.filter(pk=case.pk).update(
        purge_warned_on=retention.purge_date(case),
        purge_warned_at=timezone.now() - WARNING - datetime.timedelta(hours=1),
    )
    case.refresh_from_db()
    return case


def test_dry_run_changes_nothing(full_case, helped_case):
    case = expired_case(full_case)
    # A second closed case, 30 days before its purge date: would be warned.
    other = helped_case
    close_years_ago(other, 5, days=-29)
    before = raw_dump()
    out = io.StringIO()
    call_command("meldcode_purge_expired", "--dry-run", stdout=out)
    output = out.getvalue()
    assert f"Would purge {case.reference}" in output
    assert f"Would warn about {other.reference}" in output
    assert "1 case(s) to warn about, 1 to purge. Nothing was changed." in output
    assert raw_dump() == before
    assert mail.outbox == []


def test_the_command_purges_with_progress(full_case, client):
    case = expired_case(full_case)
    out = io.StringIO()
    call_command("meldcode_purge_expired", stdout=out)
    assert f"Purged {case.reference}" in out.getvalue()
    assert "0 case(s) warned about, 1 purged." in out.getvalue()
    case.refresh_from_db()
    assert case.is_purged
    # The stub shows as such to the coordinator, without actions.
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    content = client.get(admin_url(case)).content.decode()
    assert "inhoud van dit dossier is verwijderd" in content
    assert 'name="action"' not in content
