"""E-mails about cases: a case reference and a link, never a name or anything from the case."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.utils import get_admin_base_url

from .models.followup import COLLEAGUE_KINDS, DeliveryStage, FollowUpKind
from .models.notices import COORDINATOR_NOTICES, NoticeKind
from .models.pages import STEP_SLUGS

#: What an escalated reminder of a worry about a colleague is about (a key of
#: :data:`REMINDER_TEXTS`).
COLLEAGUE_ESCALATION = "colleague_escalation"

#: The reminder e-mails: what each is about, its subject line and its opening paragraph.
REMINDER_TEXTS = {
    FollowUpKind.COLLEAGUE_REPORTER: (
        _("Case %(reference)s: a step that cannot wait"),
        _("Case %(reference)s waits for a step of yours that the law says must be taken at "
          "once. Please take it and record it today."),
    ),
    FollowUpKind.COLLEAGUE_BOARD: (
        _("Case %(reference)s: a step of the board that cannot wait"),
        _("Case %(reference)s waits for a step of the board that the law says must be taken "
          "at once. Please take it and record it today."),
    ),
    COLLEAGUE_ESCALATION: (
        _("Overdue: case %(reference)s"),
        _("A step of case %(reference)s that must be taken at once has waited for more than "
          "a working day. Please make sure it is taken today."),
    ),
    DeliveryStage.HELP_FAILED: (
        _("Case %(reference)s: the help does not work"),
        _("The follow-up of case %(reference)s shows that the help does not work. Step 5 is "
          "open again: consider reporting to Veilig Thuis after all."),
    ),
    FollowUpKind.STALLED: (
        _("Case %(reference)s has been in the same step for a while"),
        _("Case %(reference)s has been in the same step of the meldcode for longer than "
          "agreed. Please take the next step, or record why it has to wait."),
    ),
    DeliveryStage.ESCALATION: (
        _("Overdue: follow-up of case %(reference)s"),
        _("The follow-up of case %(reference)s, due on %(date)s, has not been answered. As a "
          "coordinator of this organisation, please make sure it is done."),
    ),
    FollowUpKind.REPORT_FEEDBACK: (
        _("Case %(reference)s: record the feedback of Veilig Thuis"),
        _("Five working days have passed since the report of case %(reference)s to Veilig "
          "Thuis. Please record their feedback and the agreements made."),
    ),
    FollowUpKind.CHECK: (
        _("Follow-up check of case %(reference)s"),
        _("A follow-up check of case %(reference)s is due on %(date)s: is the organised help "
          "working?"),
    ),
}


#: What the link in an e-mail about a case leads to.
OPEN_CASE = _("Open the case (login required):")
OPEN_MY_CASES = _("Your cases (login required):")


def reminder_topic(followup, stage):
    """Which of :data:`REMINDER_TEXTS` a reminder of ``followup`` at ``stage`` is.

    Help that does not work comes first; a stalled case stays a stalled case when it
    escalates, and a worry about a colleague has its own escalation; any other escalation
    is an overdue follow-up.
    """
    if stage == DeliveryStage.HELP_FAILED:
        return DeliveryStage.HELP_FAILED
    if followup.kind in COLLEAGUE_KINDS:
        return COLLEAGUE_ESCALATION if stage == DeliveryStage.ESCALATION else followup.kind
    if followup.kind == FollowUpKind.STALLED:
        return FollowUpKind.STALLED
    if stage == DeliveryStage.ESCALATION:
        return DeliveryStage.ESCALATION
    return FollowUpKind(followup.kind)


def _fill_in(text, reference, due_on):
    return text % {"reference": reference, "date": formats.date_format(due_on, "j F Y")}


#: Filled in when the template renders it, in the language :func:`send` chooses.
_fill_in_lazily = lazy(_fill_in, str)


def reminder_url(followup, stage):
    """The absolute link of a reminder of ``followup`` at ``stage``: step 5 when the help
    does not work, the case when it stalled or is a worry about a colleague, else the
    follow-up's check-in form."""
    meldcode = followup.case.meldcode
    reference = followup.case.reference
    if stage == DeliveryStage.HELP_FAILED:
        route = meldcode.reverse_subpage(
            "case_step", kwargs={"reference": reference, "step": STEP_SLUGS[-1]})
    elif followup.kind == FollowUpKind.STALLED or followup.kind in COLLEAGUE_KINDS:
        route = meldcode.reverse_subpage("case", kwargs={"reference": reference})
    else:
        route = meldcode.reverse_subpage(
            "followup", kwargs={"reference": followup.case.reference, "pk": followup.pk}
        )
    return meldcode.get_full_url() + route


