"""Celery tasks. Transport only: what is due and what was sent lives in the database."""

import smtplib

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from . import notices, reminders, retention, roles

#: Failures worth trying again soon: the mail server is away or busy.
TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(name="wagtail_meldcode.dispatch_due_followups")
def dispatch_due_followups():
    """One dispatch pass; beat runs it every ``MELDCODE_DISPATCH_INTERVAL`` seconds.

    Notices about cases and role changes that the broker lost are enqueued again in the
    same pass.
    """
    notices.requeue()
    roles.requeue_role_change_notices()
    return reminders.dispatch()


#: Sending e-mails: acknowledged only when done (a killed worker's task comes back, and
#: the rows make a second run skip what was sent).
SEND_OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "max_retries": 10,
}


def send_batch(task, deliver, ids):
    """Send the rows ``ids`` with ``deliver``; retry the transient failures with backoff.

    Other failures are logged by :func:`outbox.deliver`; their rows stay unsent and a
    later pass enqueues them again (``MELDCODE_REQUEUE_AFTER``).
    """
    done = deliver(ids)
    transient = [(pk, error) for pk, error in done.failed if isinstance(error, TRANSIENT)]
    if transient:
        countdown = get_exponential_backoff_interval(
            factor=30, retries=task.request.retries, maximum=3600, full_jitter=True)
        raise task.retry(args=([pk for pk, _error in transient],), exc=transient[0][1],
                         countdown=countdown)
    return len(done.sent)


@shared_task(name="wagtail_meldcode.send_reminder", **SEND_OPTIONS)
def send_reminder(self, delivery_ids):
    """Send reminders; a delivery whose row says it was sent is skipped."""
    return send_batch(self, reminders.deliver, delivery_ids)


@shared_task(name="wagtail_meldcode.purge_expired_cases")
def purge_expired_cases():
    """One retention pass: warn coordinators, then remove the content of expired cases."""
    summary = retention.run()
    return {"warned": len(summary.warned), "purged": len(summary.purged)}


@shared_task(name="wagtail_meldcode.send_purge_warning", **SEND_OPTIONS)
def send_purge_warning(self, warning_ids):
    """Send purge warnings; a warning whose row says it was sent is skipped."""
    return send_batch(self, retention.deliver_warnings, warning_ids)


@shared_task(name="wagtail_meldcode.send_role_change_notice", **SEND_OPTIONS)
def send_role_change_notice(self, notice_ids):
    """Tell coordinators that a role's group changed; a notice sent already is skipped."""
    return send_batch(self, roles.deliver_role_change_notices, notice_ids)


@shared_task(name="wagtail_meldcode.send_case_notice", **SEND_OPTIONS)
def send_case_notice(self, notice_ids):
    """Send notices about cases; a notice whose row says it was sent is skipped."""
    return send_batch(self, notices.deliver, notice_ids)
