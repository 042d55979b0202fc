"""Handing e-mails that wait in the database to the broker, once the transaction commits.

The row (a reminder delivery, a purge warning) is the truth; the broker only carries its
id. A broker that is down must not break the request or the pass that planned the row:
the failure is logged, and a later pass enqueues the row again (``MELDCODE_REQUEUE_AFTER``).
"""

import logging
from functools import partial

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


def enqueue(queryset, pks, task_name, now):
    """Mark the rows ``pks`` of ``queryset`` enqueued and send them to ``task_name``."""
    queryset.filter(pk__in=pks).update(enqueued_at=now)
    for pk in pks:
        transaction.on_commit(partial(publish, task_name, pk))


def deliver(queryset, pk, send):
    """Send the row ``pk`` of ``queryset`` with ``send(row)`` unless it was sent already.

    The row stays locked while sending, so a task delivered twice sends once. Returns
    True when it sent now.
    """
    with transaction.atomic():
        row = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None or row.sent_at is not None:
            return False
        row.attempts += 1
        send(row)
        row.sent_at = timezone.now()
        row.save(update_fields=["attempts", "sent_at"])
    return True


def publish(task_name, pk):
    from . import tasks

    try:
        # No publish retries: a request must not hang while the broker is away.
        getattr(tasks, task_name).apply_async((pk,), retry=False)
    except Exception:  # noqa: BLE001 - any broker error; the database keeps the truth
        logger.warning("Broker unavailable; %s(%s) is enqueued by a later pass.",
                       task_name, pk, exc_info=True)
