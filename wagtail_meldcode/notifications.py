"""E-mails about cases: a case reference and a link, never a name or anything from the case."""

from django.conf import settings
from django.core.mail import send_mail
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
    send("reminder", context, delivery.recipient, connection)


def admin_case_url(case):
    """The absolute link to ``case`` in the coordinator's admin workspace."""
    return case.site.root_url + reverse("meldcode_cases:case", args=[case.pk])


def send_purge_warning_email(warning, connection=None):
    """Send one warning that a case's content will be removed (called by the task)."""
    from .retention import announced_date

    case = warning.case
    context = {
        "reference": case.reference,
        "purge_on": announced_date(case) if case.purge_warned_on == warning.purge_on
        else warning.purge_on,
        "url": admin_case_url(case),
    }
    send("purge_warning", context, warning.recipient, connection)


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
    send("role_change", context, notice.recipient, connection)


def send(template, context, recipient, connection=None):
    """Send ``email/<template>.txt`` (with its ``_subject``) to ``recipient``, in the
    site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"wagtail_meldcode/email/{template}_subject.txt", context)
        body = render_to_string(f"wagtail_meldcode/email/{template}.txt", context)
    send_mail(
        " ".join(subject.split()), body, None, [recipient.email],
        fail_silently=False, connection=connection,
    )
