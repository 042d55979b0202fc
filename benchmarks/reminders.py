"""Measurements 3 and 4: dispatch passes, their django-celery-beat peer, and delivery."""

import time
import uuid
from unittest import mock

from celery import current_app
from django.core import mail
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from wagtail_meldcode.conf import get_setting
from wagtail_meldcode.models import ReminderDelivery
from wagtail_meldcode.reminders import deliver, dispatch

from . import data, services
from .timing import RUNS, Row, profile, repeat

#: Passes plan as many follow-ups as the app's default ``MELDCODE_DISPATCH_BATCH``, in
#: every dispatch row, whatever the number stored (the settings of the run raise it for
#: delivery only).
DISPATCH_BATCH = 1000
#: Delivery: one pass plans this many reminders, which two workers send.
DELIVERY_BATCH = 10_000


def dispatch_all(now):
    """Passes at ``now`` until one hands over nothing; the number handed over."""
    total = 0
    while handed_over := dispatch(now):
        total += handed_over
    return total


def reset_dispatch():
    data.reset_dispatch()
    services.flush_redis()


def dispatch_passes(results, key, label, *, due, peer=None, target="", limit=None):
    """All ``due`` follow-ups planned and handed to Redis in passes at data.NOW, as the
    beat-scheduled task would run them; undone between runs. A warm-up of one pass."""
    counts = []
    with override_settings(MELDCODE_DISPATCH_BATCH=DISPATCH_BATCH):
        reset_dispatch()
        dispatch(data.NOW)
        runs = [repeat(lambda: counts.append(dispatch_all(data.NOW)), times=1, warmup=0,
                       setup=reset_dispatch) for _ in range(RUNS)]
        reset_dispatch()
        path = profile(key, lambda: dispatch_all(data.NOW), times=1)
        reset_dispatch()
    row = Row(key, label, runs, unit="s", peer=peer, target=target,
              check="max_ratio" if limit else "", limit=limit)
    row.notes.append(f"handed over {counts[-1]:,} reminders per run in passes of "
                     f"{DISPATCH_BATCH:,} (MELDCODE_DISPATCH_BATCH, the default); profile: "
                     f"{path.name}")
    if counts[-1] != due:
        row.notes.append(f"expected {due:,}")
        row.failed = True
    return results.add(row)


def per_reminder(results, row, *, due, beat):
    """The dispatch row per due reminder, against beat's per reminder."""
    return results.add(Row(
        f"{row.key}_per_reminder", f"dispatch per reminder, {row.label.split(', ', 1)[1]}",
        [[s / due for s in run] for run in row.runs], unit="ms", peer=beat.key,
        target="ratio <= 0.05 (1/20)", check="max_ratio", limit=0.05,
        notes=["the runs of the row above, divided by the number due"],
    ))


def load_clocked_tasks(count, due):
    """``count`` one-off clocked beat tasks (one per reminder), ``due`` of them due now,
    the rest over the coming year (SQL: two million rows in seconds)."""
    from django_celery_beat.models import ClockedSchedule, PeriodicTask, PeriodicTasks

    start = time.monotonic()
    now = timezone.now()
    data.execute(f"""
        INSERT INTO "{ClockedSchedule._meta.db_table}" (id, clocked_time)
        SELECT n, CASE WHEN n <= %(due)s THEN %(now)s - n * interval '1 second'
                       ELSE %(now)s + interval '1 hour' + (n %% 8760) * interval '1 hour' END
        FROM generate_series(1, %(count)s) AS n
    """, {"due": due, "now": now, "count": count})
    data.execute(f"""
        INSERT INTO "{PeriodicTask._meta.db_table}"
            (name, task, clocked_id, args, kwargs, headers, one_off, enabled,
             total_run_count, date_changed, description)
        SELECT 'reminder-' || n, 'bench.send_reminder', n, '[' || n || ']', '{{}}', '{{}}',
               true, true, 0, %(now)s, ''
        FROM generate_series(1, %(count)s) AS n
    """, {"now": now, "count": count})
    PeriodicTasks.update_changed()
    data.analyze()
    data.progress(f"{count:,} clocked beat tasks, {due:,} due", start)