def send_reminder_email(delivery, connection=None):
    """Send the e-mail of one delivery (called by the task, never by a view)."""
    followup = delivery.followup
    reference = followup.case.reference
    subject, intro = REMINDER_TEXTS[reminder_topic(followup, delivery.stage)]
    context = {
        "subject": _fill_in_lazily(subject, reference, followup.due_on),
        "intro": _fill_in_lazily(intro, reference, followup.due_on),
        "url": reminder_url(followup, delivery.stage),
        "link_text": OPEN_CASE,
    }
    send("case", context, delivery, connection)


def admin_url(site, path):
    """The absolute link to the admin ``path``: below ``WAGTAILADMIN_BASE_URL`` (the
    admin's address that Wagtail's own e-mails use), else below the site's root URL.

    Links to pages (a case, a check-in) are below their site's root URL, where the page
    is served: :meth:`~wagtail.models.Page.get_full_url`.
    """
    return (get_admin_base_url() or site.root_url).rstrip("/") + path


def admin_case_url(case):
    """The absolute link to ``case`` in the coordinator's admin workspace."""
    return admin_url(case.site, reverse("meldcode_cases:case", args=[case.pk]))


def send_purge_warning_email(warning, purge_on, connection=None):
    """Send one warning that a case's content will be removed on ``purge_on`` (called
    by the task, through :func:`~wagtail_meldcode.retention.deliver_warnings`)."""
    case = warning.case
    context = {"reference": case.reference, "purge_on": purge_on, "url": admin_case_url(case)}
    if case.is_colleague_case:
        # The board reads it on the case page; the admin's case view leaves it out.
        meldcode = case.meldcode
        context.update(colleague=True, url=meldcode.get_full_url() + meldcode.reverse_subpage(
            "case", kwargs={"reference": case.reference}))
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
        "url": admin_url(site, reverse(
            "wagtailsettings:edit", args=["wagtail_meldcode", "meldcodesettings", site.pk]
        )),
    }
    send("role_change", context, notice, connection)


#: The notices about a case: their subject line and their opening paragraph.
NOTICE_TEXTS = {
    NoticeKind.NEW_CASE: (
        _("New case %(reference)s"),
        _("A staff member opened case %(reference)s. As its coordinator, please look at "
          "it and support the next steps."),
    ),
    NoticeKind.FOR_THE_BOARD: (
        _("New case %(reference)s for the board"),
        _("A staff member opened case %(reference)s, which the board handles. Please look "
          "at it today: the law asks that its next step is taken at once."),
    ),
    NoticeKind.ASSIGNED: (
        _("Case %(reference)s is assigned to you"),
        _("You are now the coordinator of case %(reference)s."),
    ),
    NoticeKind.STEP_REOPENED: (
        _("Case %(reference)s: step %(step)s is open again"),
        _("A coordinator reopened step %(step)s of case %(reference)s. Please complete it "
          "again."),
    ),
    NoticeKind.ADVICE: (
        _("Case %(reference)s: new advice"),
        _("A coordinator added advice to step 2 of case %(reference)s."),
    ),
    NoticeKind.TRANSFERRED_TO_YOU: (
        _("Case %(reference)s is transferred to you"),
        _("You now own case %(reference)s and take it through the next steps."),
    ),
    NoticeKind.TRANSFERRED_AWAY: (
        _("Case %(reference)s is transferred"),
        _("Case %(reference)s is now owned by a colleague. You no longer have access to it."),
    ),
    NoticeKind.CLOSED: (
        _("Case %(reference)s is closed"),
        _("A coordinator closed case %(reference)s."),
    ),
}


def _notice_text(notice, which):
    return NOTICE_TEXTS[notice.kind][which] % {
        "reference": notice.case.reference, "step": notice.step}


#: Filled in when the template renders it, in the language :func:`send` chooses.
_notice_text_lazily = lazy(_notice_text, str)


def notice_url(notice):
    """The absolute link of ``notice``: the case in the coordinator's workspace, the case
    page for its owner and for the board of a worry about a colleague, or "Mijn dossiers"
    for a former owner."""
    case = notice.case
    if notice.kind in COORDINATOR_NOTICES:
        return admin_case_url(case)
    meldcode = case.meldcode
    if notice.kind == NoticeKind.TRANSFERRED_AWAY:
        return meldcode.get_full_url() + meldcode.reverse_subpage("cases")
    return meldcode.get_full_url() + meldcode.reverse_subpage(
        "case", kwargs={"reference": case.reference})


def send_case_notice_email(notice, connection=None):
    """Send the e-mail of one notice about a case (called by the task, never by a view)."""
    context = {
        "subject": _notice_text_lazily(notice, 0),
        "intro": _notice_text_lazily(notice, 1),
        "url": notice_url(notice),
        "link_text": OPEN_MY_CASES if notice.kind == NoticeKind.TRANSFERRED_AWAY else OPEN_CASE,
    }
    send("case", context, notice, connection)


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
