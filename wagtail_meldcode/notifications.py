"""E-mails about cases: a case reference and a link, never a name or anything from the case."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models.followup import DeliveryStage, FollowUpKind


def checkin_url(followup):
    """The absolute link for ``followup``: its check-in form, or the case when it stalled."""
    meldcode = followup.case.meldcode
    if followup.kind == FollowUpKind.STALLED:
        route = meldcode.reverse_subpage("case", kwargs={"reference": followup.case.reference})
    else:
        route = meldcode.reverse_subpage(
            "followup", kwargs={"reference": followup.case.reference, "pk": followup.pk}
        )
    return meldcode.get_full_url() + route


def send_reminder_email(delivery, connection=None):
    """Send the e-mail of one delivery (called by the task, never by a view)."""
    followup = delivery.followup
    context = {
        "reference": followup.case.reference,
        "kind": followup.kind,
        "stage": delivery.stage,
        "due_on": followup.due_on,
        "url": checkin_url(followup),
        "escalation": delivery.stage == DeliveryStage.ESCALATION,
        "help_failed": delivery.stage == DeliveryStage.HELP_FAILED,
    }
    send("reminder", context, delivery, connection)


def admin_case_url(case):
    """The absolute link to ``case`` in the coordinator's admin workspace."""
    return case.site.root_url + reverse("meldcode_cases:case", args=[case.pk])


def send_purge_warning_email(warning, purge_on, connection=None):
    """Send one warning that a case's content will be removed on ``purge_on`` (called
    by the task, through :func:`~wagtail_meldcode.retention.deliver_warnings`)."""
    case = warning.case
    context = {"reference": case.reference, "purge_on": purge_on, "url": admin_case_url(case)}
    send("purge_warning", context, warning, connection)


def send_role_change_email(notice, connection=None):
    """Tell a coordinator that the group holding a role changed (called by the task)."""
    change = notice.change
    site = change.site
    context = {
        "site": site.site_name or site.hostname,
        "role": change.get_role_display(),
        "before": change.before,
        "after": change.after,
        "by": change.username,
        "at": change.at,
        "url": site.root_url + reverse(
            "wagtailsettings:edit", args=["wagtail_meldcode", "meldcodesettings", site.pk]
        ),
    }
    send("role_change", context, notice, connection)


def send(template, context, row, connection=None):
    """Send ``email/<template>.txt`` (with its ``_subject``) to the recipient of ``row``, in
    the site's language, under the row's own ``Message-ID`` (see
    :meth:`~wagtail_meldcode.models.followup.OutgoingEmail.message_id`)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"wagtail_meldcode/email/{template}_subject.txt", context)
        body = render_to_string(f"wagtail_meldcode/email/{template}.txt", context)
    message_id = row.message_id(urlsplit(context["url"]).hostname)
    EmailMessage(
        " ".join(subject.split()), body, None, [row.recipient.email],
        connection=connection, headers={"Message-ID": message_id},
    ).send()