def beat_peer(results, app, *, count, due, limit_s=20):
    """django-celery-beat's DatabaseScheduler firing one one-off clocked task per due
    reminder, ``due`` of ``count``: the ms per task fired, over at most ``limit_s`` of
    ticks per run (firing all would take many minutes a run). The scheduler's first read
    of the schedule is outside the timed ticks and reported beside them."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    load_clocked_tasks(count, due)

    def reset():
        PeriodicTask.objects.filter(clocked__clocked_time__lte=timezone.now()).update(
            enabled=True, total_run_count=0, last_run_at=None)
        services.flush_redis()

    runs, fired, reads = [], [], []
    for _ in range(RUNS):
        reset()
        start = time.perf_counter()
        scheduler = DatabaseScheduler(app=app, lazy=False)
        reads.append(time.perf_counter() - start)
        sent = 0
        start = time.perf_counter()
        deadline = start + limit_s
        while time.perf_counter() < deadline and scheduler.tick() <= 0:
            sent += 1
        scheduler.sync()
        elapsed = time.perf_counter() - start
        runs.append([elapsed / max(sent, 1)])
        fired.append(sent)
    reset()
    return results.add(Row(
        "beat_per_reminder",
        f"beat peer per reminder, {due:,} due of {count:,} clocked tasks", runs, unit="ms",
        notes=[f"fired {', '.join(f'{n:,}' for n in fired)} tasks in the runs (ticks capped "
               f"at {limit_s} s a run); the scheduler's first read of the schedule took "
               f"{', '.join(f'{s:.1f}' for s in reads)} s, not counted"],
    ))


def deliveries(results, *, workers, count=DELIVERY_BATCH):
    """End to end: a pass plans ``count`` reminders; ``workers`` send them through Redis.

    Against the bare task: the same e-mails, in batches of ``MELDCODE_SEND_BATCH``, over
    the same broker to the same workers, with no database. Ours and the peer alternate.
    """
    def reset():
        reset_dispatch()
        workers.clear_mail()

    def ours():
        reset()
        start = timezone.now()
        dispatch(data.NOW)
        wait_until(lambda: not ReminderDelivery.objects.filter(
            created_at=data.NOW, sent_at__isnull=True).exists())
        last = ReminderDelivery.objects.filter(created_at=data.NOW).order_by(
            "-sent_at").values_list("sent_at", flat=True).first()
        sent = ReminderDelivery.objects.filter(created_at=data.NOW,
                                               sent_at__isnull=False).count()
        checks.append((sent, workers.mail_count()))
        return sent / (last - start).total_seconds()

    def bare(size):
        reset()
        batch = get_setting("SEND_BATCH")
        messages = [[*email, {"Message-ID": f"<{uuid.uuid4()}@bench>"}]
                    for _ in range(size)]
        start = time.time()
        with current_app.producer_or_acquire() as producer:
            for first in range(0, size, batch):
                current_app.send_task("bench.send_bare", (messages[first:first + batch],),
                                      producer=producer)
        wait_until(lambda: workers.mail_count() >= size)
        return size / (workers.last_mail_time() - start)

    checks = []
    with override_settings(MELDCODE_DISPATCH_BATCH=count):
        email = reminder_email()
        with override_settings(MELDCODE_DISPATCH_BATCH=300):
            ours()  # warm-up: 300 reminders
        bare(300)
        peer_runs, our_runs = [], []
        for _ in range(RUNS):
            peer_runs.append([bare(count)])
            our_runs.append([ours()])
    reset()
    path = profile_deliver()
    connection.close()
    results.add(Row(
        "delivery_bare", f"bare Celery task, the same {count:,} e-mails, 2 workers",
        peer_runs, unit="e-mails/s",
        notes=[f"batches of {get_setting('SEND_BATCH')} e-mails a task, one mail connection "
               "a batch, no database; from the first publish to the last e-mail written"]))
    row = Row("delivery", f"{count:,} reminders through Redis, 2 workers", our_runs,
              unit="reminders/s", peer="delivery_bare", target="ratio >= 0.5",
              check="min_ratio", limit=0.5)
    row.notes.append(
        f"from the start of the pass to the last e-mail written; (rows sent, e-mails "
        f"written) per run: {checks[1:]}; profile of the task body: {path.name}")
    return results.add(row)


def wait_until(done, timeout=600):
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        time.sleep(0.1)


def reminder_email():
    """Subject, body and recipient of the e-mail of one planned reminder, as sent."""
    with mock.patch("wagtail_meldcode.outbox.publish"), \
            override_settings(MELDCODE_DISPATCH_BATCH=1,
                              EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        dispatch(data.NOW)
        deliver(list(ReminderDelivery.objects.filter(created_at=data.NOW)
                     .values_list("pk", flat=True)))
        message = mail.outbox.pop()
    reset_dispatch()
    return message.subject, message.body, message.to[0]


def profile_deliver(count=200):
    """Profile the send task's body in this process, over ``count`` planned deliveries."""
    with mock.patch("wagtail_meldcode.outbox.publish"), \
            override_settings(MELDCODE_DISPATCH_BATCH=count):
        dispatch(data.NOW)
    pks = list(ReminderDelivery.objects.filter(created_at=data.NOW).values_list("pk", flat=True))
    size = get_setting("SEND_BATCH")
    batches = iter([pks[start:start + size] for start in range(0, len(pks), size)])
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        path = profile("delivery", lambda: deliver(next(batches)), times=len(pks) // size)
    data.reset_dispatch()
    return path
