"""Celery tasks. Transport only: what is due and what was sent lives in the database."""

import smtplib

from celery import shared_task

from . import reminders, retention


@shared_task(name="wagtail_meldcode.dispatch_due_followups")
def dispatch_due_followups():
    """One dispatch pass; beat runs it every ``MELDCODE_DISPATCH_INTERVAL`` seconds."""
    return reminders.dispatch()


#: Sending one e-mail: acknowledged only when done (a killed worker's task comes back,
#: and the row makes a second run do nothing), retried while the mail server is away.
SEND_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "max_retries": 10,
}


@shared_task(name="wagtail_meldcode.send_reminder", **SEND_OPTIONS)
def send_reminder(delivery_id):
    """Send one reminder; does nothing when its delivery row says it was sent."""
    return reminders.deliver(delivery_id)


@shared_task(name="wagtail_meldcode.purge_expired_cases")
def purge_expired_cases():
    """One retention pass: warn coordinators, then remove the content of expired cases."""
    summary = retention.run()
    return {"warned": len(summary.warned), "purged": len(summary.purged)}


@shared_task(name="wagtail_meldcode.send_purge_warning", **SEND_OPTIONS)
def send_purge_warning(warning_id):
    """Send one purge warning; does nothing when its row says it was sent."""
    return retention.deliver_warning(warning_id)
