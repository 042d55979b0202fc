from django.core.management.base import BaseCommand
from django.utils import timezone

from ... import retention


class Command(BaseCommand):
    help = (
        "Run one retention pass: warn the coordinators of cases whose retention period "
        "ends within MELDCODE_PURGE_WARNING_DAYS days, and remove the content of closed "
        "cases whose period ended, keeping an anonymous stub for the statistics. Cases "
        "with a legal hold are left alone. Celery beat runs the same pass every hour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Show what would be warned about and purged; change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        if dry_run:
            summary = retention.run(now, dry_run=True)
            for case in summary.warned:
                self.stdout.write(f"Would warn about {case.reference}.")
            for case, purge_on in summary.purged:
                self.stdout.write(f"Would purge {case.reference} (retention ended {purge_on}).")
            self.stdout.write(
                f"Dry run: {len(summary.warned)} case(s) to warn about, "
                f"{len(summary.purged)} to purge. Nothing was changed."
            )
            return

        def progress(case, purge_on):
            self.stdout.write(f"Purged {case.reference} (retention ended {purge_on}).")

        summary = retention.run(now, report=progress)
        for case in summary.warned:
            self.stdout.write(f"Warned the coordinators about {case.reference}.")
        self.stdout.write(
            f"{len(summary.warned)} case(s) warned about, {len(summary.purged)} purged."
        )
