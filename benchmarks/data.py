"""The benchmark's own data: a fresh database, the demo meldcode, users and bulk rows.

Bulk rows go in with PostgreSQL's COPY, so a million follow-ups load in seconds.
"""

import datetime
import os
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from wagtail_meldcode.encryption import search_hash
from wagtail_meldcode.models import Case, FollowUp, MeldcodePage, MeldcodeSettings
from wagtail_meldcode.models.followup import ReminderDelivery
from wagtail_meldcode.roles import COORDINATORS_GROUP, STAFF_GROUP

User = get_user_model()
#: The moment every dispatch pass of the benchmark runs at.
NOW = timezone.now().replace(microsecond=0)
STAFF_COUNT = 250
COORDINATOR_COUNT = 20
_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ23456789"


#: Loading prints a line every this many rows: the full run loads millions.
PROGRESS_EVERY = 250_000


def copy_rows(model, columns, rows, count):
    """COPY ``rows`` (``count`` tuples in the order of ``columns``) into ``model``'s table,
    printing progress."""
    table = model._meta.db_table
    start = time.monotonic()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for n, row in enumerate(rows, start=1):
                copy.write_row(row)
                if n % PROGRESS_EVERY == 0:
                    progress(f"{table}: {n:,} of {count:,} rows", start)


def progress(message, start):
    print(f"   {message} ({time.monotonic() - start:.0f} s)", flush=True)


