"""Follow-up reminders: what the dispatch pass plans, what the send task sends, once."""

import datetime
import io
import re
import uuid

import pytest
import redis
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from tests.builders import make_case
from tests.helpers import open_case, published, use_broker
from wagtail_meldcode import lifecycle
from wagtail_meldcode.choices import AgeGroup, CaseStatus
from wagtail_meldcode.models import Case, Decision, FollowUp, MeldcodePage, ReminderDelivery
from wagtail_meldcode.models.followup import (
    DUE_TIME_ZONE,
    DeliveryStage,
    due_moment,
    schedule_followup,
)
from wagtail_meldcode.reminders import deliver, dispatch
from wagtail_meldcode.workdays import add_working_days

pytestmark = pytest.mark.django_db


def make_due(case, due_at):
    local = timezone.localtime(due_at, DUE_TIME_ZONE)
    followup = schedule_followup(case, local.date(), local.hour,
                                 decision=case.latest_decision())
    assert followup.due_at == due_at
    return followup


def run_pass(capture, now):
    """A dispatch pass, then the send tasks it published, run here as the worker would."""
    with capture(execute=False) as callbacks:
        count = dispatch(now)
    batches = published(callbacks, "send_reminder")
    pks = list(ReminderDelivery.objects.filter(enqueued_at=now).values_list("pk", flat=True))
    assert sorted(pk for batch in batches for pk in batch) == sorted(pks)
    assert len(pks) == count
    for batch in batches:
        deliver(batch)
    return count


def test_a_due_follow_up_reminds_coordinator_and_owner_once(
        helped_case, django_capture_on_commit_callbacks):
    now = timezone.now()
    followup = make_due(helped_case, due_moment(timezone.localdate(), 9))
    run_pass(django_capture_on_commit_callbacks, max(now, followup.due_at))
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["aandachtsfunctionaris@example.org", "medewerker@example.org"]
    # Later passes, and the task delivered twice, change nothing.
    run_pass(django_capture_on_commit_callbacks, followup.due_at + datetime.timedelta(minutes=5))
    done = deliver(list(ReminderDelivery.objects.values_list("pk", flat=True)))
    assert done.sent == done.failed == []
    assert len(mail.outbox) == 2


def test_nothing_before_it_is_due(helped_case, django_capture_on_commit_callbacks):
    due = due_moment(timezone.localdate() + datetime.timedelta(days=1), 9)
    make_due(helped_case, due)
    assert run_pass(django_capture_on_commit_callbacks, due - datetime.timedelta(seconds=1)) == 0
    assert mail.outbox == []


def test_the_e_mail_carries_a_reference_and_a_link_only(staff, client,
                                                        django_capture_on_commit_callbacks):
    canary = f"KANARIE{uuid.uuid4().hex[:8]}"
    case, _wizard = open_case(client, person=f"{canary} Jansen")
    case.person_name = f"{canary} Jansen"
    case.save()
    Decision.objects.create(case=case, suggested_report=False, suggested_help=True,
                            report=False, help=True, help_plan=f"{canary} plan",
                            decided_by=staff)
    followup = make_due(case, due_moment(timezone.localdate(), 0))
    run_pass(django_capture_on_commit_callbacks, timezone.now())
    assert mail.outbox
    for message in mail.outbox:
        text = message.subject + message.body
        assert canary not in text and "Jansen" not in text
        assert case.reference in message.subject
        assert f"/meldcode/dossiers/{case.reference}/controle/{followup.pk}/" in message.body


def test_unanswered_reminders_escalate_after_three_working_days(
        helped_case, django_capture_on_commit_callbacks):
    friday = datetime.date(2026, 11, 20)
    followup = make_due(helped_case, due_moment(friday, 9))
    run_pass(django_capture_on_commit_callbacks, followup.due_at)
    assert add_working_days(friday, 3) == datetime.date(2026, 11, 25)  # Wednesday
    tuesday = due_moment(datetime.date(2026, 11, 24), 12)
    run_pass(django_capture_on_commit_callbacks, tuesday)
    assert not ReminderDelivery.objects.filter(stage=DeliveryStage.ESCALATION).exists()
    wednesday = due_moment(datetime.date(2026, 11, 25), 9)
    run_pass(django_capture_on_commit_callbacks, wednesday)
    escalations = ReminderDelivery.objects.filter(stage=DeliveryStage.ESCALATION)
    assert list(escalations.values_list("recipient__username", flat=True)) == [
        "aandachtsfunctionaris"
    ]
    followup.refresh_from_db()
    assert followup.is_overdue
    assert "Verlopen" in mail.outbox[-1].subject or "Overdue" in mail.outbox[-1].subject
    run_pass(django_capture_on_commit_callbacks, wednesday + datetime.timedelta(days=2))
    assert escalations.count() == 1


