"""Reliability of the reminders with real worker processes, real Redis and PostgreSQL.

Each test commits its data (a transactional test database), starts ``celery worker``
processes as production would, and counts what reaches a local SMTP server.
"""

import datetime
import subprocess
import threading

import pytest
import redis
from django.contrib.auth.models import User
from django.db import connection, connections
from django.utils import timezone

from tests import services
from tests.helpers import app, use_broker
from tests.smtp import SMTPServer
from tests.workers import Worker, free_port, kill_all, wait_for, wait_until_idle
from wagtail_meldcode.models import Case, FollowUp, ReminderDelivery
from wagtail_meldcode.models.followup import schedule_followup
from wagtail_meldcode.reminders import dispatch

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # With pytest-xdist, one test after the other in one process: each starts worker
    # processes of its own, and their timing (visibility timeouts of seconds) must not
    # compete with a second set of workers for the machine's cores.
    pytest.mark.xdist_group("celery_workers"),
]


@pytest.fixture(autouse=True)
def needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("worker processes need a database they can share: runs on PostgreSQL")


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(broker_url, smtp_port, tmp_path):
    """A ``celery worker`` of the example site on ``broker_url``, sending to ``smtp_port``."""
    return Worker({
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker_url,
        "MELDCODE_VISIBILITY_TIMEOUT": "5",
        "MELDCODE_TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "MELDCODE_TEST_SMTP_PORT": str(smtp_port),
        "MELDCODE_VAR_DIR": str(tmp_path),
    }, tmp_path / "worker.log").start()


@pytest.fixture(autouse=True)
def no_worker_outlives_its_test():
    yield
    kill_all()


@pytest.fixture
def broker(redis_url):
    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    with use_broker(redis_url, visibility_timeout=5):
        yield redis_url
    client.flushdb()


@pytest.fixture
def due_followups(meldcode, people):
    """Twelve cases with help, each with one follow-up that fell due an hour ago."""
    owner = people["medewerker"]
    owner.email = ""  # only the coordinator is reminded: one e-mail per follow-up
    owner.save()
    due = timezone.now() - datetime.timedelta(hours=1)
    local = timezone.localtime(due)
    followups = []
    for n in range(12):
        case = Case.objects.create(
            meldcode=meldcode, site=meldcode.get_site(), owner=owner, age_group="4-12",
            person_reference=f"Leerling {n}", status="help",
            coordinator=people["aandachtsfunctionaris"],
        )
        followups.append(schedule_followup(case, local.date(), local.hour))
    return followups


def all_sent():
    return ReminderDelivery.objects.exists() and not ReminderDelivery.objects.filter(
        sent_at__isnull=True).exists()


def assert_exactly_once(smtp, followups):
    ids = smtp.message_ids()
    deliveries = ReminderDelivery.objects.filter(followup__in=followups)
    assert deliveries.count() == len(followups)
    assert len(ids) == len(set(ids)) == len(followups), ids
    assert all(d.sent_at for d in deliveries)


def test_a_killed_worker_loses_nothing_and_sends_nothing_twice(
        broker, due_followups, tmp_path, settings):
    settings.MELDCODE_SEND_BATCH = 3
    with SMTPServer(hold_after=4) as smtp:
        dispatch()  # commits: four tasks of three reminders each wait in Redis
        worker = start_worker(broker, smtp.port, tmp_path)
        try:
            # Four are accepted; the next two (one in each of the two tasks being worked
            # on) are held mid-send when the worker dies.
            wait_for(lambda: smtp.holding == 2 and len(smtp.message_ids()) == 4,
                     message="four sends accepted and two held")
            worker.kill()
            assert len(smtp.message_ids()) == 4
            smtp.release()
            wait_for(lambda: smtp.dropped == 2, 10, "the two held sends dropped")
            assert len(smtp.message_ids()) == 4  # the held sends were not accepted
            worker = start_worker(broker, smtp.port, tmp_path)
            # Left at most: what remained of the two tasks the dead worker held (three
            # reminders each). Redis hands those tasks out again after its visibility
            # timeout, which a slow restart may already have passed.
            wait_for(lambda: ReminderDelivery.objects.filter(sent_at__isnull=True).count() <= 6,
                     message="the rest of the queue sent")
            # The two tasks the dead worker held are unacknowledged; the next pass after
            # MELDCODE_REQUEUE_AFTER enqueues their deliveries again (and Redis may hand
            # the old tasks out too). Either way: each e-mail once.
            dispatch(timezone.now() + datetime.timedelta(minutes=11))
            wait_for(all_sent, message="every reminder sent")
            # Also the dead worker's tasks, once Redis hands them out again, are done.
            wait_until_idle(app, redis.Redis.from_url(broker))
        finally:
            worker.stop()
        assert_exactly_once(smtp, due_followups)