def execute(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def analyze():
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum(*models):
    """VACUUM ANALYZE the tables of ``models``: what autovacuum does to a table some time
    after a bulk load, and keeps up in a database in use. Index-only scans (the listing's
    counts) then need not visit the rows."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f'VACUUM ANALYZE "{model._meta.db_table}"')


def reference(n):
    chars = ""
    for _ in range(8):
        n, digit = divmod(n, len(_ALPHABET))
        chars += _ALPHABET[digit]
    return f"MC-{chars[:4]}-{chars[4:]}"


def prepared(model, field, value):
    """The database value of ``value`` for ``field`` (encrypted fields encrypt)."""
    return model._meta.get_field(field).get_db_prep_value(value, connection)


class Dataset:
    """The site, meldcode and users of the run; bulk cases and follow-ups on demand."""

    def __init__(self):
        with open(os.devnull, "w") as devnull:
            call_command("migrate", verbosity=0, stdout=devnull)
            call_command("load_demo", stdout=devnull)
        self.meldcode = MeldcodePage.objects.get()
        self.site = self.meldcode.get_site()
        # One e-mail per due follow-up: the assigned coordinator, not the owner too.
        MeldcodeSettings.objects.filter(site=self.site).update(notify_owner=False)
        self.staff = self.users("bench-staff", STAFF_COUNT, STAFF_GROUP)
        self.coordinators = self.users("bench-coordinator", COORDINATOR_COUNT,
                                       COORDINATORS_GROUP)
        self.case_ids = []

    @staticmethod
    def users(prefix, count, group_name):
        User.objects.bulk_create([
            User(username=f"{prefix}-{n:03d}", email=f"{prefix}-{n:03d}@example.org",
                 first_name="Bench", last_name=f"{prefix} {n}", password="!")
            for n in range(count)
        ])
        users = list(User.objects.filter(username__startswith=f"{prefix}-").order_by("pk"))
        Group.objects.get(name=group_name).user_set.add(*users)
        return users

    def load_cases(self, count, *, first=0):
        """``count`` cases over five years. The first tenth, which the due follow-ups are
        on, have an assigned coordinator, so that a due follow-up makes one reminder (a case
        without one would remind every coordinator of the site); of the rest 70%. One in
        twenty open cases past step 1 lacks something in step 1 (missing items). ``first``
        numbers the references on from an earlier load."""
        rng = random.Random(7)
        pseudonym = "Leerling, bench"
        sealed = prepared(Case, "person_reference", pseudonym)
        hashed = search_hash(pseudonym)
        kindcheck = prepared(Case, "kindcheck", {})
        columns = ("reference", "meldcode_id", "site_id", "owner_id", "coordinator_id",
                   "status", "current_step", "reconsider_report", "person_reference",
                   "person_reference_hash", "person_name", "age_group", "kindcheck",
                   "no_conversation_reason", "no_conversation_explanation", "close_reason",
                   "incomplete_steps", "created_at", "updated_at", "step_entered_at",
                   "closed_at")
        statuses = ["open"] * 3 + ["help"] * 3 + ["report"] * 2 + ["closed"] * 2
        assigned = count // 10

        def rows():
            for n in range(count):
                status = statuses[n % len(statuses)]
                created = NOW - datetime.timedelta(days=rng.uniform(0, 5 * 365))
                # Open cases moved recently: none is stalled, so passes plan no extra work.
                entered = NOW - datetime.timedelta(days=rng.uniform(0, 5))
                updated = max(created, entered)
                coordinator = (self.coordinators[n % COORDINATOR_COUNT].pk
                               if n < assigned or rng.random() < 0.7 else None)
                step = 5 if status != "open" else rng.randint(1, 5)
                incomplete = "1" if status == "open" and step > 1 and n % 20 == 0 else ""
                yield (
                    reference(first + n + 1000), self.meldcode.pk, self.site.pk,
                    self.staff[n % STAFF_COUNT].pk, coordinator, status, step, False, sealed,
                    hashed, "", "4-12", kindcheck, "", "", "", incomplete,
                    created, updated, entered, updated if status == "closed" else None,
                )

        before = Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        copy_rows(Case, columns, rows(), count)
        self.case_ids = list(
            Case.objects.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True)
        )
        analyze()

    def load_overdue_followups(self, count):
        """``count`` checks that nobody answered and that went to the coordinators
        (escalated), one on every tenth case from the first, for the listing."""
        def rows():
            for case in self.case_ids[:count * 10:10]:
                due = NOW - datetime.timedelta(days=3)
                yield (case, due.date(), due, "check", "pending",
                       due - datetime.timedelta(days=42), due, due + datetime.timedelta(days=1),
                       "", "", "", None)

        copy_rows(FollowUp, self.FOLLOWUP_COLUMNS, rows(), count)
        analyze()

    def remove_cases(self):
        """Remove the cases of the last load and their follow-ups (untimed)."""
        first = self.case_ids[0]
        execute(f'DELETE FROM "{FollowUp._meta.db_table}" WHERE case_id >= %s', [first])
        execute(f'DELETE FROM "{Case._meta.db_table}" WHERE id >= %s', [first])
        self.case_ids = []
        analyze()

    FOLLOWUP_COLUMNS = ("case_id", "due_on", "due_at", "kind", "status", "created_at",
                        "reminded_at", "escalated_at", "outcome", "observations", "next_step",
                        "answered_at")

    def load_due_followups(self, count):
        """``count`` pending follow-ups that fell due in the last day, one on each of the
        first ``count`` cases."""
        def rows():
            for n in range(count):
                due = NOW - datetime.timedelta(seconds=60 + n * 86_000 // count)
                yield (self.case_ids[n], due.date(), due, "check", "pending",
                       due - datetime.timedelta(days=42), None, None, "", "", "", None)

        copy_rows(FollowUp, self.FOLLOWUP_COLUMNS, rows(), count)
        analyze()

    def load_other_followups(self, count):
        """``count`` follow-ups that are not due: answered ones (with their sent reminder),
        cancelled ones and checks planned for the coming year."""
        rng = random.Random(11)
        observed = prepared(FollowUp, "observations", "De hulp loopt volgens plan.")
        done = int(count * 0.9)
        cancelled = int(count * 0.03)
        cases = len(self.case_ids)

        def rows():
            for n in range(count):
                case = self.case_ids[n % cases]
                if n < done:
                    due = NOW - datetime.timedelta(days=rng.uniform(2, 5 * 365))
                    yield (case, due.date(), due, "check", "done", due, due, None, "working",
                           observed, "", due + datetime.timedelta(days=1))
                elif n < done + cancelled:
                    due = NOW - datetime.timedelta(days=rng.uniform(2, 5 * 365))
                    yield (case, due.date(), due, "check", "cancelled", due, None, None, "",
                           "", "", None)
                else:
                    due = NOW + datetime.timedelta(days=rng.uniform(1, 365))
                    yield (case, due.date(), due, "check", "pending", NOW, None, None, "", "",
                           "", None)

        copy_rows(FollowUp, self.FOLLOWUP_COLUMNS, rows(), count)
        # Every answered follow-up had its reminder sent: the deliveries table grows too.
        start = time.monotonic()
        execute(f"""
                INSERT INTO "{ReminderDelivery._meta.db_table}"
                    (followup_id, due_at, stage, channel, recipient_id, created_at,
                     enqueued_at, sent_at, attempts)
                SELECT f.id, f.due_at, 'reminder', 'email', c.owner_id, f.reminded_at,
                       f.reminded_at, f.reminded_at, 1
                FROM "{FollowUp._meta.db_table}" f
                JOIN "{Case._meta.db_table}" c ON c.id = f.case_id
                WHERE f.status = 'done'
            """)
        progress("the answered follow-ups' sent reminders", start)
        analyze()

    def load_peer_records(self, count):
        """``count`` rows of the admin listing's plain peer model, over five years."""
        from .peers.models import PeerRecord

        execute(f"""
            INSERT INTO "{PeerRecord._meta.db_table}" (reference, status, step, updated_at)
            SELECT 'REC-' || n, (ARRAY['open', 'help', 'report', 'closed'])[1 + n %% 4],
                   1 + n %% 5, %s - n * interval '157 seconds'
            FROM generate_series(1, %s) AS n
        """, [NOW, count])
        analyze()


def reset_dispatch():
    """Undo a pass at NOW: its deliveries go, its follow-ups are due again."""
    ReminderDelivery.objects.filter(created_at=NOW).delete()
    FollowUp.objects.filter(reminded_at=NOW).update(reminded_at=None)