def test_public_holidays_are_no_working_days_for_the_escalation(
        helped_case, django_capture_on_commit_callbacks):
    wednesday = datetime.date(2026, 12, 23)
    followup = make_due(helped_case, due_moment(wednesday, 9))
    run_pass(django_capture_on_commit_callbacks, followup.due_at)
    escalations = followup.deliveries.filter(stage=DeliveryStage.ESCALATION)
    # Thursday 24th, then Christmas and a weekend: Monday 28th is the second working day.
    run_pass(django_capture_on_commit_callbacks, due_moment(datetime.date(2026, 12, 28), 12))
    assert not escalations.exists()
    run_pass(django_capture_on_commit_callbacks, due_moment(datetime.date(2026, 12, 29), 9))
    assert escalations.count() == 1


@pytest.mark.parametrize("day, utc_hour", [
    (datetime.date(2027, 3, 28), 7),   # summer time starts: 09:00 CEST is 07:00 UTC
    (datetime.date(2027, 10, 31), 8),  # summer time ends: 09:00 CET is 08:00 UTC
])
def test_daylight_saving_days_fire_once_at_nine(helped_case, day, utc_hour,
                                                django_capture_on_commit_callbacks):
    helped_case.followups.update(status="cancelled")  # only the one under test
    Case.objects.exclude(pk=helped_case.pk).update(status=CaseStatus.CLOSED)  # none stalls
    followup = schedule_followup(helped_case, day, 9)
    assert followup.due_at == datetime.datetime(day.year, day.month, day.day, utc_hour,
                                                tzinfo=datetime.UTC)
    before = followup.due_at - datetime.timedelta(seconds=1)
    assert run_pass(django_capture_on_commit_callbacks, before) == 0
    for minutes in (0, 5, 60, 60 * 25):
        run_pass(django_capture_on_commit_callbacks,
                 followup.due_at + datetime.timedelta(minutes=minutes))
    assert len(mail.outbox) == 2  # coordinator and owner, once each


def test_a_rolled_back_transaction_enqueues_nothing(helped_case,
                                                    django_capture_on_commit_callbacks):
    followup = make_due(helped_case, due_moment(timezone.localdate(), 0))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                dispatch(timezone.now())
                raise RuntimeError("the request failed after the pass")
    assert callbacks == []
    assert not ReminderDelivery.objects.exists()
    followup.refresh_from_db()
    assert followup.reminded_at is None  # the next pass will find it again


def test_a_lost_task_is_enqueued_again(helped_case, django_capture_on_commit_callbacks):
    followup = make_due(helped_case, due_moment(timezone.localdate(), 0))
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=False) as lost:
        dispatch(now)  # enqueued, but the broker loses the task
    assert len(published(lost, "send_reminder")[0]) == 2 and mail.outbox == []
    assert run_pass(django_capture_on_commit_callbacks, now + datetime.timedelta(minutes=1)) == 0
    assert run_pass(django_capture_on_commit_callbacks, now + datetime.timedelta(minutes=11)) == 2
    assert len(mail.outbox) == 2
    assert followup.deliveries.filter(sent_at__isnull=False).count() == 2


