"""Measurements 3 and 4: the dispatch pass, its django-celery-beat peer, and delivery."""

import datetime
import time
from unittest import mock

from django.db import connection
from django.test import override_settings
from django.utils import timezone

from wagtail_meldcode.models import ReminderDelivery
from wagtail_meldcode.reminders import deliver, dispatch

from . import data, services
from .timing import Row, profile, repeat


def dispatch_pass(results, key, label, *, peer=None, ratio_limit=None, times=3):
    """One pass at data.NOW over the due follow-ups, undone between runs."""
    def reset():
        data.reset_dispatch()
        services.flush_redis()

    counts = []
    samples = repeat(lambda: counts.append(dispatch(data.NOW)), times=times, setup=reset)
    reset()
    path = profile(key, lambda: dispatch(data.NOW), times=1)
    reset()
    target = "<= 2 s" + (f"; ratio <= {ratio_limit}" if ratio_limit else "")
    row = Row(key, label, samples, unit="s", peer=peer, target=target, check="max_median",
              limit=2.0, ratio_limit=ratio_limit)
    row.notes.append(f"planned and enqueued {counts[-1]:,} reminders per pass; profile: "
                     f"{path.name}")
    return results.add(row)


def load_clocked_tasks(count, due):
    """``count`` one-off clocked beat tasks (one per reminder), ``due`` of them due now."""
    from django_celery_beat.models import ClockedSchedule, PeriodicTask, PeriodicTasks

    now = timezone.now()
    clocks = ClockedSchedule.objects.bulk_create(
        [ClockedSchedule(clocked_time=now - datetime.timedelta(seconds=30 + n)
                         if n < due else now + datetime.timedelta(hours=1 + n % 8760))
         for n in range(count)],
        batch_size=5000,
    )
    PeriodicTask.objects.bulk_create(
        [PeriodicTask(name=f"reminder-{n}", task="bench.send_reminder", clocked=clock,
                      one_off=True, args=f"[{n}]", enabled=True)
         for n, clock in enumerate(clocks)],
        batch_size=5000,
    )
    PeriodicTasks.update_changed()
    data.analyze()


def beat_peer(results, app, *, count, due, times=2, limit_s=60):
    """What beat's DatabaseScheduler costs with one clocked task per reminder."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_beat.schedulers import DatabaseScheduler

    load_clocked_tasks(count, due)
    scheduler = DatabaseScheduler(app=app, lazy=True)

    def reload():
        scheduler.sync()
        scheduler._schedule = scheduler.all_as_schedule()

    results.add(Row(
        "beat_reload", f"beat peer: schedule reload, {count:,} clocked tasks", repeat(
            reload, times=times), unit="ms",
        notes=["DatabaseScheduler.sync() + all_as_schedule(); beat reloads after every "
               "change, and every one-off task that fires is a change"],
    ))

    fired = []

    def fire():
        scheduler = DatabaseScheduler(app=app, lazy=False)
        deadline = time.monotonic() + limit_s
        sent = 0
        while time.monotonic() < deadline:
            if scheduler.tick() > 0:
                break
            sent += 1
        scheduler.sync()
        fired.append(sent)

    def reset():
        PeriodicTask.objects.filter(clocked__clocked_time__lte=timezone.now()).update(
            enabled=True, total_run_count=0, last_run_at=None)
        services.flush_redis()

    row = results.add(Row(
        "beat_fire", f"beat peer: fire the due tasks, {due:,} due of {count:,}",
        repeat(fire, times=times, setup=reset), unit="s",
    ))
    row.notes.append(f"fired {fired[-1]:,} tasks per run (capped at {limit_s} s)")
    reset()
    return row


def deliveries(results, *, workers, count, times=1):
    """End to end: a pass enqueues ``count`` reminders; ``workers`` send them through Redis."""
    def reset():
        data.reset_dispatch()
        services.flush_redis()
        workers.clear_mail()

    def run():
        start = timezone.now()
        dispatch(data.NOW)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if not ReminderDelivery.objects.filter(created_at=data.NOW,
                                                   sent_at__isnull=True).exists():
                break
            time.sleep(0.2)
        last = ReminderDelivery.objects.filter(created_at=data.NOW).order_by(
            "-sent_at").values_list("sent_at", flat=True).first()
        sent = ReminderDelivery.objects.filter(created_at=data.NOW,
                                               sent_at__isnull=False).count()
        rates.append(sent / (last - start).total_seconds())
        mails.append(workers.mail_count())
        sents.append(sent)

    rates, mails, sents = [], [], []
    reset()
    with override_settings(MELDCODE_DISPATCH_BATCH=300):
        run()  # warm-up: 300 reminders
    rates.clear()
    mails.clear()
    sents.clear()
    for _ in range(times):
        reset()
        run()
    reset()
    path = profile_deliver()
    connection.close()
    row = Row("delivery", f"{count:,} reminders through Redis, 2 workers", rates,
              unit="reminders/s", target=">= 300/s", check="min_median", limit=300)
    row.notes.append(
        f"from the start of the pass to the last e-mail written; sent {sents} rows, "
        f"{mails} e-mails written (file backend); profile of the task body: {path.name}")
    return results.add(row)


def profile_deliver(count=200):
    """Profile the send task's body in this process, over ``count`` planned deliveries."""
    from wagtail_meldcode.conf import get_setting

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
