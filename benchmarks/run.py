"""``make bench``: set up the data, run every measurement, print and save the table.

Environment: ``BENCH_DATABASE_URL`` (a database whose name starts ``meldcode_bench``; it is
dropped and created), ``BENCH_REDIS_URL`` (a Redis database that is flushed),
``BENCH_LOAD_SECONDS`` (default 300), ``BENCH_ONLY`` (comma separated: page, post, pdf,
listing, dispatch, delivery, beat, admin, evaluation, load; default all), ``BENCH_SCALE``
(1.0: 1,000,000 cases, 2,000,000 follow-ups of which 100,000 due, and 100,000 cases for
the listing's default view; smaller for a quick try),
``BENCH_RUNS`` (3: how often every configuration runs).
"""

import os
import sys
import time

os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"

from benchmarks import processes, services  # noqa: E402

PARTS = ("page", "post", "pdf", "listing", "dispatch", "delivery", "beat", "admin",
         "evaluation", "load")
#: The parts measured before the bulk rows are loaded; with only these, none are loaded.
BEFORE_BULK = {"page", "post", "pdf", "listing"}


def main():
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(","))) or set(PARTS)
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    load_seconds = int(os.environ.get("BENCH_LOAD_SECONDS", "300"))
    problem = services.check()
    if problem:
        sys.exit(f"make bench needs PostgreSQL and Redis. {problem}")
    processes.install_cleanup()
    began = time.monotonic()
    print(f"== fresh database {services.DATABASE_URL}; Redis {services.REDIS_URL}", flush=True)
    services.recreate_database()
    services.flush_redis()

    import django

    django.setup()
    from django.conf import settings

    from benchmarks import data, load, reminders, reports, web
    from benchmarks.timing import Results
    from example_site.celery import app

    log_dir = settings.VAR_DIR
    results = Results()
    cases, due = int(1_000_000 * scale), int(100_000 * scale)
    followups = int(2_000_000 * scale)
    step = time.monotonic()
    dataset = data.Dataset()
    print(f"   site, meldcode and users in {time.monotonic() - step:.0f} s", flush=True)

    if "page" in only:
        print("== 1. step page GET", flush=True)
        web.step_page_get(results, dataset)
    if "post" in only:
        print("== 2. case step POST", flush=True)
        web.step_post(results, dataset)
    if "pdf" in only:
        print("== 8. PDF dossier", flush=True)
        reports.pdf(results, dataset)
    if "listing" in only:
        print("== 9. admin case listing, default view", flush=True)
        web.default_listing(results, dataset, count=int(web.LISTING_CASES * scale))
    if only <= BEFORE_BULK:
        report(results, began, scale)
        return
    queries_small = web.admin_listing_queries(web.client_for(dataset.coordinators[0]))

    step = time.monotonic()
    dataset.load_cases(cases)
    dataset.load_due_followups(due)
    print(f"== {cases:,} cases, {due:,} due follow-ups loaded in "
          f"{time.monotonic() - step:.0f} s", flush=True)
    if "dispatch" in only:
        print(f"== 3. dispatch, {due:,} due of {due:,} stored", flush=True)
        reminders.dispatch_passes(results, "dispatch_small",
                                  f"dispatch, {due:,} due of {due:,} stored follow-ups",
                                  due=due)
    if "delivery" in only:
        print("== 4. delivery through Redis by two workers", flush=True)
        with processes.Workers(2, log_dir) as workers:
            reminders.deliveries(results, workers=workers, count=min(due, 10_000))
    step = time.monotonic()
    dataset.load_other_followups(followups - due)
    print(f"== {followups - due:,} more follow-ups (and their sent reminders) loaded in "
          f"{time.monotonic() - step:.0f} s", flush=True)
    if "beat" in only:
        print("== 3. peer: django-celery-beat, a clocked task per reminder", flush=True)
        reminders.beat_peer(results, app, count=followups, due=due)
    if "dispatch" in only:
        print(f"== 3. dispatch, {due:,} due of {followups:,} stored", flush=True)
        small = "dispatch_small" in results.rows
        row = reminders.dispatch_passes(
            results, "dispatch", f"dispatch, {due:,} due of {followups:,} stored follow-ups",
            due=due, peer="dispatch_small" if small else None,
            target="ratio <= 1.2" if small else "", limit=1.2 if small else None)
        beat = results.rows.get("beat_per_reminder")
        if beat:
            reminders.per_reminder(results, row, due=due, beat=beat)
    if "admin" in only:
        print("== 5. admin case listing", flush=True)
        step = time.monotonic()
        dataset.load_peer_records(cases)
        print(f"   {cases:,} rows of the peer's plain model in "
              f"{time.monotonic() - step:.0f} s", flush=True)
        web.admin_listing(results, dataset, queries_small=queries_small, peer_rows=cases)
    if "evaluation" in only:
        print("== 7. evaluation report", flush=True)
        reports.evaluation(results, dataset)
    extra = {}
    if "load" in only:
        print(f"== 6. load for {load_seconds} s a run", flush=True)
        _row, extra = load.run(results, dataset, log_dir=log_dir, seconds=load_seconds)

    report(results, began, scale, extra)


def report(results, began, scale, extra=None):
    """Print the table and save it with ``extra`` (the run's duration, scale and runs)."""
    from benchmarks.timing import RUNS

    extra = extra or {}
    extra["duration_s"] = round(time.monotonic() - began)
    extra["scale"] = scale
    extra["runs"] = RUNS
    print()
    print(results.table(), flush=True)
    path = results.save(extra)
    print(f"\nWritten to {path.relative_to(processes.ROOT)}; the run took "
          f"{extra['duration_s'] / 60:.1f} min.")


if __name__ == "__main__":
    main()