def test_management_command_runs_one_pass(helped_case, django_capture_on_commit_callbacks):
    make_due(helped_case, due_moment(timezone.localdate(), 0))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("meldcode_dispatch_reminders", stdout=out)
    # Run inside a transaction (the test's), the pass hands over when that commits.
    assert out.getvalue() == (
        "2 reminder(s) planned; handed to the broker when the transaction commits.\n")
    assert [len(batch) for batch in published(callbacks, "send_reminder")] == [2]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_says_how_many_reminders_the_broker_took(helped_case, redis_url, settings):
    settings.MELDCODE_REQUEUE_AFTER = 0  # the next pass hands over what the broker missed
    make_due(helped_case, due_moment(timezone.localdate(), 0))
    down, up = io.StringIO(), io.StringIO()
    with use_broker("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        call_command("meldcode_dispatch_reminders", stdout=down)
    redis.Redis.from_url(redis_url).flushdb()
    try:
        with use_broker(redis_url):
            call_command("meldcode_dispatch_reminders", stdout=up)
    finally:
        redis.Redis.from_url(redis_url).flushdb()
    assert down.getvalue() == (
        "2 reminder(s) planned; 0 handed to the broker: the broker is unavailable, "
        "a later pass hands them over.\n")
    assert up.getvalue() == "2 reminder(s) planned; 2 handed to the broker.\n"


def due_cases(case, count, due_at):
    """``count`` more cases like ``case`` (help), each with a follow-up due at ``due_at``."""
    followups = []
    for n in range(count):
        other = Case.objects.create(
            meldcode=case.meldcode, site=case.site, owner=case.owner,
            coordinator=case.coordinator, age_group=AgeGroup.AGE_4_12,
            person_reference=f"Leerling {n}", status=CaseStatus.HELP,
        )
        followups.append(make_due(other, due_at))
    return followups


def test_one_refused_address_holds_up_no_other_reminder(
        helped_case, django_capture_on_commit_callbacks, monkeypatch):
    import smtplib

    from django.core.mail.backends import locmem

    from wagtail_meldcode import tasks

    refusals = {"medewerker@example.org": 1}  # refused once, then accepted
    original = locmem.EmailBackend.send_messages

    def mail_server(self, messages):
        for message in messages:
            if refusals.get(message.to[0], 0) > 0:
                refusals[message.to[0]] -= 1
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (450, b"try later")})
        return original(self, messages)

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", mail_server)
    now = timezone.now()
    make_due(helped_case, due_moment(timezone.localdate(), 0))
    due_cases(helped_case, 2, due_moment(timezone.localdate(), 0))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert dispatch(now) == 6
    [batch] = published(callbacks, "send_reminder")

    # The task sends the five others, then retries only the refused one, which goes now.
    result = tasks.send_reminder.apply(args=(batch,))
    assert result.successful()
    assert sorted(m.to[0] for m in mail.outbox) == (
        ["aandachtsfunctionaris@example.org"] * 3 + ["medewerker@example.org"] * 3)

    # An address refused every time: the others still go out once; the refused delivery
    # stays unsent, and a later pass enqueues it again.
    mail.outbox.clear()
    ReminderDelivery.objects.update(sent_at=None, enqueued_at=None)
    refusals["medewerker@example.org"] = 100
    result = tasks.send_reminder.apply(args=(batch,))
    assert result.failed() and isinstance(result.result, smtplib.SMTPRecipientsRefused)
    assert [m.to[0] for m in mail.outbox] == ["aandachtsfunctionaris@example.org"] * 3
    unsent = ReminderDelivery.objects.filter(sent_at__isnull=True)
    assert {d.recipient.email for d in unsent} == {"medewerker@example.org"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert dispatch(now) == 3
    assert sorted(published(callbacks, "send_reminder")[0]) == sorted(
        unsent.values_list("pk", flat=True))


def message_ids(messages):
    """The ``Message-ID`` of each e-mail as it leaves for the mail server."""
    return [message.message()["Message-ID"] for message in messages]


def test_a_reminder_sent_again_carries_the_same_message_id(
        helped_case, django_capture_on_commit_callbacks):
    make_due(helped_case, due_moment(timezone.localdate(), 0))
    run_pass(django_capture_on_commit_callbacks, timezone.now())
    first, second = ReminderDelivery.objects.order_by("pk")
    # A worker died after the mail server took the first e-mail, before the row said so.
    ReminderDelivery.objects.filter(pk=first.pk).update(sent_at=None)
    assert deliver([first.pk]).sent == [first.pk]

    host = helped_case.site.hostname
    expected = [
        f"<meldcode.reminder.{delivery.pk}.{delivery.created_at:%Y%m%d%H%M%S%f}@{host}>"
        for delivery in (first, second, first)
    ]
    assert [m.to[0] for m in mail.outbox] == [first.recipient.email, second.recipient.email,
                                               first.recipient.email]
    assert message_ids(mail.outbox) == expected


def test_the_row_says_sent_before_the_mail_server_has_the_e_mail(
        helped_case, django_capture_on_commit_callbacks, monkeypatch):
    """Once the server accepted the e-mail only the commit is left; a failed send rolls
    the mark back."""
    from django.core.mail.backends import locmem

    make_due(helped_case, due_moment(timezone.localdate(), 0))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dispatch(timezone.now())
    [batch] = published(callbacks, "send_reminder")
    seen = []

    def mail_server(self, messages):
        seen.append(ReminderDelivery.objects.get(pk=batch[0]).sent_at is not None)
        raise ConnectionRefusedError("the mail server is away")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", mail_server)
    assert [pk for pk, _error in deliver(batch[:1]).failed] == batch[:1]
    assert seen == [True]
    assert ReminderDelivery.objects.get(pk=batch[0]).sent_at is None


# The check-in --------------------------------------------------------------------------


def checkin(client, followup, **data):
    url = f"/meldcode/dossiers/{followup.case.reference}/controle/{followup.pk}/"
    return client.post(url, data) if data else client.get(url)


def test_help_works_schedules_the_next_check(helped_case, client):
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    followup = helped_case.followups.get()
    response = checkin(client, followup, outcome="working", observations="Gaat goed.")
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == "done" and followup.answered_by.username == "aandachtsfunctionaris"
    nxt = helped_case.followups.get(status="pending")
    assert nxt.due_on == followup.due_on + datetime.timedelta(days=28)


def test_help_partly_needs_a_new_plan_and_date(helped_case, client):
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    followup = helped_case.followups.get()
    response = checkin(client, followup, outcome="partly", observations="Wisselend.")
    assert response.status_code == 200 and helped_case.followups.filter(status="done").count() == 0
    day = timezone.localdate() + datetime.timedelta(days=10)
    response = checkin(client, followup, outcome="partly", observations="Wisselend.",
                       next_step="Extra gesprek met wijkteam.", next_check_on=day.isoformat())
    assert response.status_code == 302
    assert helped_case.followups.get(status="pending").due_on == day


def test_help_not_working_reopens_step_5_and_tells_the_owner_not_the_coordinator_who_said_so(
        helped_case, client, django_capture_on_commit_callbacks):
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    followup = helped_case.followups.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = checkin(client, followup, outcome="not_working",
                           observations="Vader weigert de hulp.")
    assert response.status_code == 302
    assert mail.outbox == []  # the view only enqueues; the worker sends
    batches = published(callbacks, "send_reminder")
    assert sorted(batches[0]) == sorted(followup.deliveries.values_list("pk", flat=True))
    helped_case.refresh_from_db()
    assert helped_case.reconsider_report and helped_case.current_step == 5
    assert helped_case.status == CaseStatus.OPEN
    deliver(batches[0])
    [message] = mail.outbox
    assert message.to == ["medewerker@example.org"]
    assert f"/meldcode/dossiers/{helped_case.reference}/stap/besluit/" in message.body
    page = client.get(f"/meldcode/dossiers/{helped_case.reference}/").content.decode()
    assert "Alsnog melden overwegen" in page
    step5 = client.get(f"/meldcode/dossiers/{helped_case.reference}/stap/besluit/")
    assert step5.status_code == 200


def test_check_in_is_for_people_with_access_only(helped_case, client):
    followup = helped_case.followups.get()
    stranger = User.objects.create_user("collega", password="x" * 16)
    stranger.groups.add(*User.objects.get(username="medewerker").groups.all())
    client.force_login(stranger)
    assert checkin(client, followup).status_code == 404
    assert checkin(client, followup, outcome="working", observations="x").status_code == 404
    followup.refresh_from_db()
    assert followup.status == "pending"


def test_after_a_report_the_owner_records_veilig_thuis_feedback(staff, client):
    case = make_case(MeldcodePage.objects.get(), staff, person_reference="x",
                     age_group=AgeGroup.AGE_0_4)
    followup = schedule_followup(case, timezone.localdate(), 9, kind="report_feedback")
    page = checkin(client, followup).content.decode()
    assert "Terugkoppeling van Veilig Thuis" in page
    response = checkin(client, followup, report_taken_on="yes", observations="VT doet onderzoek.",
                       next_step="Wij blijven de leerling volgen.")
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.status == "done" and followup.next_step == "Wij blijven de leerling volgen."
    assert followup.report_taken_on is True


# The coordinators' dashboard panel --------------------------------------------------------


def test_dashboard_panel_lists_due_and_overdue_follow_ups(helped_case, client):
    due = make_due(helped_case, due_moment(timezone.localdate() - datetime.timedelta(days=1), 9))
    overdue = make_due(helped_case,
                       due_moment(timezone.localdate() - datetime.timedelta(days=9), 9))
    FollowUp.objects.filter(pk=overdue.pk).update(reminded_at=timezone.now(),
                                                   escalated_at=timezone.now())
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    content = client.get("/admin/").content.decode()
    assert "Vervolgcontroles van dossiers" in content
    for followup in (due, overdue):
        assert f"/meldcode/dossiers/{helped_case.reference}/controle/{followup.pk}/" in content
    assert "Verlopen (geëscaleerd) (1)" in content


def test_dashboard_panel_is_for_coordinators_only(helped_case, client):
    make_due(helped_case, due_moment(timezone.localdate() - datetime.timedelta(days=1), 9))
    client.force_login(User.objects.get(username="beheerder"))
    content = client.get("/admin/").content.decode()
    assert "Vervolgcontroles van dossiers" not in content
    assert helped_case.reference not in content


def test_a_stalled_case_reminds_its_owner_then_its_coordinator(
        staff, client, django_capture_on_commit_callbacks):
    case, wizard = open_case(client)
    case.coordinator = User.objects.get(username="aandachtsfunctionaris")
    entered = due_moment(datetime.date(2026, 11, 2), 10)  # a Monday
    Case.objects.filter(pk=case.pk).update(step_entered_at=entered, coordinator=case.coordinator)
    mail.outbox.clear()
    Case.objects.exclude(pk=case.pk).update(status=CaseStatus.CLOSED)  # only this one

    run_pass(django_capture_on_commit_callbacks, entered + datetime.timedelta(days=9))
    assert mail.outbox == []
    run_pass(django_capture_on_commit_callbacks, entered + datetime.timedelta(days=10))
    assert [m.to for m in mail.outbox] == [["medewerker@example.org"]]
    assert f"/meldcode/dossiers/{case.reference}/" in mail.outbox[0].body
    run_pass(django_capture_on_commit_callbacks, entered + datetime.timedelta(days=11))
    assert len(mail.outbox) == 1  # once
    run_pass(django_capture_on_commit_callbacks, entered + datetime.timedelta(days=15))
    assert [m.to for m in mail.outbox][1:] == [["aandachtsfunctionaris@example.org"]]

    # Moving on ends it; a new stall of the next step starts again from there.
    case.refresh_from_db()
    lifecycle.step_recorded(case, 1, 5)
    stalled = case.followups.get(kind="stalled")
    assert stalled.status == "done"


def test_overdue_shows_in_my_cases(helped_case, client):
    followup = helped_case.followups.get()
    FollowUp.objects.filter(pk=followup.pk).update(reminded_at=timezone.now(),
                                                   escalated_at=timezone.now())
    client.force_login(helped_case.owner)
    rows = client.get("/meldcode/dossiers/").content.decode().split("<tr>")
    row = next(row for row in rows if helped_case.reference in row)
    assert "verlopen" in row


def test_a_check_in_saved_in_a_rolled_back_transaction_enqueues_nothing(
        helped_case, django_capture_on_commit_callbacks):
    from wagtail_meldcode.reminders import record_answer

    followup = helped_case.followups.get()
    coordinator = User.objects.get(username="aandachtsfunctionaris")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                record_answer(followup, coordinator, outcome="not_working",
                              observations="Werkt niet.")
                raise RuntimeError("the request failed after saving")
    assert callbacks == []
    assert not ReminderDelivery.objects.exists()
    helped_case.refresh_from_db()
    assert not helped_case.reconsider_report


def test_dashboard_lists_cases_waiting_for_a_decision_and_stalled_cases(helped_case, client):
    waiting = Case.objects.create(
        meldcode=helped_case.meldcode, site=helped_case.site, owner=helped_case.owner,
        person_reference="x", age_group="4-12", current_step=5)
    stalled = make_case(helped_case.meldcode, helped_case.owner, current_step=2)
    FollowUp.objects.create(case=stalled, kind="stalled", due_on=timezone.localdate(),
                            due_at=timezone.now())
    client.force_login(User.objects.get(username="aandachtsfunctionaris"))
    content = client.get("/admin/").content.decode()
    panel = content[content.index("Dossiers die aandacht vragen"):]
    assert "Wachten op een besluit (1)" in panel and "Staan stil in één stap (1)" in panel
    assert f'href="/admin/meldcode_cases/{waiting.pk}/dossier/"' in panel
    assert f'href="/admin/meldcode_cases/{stalled.pk}/dossier/"' in panel
    for case, step in ((waiting, "Stap 5 van 5"), (stalled, "Stap 2 van 5")):
        assert re.search(rf"{case.reference}</a></td>\s*<td>{step}</td>", panel), case


# The text of every reminder e-mail ---------------------------------------------------------

NOT_FORWARD = "Dit bericht bevat bewust geen gegevens uit het dossier. Stuur het niet door."
HELP_FAILED = ("Dossier {ref}: de hulp werkt niet",
               "Uit de vervolgcontrole van dossier {ref} blijkt dat de hulp niet werkt. Stap 5 "
               "staat weer open: overweeg alsnog een melding bij Veilig Thuis.")
STALLED = ("Dossier {ref} staat al een tijd in dezelfde stap",
           "Dossier {ref} staat langer dan afgesproken in dezelfde stap van de meldcode. Zet de "
           "volgende stap, of leg vast waarom die moet wachten.")
OVERDUE = ("Verlopen: vervolgcontrole van dossier {ref}",
           "De vervolgcontrole van dossier {ref}, gepland op 4 maart 2031, is nog niet "
           "beantwoord. Zorg als aandachtsfunctionaris van de organisatie dat die alsnog "
           "gebeurt.")


@pytest.mark.parametrize("kind, stage, expected", [
    ("check", "reminder", ("Vervolgcontrole van dossier {ref}",
                           "Voor dossier {ref} staat op 4 maart 2031 een vervolgcontrole "
                           "gepland: werkt de ingezette hulp?")),
    ("check", "escalation", OVERDUE),
    ("check", "help_failed", HELP_FAILED),
    ("report_feedback", "reminder", (
        "Dossier {ref}: leg de terugkoppeling van Veilig Thuis vast",
        "Er zijn vijf werkdagen verstreken sinds de melding van dossier {ref} bij Veilig "
        "Thuis. Leg hun terugkoppeling en de gemaakte afspraken vast.")),
    ("report_feedback", "escalation", OVERDUE),
    ("report_feedback", "help_failed", HELP_FAILED),
    ("stalled", "reminder", STALLED),
    ("stalled", "escalation", STALLED),
    ("stalled", "help_failed", HELP_FAILED),
])
def test_every_reminder_e_mail_says_exactly_this(meldcode, kind, stage, expected):
    owner = User.objects.create_user("eigenaar", email="eigenaar@example.org")
    case = Case.objects.create(meldcode=meldcode, site=meldcode.get_site(), owner=owner,
                               person_reference="x", age_group=AgeGroup.AGE_4_12)
    followup = schedule_followup(case, datetime.date(2031, 3, 4), 9, kind=kind)
    delivery = ReminderDelivery.objects.create(
        followup=followup, due_at=followup.due_at, stage=stage, recipient=owner)
    assert deliver([delivery.pk]).sent == [delivery.pk]
    ref = case.reference
    cases = f"{case.site.root_url}/meldcode/dossiers/"
    if stage == "help_failed":  # to step 5, where the report is reconsidered
        link = f"{cases}{ref}/stap/besluit/"
    elif kind == "stalled":
        link = f"{cases}{ref}/"
    else:
        link = f"{cases}{ref}/controle/{followup.pk}/"
    [message] = mail.outbox
    subject, intro = (text.format(ref=ref) for text in expected)
    assert message.subject == subject
    assert message.body == (f"{intro}\n\nOpen het dossier (inloggen nodig):\n{link}\n\n"
                            f"{NOT_FORWARD}\n\n")
