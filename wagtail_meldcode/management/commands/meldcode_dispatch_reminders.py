from django.core.management.base import BaseCommand

from ...reminders import dispatch


class Command(BaseCommand):
    help = (
        "Run one pass of the follow-up reminders: plan what fell due, escalate what waited "
        "too long and enqueue every unsent reminder for the Celery workers. For sites that "
        "run the pass from cron instead of Celery beat, and for operators."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{dispatch()} reminder(s) enqueued.")
