from django.core.management.base import BaseCommand

from ...reminders import run_pass


class Command(BaseCommand):
    help = (
        "Run one pass of the follow-up reminders: plan what fell due, escalate what waited "
        "too long and hand every unsent reminder to the broker for the Celery workers. For "
        "sites that run the pass from cron instead of Celery beat, and for operators."
    )

    def handle(self, *args, **options):
        self.stdout.write(describe(run_pass()))


def describe(handover):
    """What a pass did, in a line: what it planned and what the broker took."""
    planned = f"{handover.rows} reminder(s) planned"
    if handover.handed_over is None:
        return f"{planned}; handed to the broker when the transaction commits."
    if handover.handed_over < handover.rows:
        return (f"{planned}; {handover.handed_over} handed to the broker: the broker is "
                "unavailable, a later pass hands them over.")
    return f"{planned}; {handover.handed_over} handed to the broker."
