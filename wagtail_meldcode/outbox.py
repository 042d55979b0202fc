"""Handing e-mails that wait in the database to the broker, once the transaction commits.

The row (a reminder delivery, a purge warning) is the truth; the broker only carries ids,
``MELDCODE_SEND_BATCH`` rows per task. A broker that is down must neither break nor hold
up the request or the pass that planned the row: publishing tries once, the failure is
logged, and a later pass enqueues the row again (``MELDCODE_REQUEUE_AFTER``). A task
sends each of its rows once: a row that was sent is skipped, whether the task runs twice
or another task carried it too (for the one exception, a crash within the commit, see
:func:`deliver`).
"""

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial

from celery import current_app
from django.core.mail import get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .conf import get_setting

logger = logging.getLogger(__name__)


@dataclass
class Handover:
    """What :func:`enqueue` put on its way: ``rows`` ids, of which the broker took
    ``handed_over`` once the transaction committed (``None`` until then)."""

    rows: int
    handed_over: int | None = None


def enqueue(queryset, pks, task_name, now):
    """Mark the rows ``pks`` of ``queryset`` enqueued and send them to ``task_name``.

    Returns a :class:`Handover`, complete once the transaction commits.
    """
    pks = list(pks)
    if not pks:
        return Handover(0, 0)
    queryset.filter(pk__in=pks).update(enqueued_at=now)
    size = get_setting("SEND_BATCH")
    batches = [pks[start:start + size] for start in range(0, len(pks), size)]
    handover = Handover(len(pks))
    transaction.on_commit(partial(publish, task_name, batches, handover))
    return handover


def requeue(queryset, task_name, now):
    """Enqueue the unsent rows of ``queryset`` that are not already on their way: never
    enqueued, or enqueued ``MELDCODE_REQUEUE_AFTER`` seconds ago and still not sent (the
    broker may have lost them). Call it in a transaction; returns the ids."""
    stale = now - datetime.timedelta(seconds=get_setting("REQUEUE_AFTER"))
    unsent = list(
        queryset.select_for_update(skip_locked=True)
        .filter(sent_at__isnull=True)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=stale))
        .order_by("pk").values_list("pk", flat=True)
    )
    enqueue(queryset, unsent, task_name, now)
    return unsent


def publish(task_name, batches, handover=None):
    """Publish one ``task_name`` task per batch of ids, over one broker connection.

    Returns the number of ids the broker took (and notes it on ``handover``). One try:
    a request or a pass must not wait for a broker that is away, and a later pass hands
    over the rest. How long the try may take is the broker's connect and socket timeout
    (``CELERY_BROKER_TRANSPORT_OPTIONS``).
    """
    handed_over = 0
    try:
        with current_app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=0)
            for batch in batches:
                # By name: the tasks call the outbox, so it does not import them.
                current_app.send_task(f"wagtail_meldcode.{task_name}", (batch,),
                                      retry=False, producer=producer)
                handed_over += len(batch)
    except Exception:  # noqa: BLE001 - any broker error; the database keeps the truth
        logger.warning("Broker unavailable; %d of %d id(s) for %s wait for a later pass.",
                       sum(map(len, batches)) - handed_over, sum(map(len, batches)),
                       task_name, exc_info=True)
    if handover is not None:
        handover.handed_over = handed_over
    return handed_over


@dataclass
class Delivered:
    """What :func:`deliver` did: the ids it sent now, and the failures as (id, error)."""

    sent: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def deliver(queryset, pks, send):
    """Send each row ``pks`` of ``queryset`` not sent yet, with ``send(row, connection)``.

    Each row is locked, marked sent and sent in a transaction of its own, so a task
    delivered twice sends once and a failure leaves the other rows unharmed. The rows
    share one mail connection; after a failure it is opened again for the next row.

    SMTP cannot be exactly once: a worker that dies between the mail server's "accepted"
    and the commit leaves the row unsent, and the next attempt sends the e-mail again,
    under the same ``Message-ID``.
    """
    done = Delivered()
    connection = get_connection()
    try:
        for pk in pks:
            try:
                if _deliver_one(queryset, pk, send, connection):
                    done.sent.append(pk)
            except Exception as error:  # noqa: BLE001 - isolate one row's failure
                logger.warning("Sending %s %s failed: %r", queryset.model.__name__, pk, error)
                done.failed.append((pk, error))
                _close(connection)
    finally:
        _close(connection)
    return done


def _close(connection):
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a broken connection; the next row opens a new one
        logger.debug("Closing the mail connection failed.", exc_info=True)


def _deliver_one(queryset, pk, send, connection):
    outermost = not db_connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            _commit_without_waiting_for_disk()
        row = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None or row.sent_at is not None:
            return False
        # Marked sent before the mail server has it, in the transaction that a failed send
        # rolls back: once the server accepted the e-mail only the commit is left, the
        # shortest window in which a crash makes the next attempt send it once more.
        row.attempts += 1
        row.sent_at = timezone.now()
        row.save(update_fields=["attempts", "sent_at"])
        connection.open()
        send(row, connection)
    return True


def _commit_without_waiting_for_disk():
    """Let PostgreSQL confirm the current transaction before its WAL is on disk.

    Only for a transaction of its own that marks one e-mail sent: waiting for the disk
    costs more than the rest of the send. The risk is that the database server itself
    crashes within a fraction of a second after the commit; then the mark is lost and
    the e-mail goes out once more. The database stays consistent and no reminder is lost:
    planning, which decides that a reminder exists, keeps the full guarantee.
    """
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
