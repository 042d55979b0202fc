"""The delivery peer: a bare Celery task that sends e-mails it is handed, with no database.

What the transport and the mail backend allow: the same e-mails, in batches of the same
size, over one mail connection a batch, through the same broker and the same workers.
"""

from celery import shared_task
from django.core.mail import EmailMessage, get_connection


@shared_task(name="bench.send_bare")
def send_bare(messages):
    """Send ``messages`` (``[subject, body, recipient, headers]`` each) over one connection."""
    with get_connection() as connection:
        for subject, body, recipient, headers in messages:
            EmailMessage(subject, body, None, [recipient], connection=connection,
                         headers=headers).send()