def test_a_worker_killed_after_the_mail_server_took_the_e_mail_resends_it_under_one_id(
        broker, due_followups, tmp_path):
    followup = due_followups[0]
    FollowUp.objects.exclude(pk=followup.pk).delete()
    with SMTPServer(hold_after=0, take_held=True) as smtp:
        dispatch()
        worker = start_worker(broker, smtp.port, tmp_path)
        try:
            # The server has the e-mail; the worker waits for its "accepted" and dies.
            wait_for(lambda: smtp.holding == 1, message="the e-mail taken, its answer held")
            worker.kill()
            delivery = ReminderDelivery.objects.get()
            assert delivery.sent_at is None
            smtp.release()
            worker = start_worker(broker, smtp.port, tmp_path)
            dispatch(timezone.now() + datetime.timedelta(minutes=11))  # or Redis redelivers
            wait_for(all_sent, message="the reminder sent again")
            wait_until_idle(app, redis.Redis.from_url(broker))
        finally:
            worker.stop()
    created = f"{delivery.created_at:%Y%m%d%H%M%S%f}"
    message_id = f"<meldcode.reminder.{delivery.pk}.{created}@{followup.case.site.hostname}>"
    assert smtp.message_ids() == [message_id, message_id]


def start_redis(port):
    """A private ``redis-server`` on ``port``, keeping nothing on disk."""
    return subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"], stdout=subprocess.DEVNULL,
    )


def test_redis_down_keeps_the_site_working_and_delivers_afterwards(
        due_followups, tmp_path, client):
    port = free_port()
    server = start_redis(port)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        wait_for(lambda: services.check_redis(url) is None, message="private redis")
        server.terminate()
        server.wait(timeout=10)
        assert services.check_redis(url) is not None

        # While Redis is down: a coordinator answers a follow-up; the request succeeds.
        with use_broker(url, visibility_timeout=5):
            coordinator = User.objects.get(username="aandachtsfunctionaris")
            client.force_login(coordinator)
            followup = due_followups[0]
            response = client.post(
                f"/meldcode/dossiers/{followup.case.reference}/controle/{followup.pk}/",
                {"outcome": "not_working", "observations": "Hulp gestopt."},
            )
            assert response.status_code == 302
            assert dispatch() == len(due_followups) - 1  # planned, enqueue failed quietly

        server = start_redis(port)
        wait_for(lambda: services.check_redis(url) is None, message="redis back")
        with SMTPServer() as smtp, use_broker(url, visibility_timeout=5):
            worker = start_worker(url, smtp.port, tmp_path)
            try:
                dispatch(timezone.now() + datetime.timedelta(minutes=11))
                wait_for(all_sent, message="every reminder sent")
                wait_until_idle(app, redis.Redis.from_url(url))
            finally:
                worker.stop()
            ids = smtp.message_ids()
            assert len(ids) == len(set(ids)) == ReminderDelivery.objects.count()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_after_beat_was_down_for_hours_the_first_pass_sends_everything_once(
        broker, due_followups, tmp_path):
    for n, followup in enumerate(due_followups):  # due at different moments, hours ago
        FollowUp.objects.filter(pk=followup.pk).update(
            due_at=timezone.now() - datetime.timedelta(hours=n + 1))
    with SMTPServer() as smtp:
        worker = start_worker(broker, smtp.port, tmp_path)
        try:
            assert dispatch() == len(due_followups)
            wait_for(all_sent, message="every reminder sent")
            assert dispatch() == 0
            wait_until_idle(app, redis.Redis.from_url(broker))
        finally:
            worker.stop()
        assert_exactly_once(smtp, due_followups)


def test_concurrent_dispatchers_send_nothing_twice(broker, due_followups, tmp_path):
    start = threading.Barrier(4)
    counts = []

    def pass_():
        try:
            start.wait()
            counts.append(dispatch())
        finally:
            connections.close_all()

    with SMTPServer() as smtp:
        worker = start_worker(broker, smtp.port, tmp_path)
        try:
            threads = [threading.Thread(target=pass_) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert sum(counts) == len(due_followups)
            wait_for(all_sent, message="every reminder sent")
            wait_until_idle(app, redis.Redis.from_url(broker))
        finally:
            worker.stop()
        assert_exactly_once(smtp, due_followups)


def test_marking_an_e_mail_sent_does_not_wait_for_the_disk(broker, due_followups, monkeypatch):
    from django.core.mail.backends import locmem
    from django.db import transaction

    from wagtail_meldcode.reminders import deliver

    seen = []
    original = locmem.EmailBackend.send_messages

    def mail_server(self, messages):
        seen.append(synchronous_commit())
        return original(self, messages)

    def synchronous_commit():
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", mail_server)
    dispatch()
    pks = list(ReminderDelivery.objects.order_by("pk").values_list("pk", flat=True))
    assert deliver(pks[:2]).sent == pks[:2]
    assert seen == ["off", "off"]  # only inside each e-mail's own transaction ...
    assert synchronous_commit() == "on"  # ... not for what the connection does next
    with transaction.atomic():  # called inside someone else's transaction: left alone
        deliver(pks[2:3])
        assert seen[-1] == synchronous_commit() == "on"
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 3
