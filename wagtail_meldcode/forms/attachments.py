"""The form that adds an attachment to a case."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from .. import attachments
from ..conf import get_setting
from .base import LongTextField, check_past_date
from .steps import DATE_INPUT


def _records(signals, consultations, conversations):
    """The step records an attachment can belong to, by step, as ``(key, record, label)``."""
    def day(value):
        return date_format(value, "j F Y")

    return [
        (_("Signals"), [
            (f"signal-{s.pk}", s, f"{day(s.observed_on)}: {Truncator(s.description).chars(60)}")
            for s in signals
        ]),
        (_("Consultations"), [
            (f"consultation-{c.pk}", c, f"{day(c.consulted_on)}: {c.get_with_whom_display()}")
            for c in consultations
        ]),
        (_("Conversations"), [
            (f"conversation-{c.pk}", c, f"{day(c.held_on)}: {c.with_whom}")
            for c in conversations
        ]),
    ]


class AttachmentForm(forms.Form):
    """A file, its title, date and description, and optionally the signal, consultation
    or conversation it belongs to. The file is recognised and cleaned on validation
    (see :func:`~wagtail_meldcode.attachments.recognise`): ``cleaned_data["file"]`` is a
    :class:`~wagtail_meldcode.attachments.CleanFile`."""

    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=200)
    dated_on = forms.DateField(
        label=_("Date"), widget=DATE_INPUT,
        help_text=_("When the photo was taken or the document was written."),
    )
    description = LongTextField(label=_("Description"), required=False)
    record = forms.ChoiceField(label=_("Belongs to"), required=False)

    def __init__(self, *args, case, records=None, **kwargs):
        """``records``: the case's signals, consultations and conversations, when the
        caller has them already (the case page lists them too)."""
        super().__init__(*args, **kwargs)
        self.fields["dated_on"].initial = timezone.localdate
        self.fields["file"].help_text = _(
            "PDF, JPEG, PNG, HEIC or DOCX, at most %(mb)s MB. Photos are stored upright and "
            "without their location and other hidden data."
        ) % {"mb": get_setting("MAX_ATTACHMENT_MB")}
        self.fields["file"].widget.attrs["accept"] = ",".join(attachments.allowed_extensions())
        groups = _records(*(records or (case.signals.all(), case.consultations.all(),
                                        case.conversations.all())))
        self._records = {key: record for _label, rows in groups for key, record, _text in rows}
        self.fields["record"].choices = [("", _("The case as a whole"))] + [
            (label, [(key, text) for key, _record, text in rows])
            for label, rows in groups if rows
        ]

    def clean_file(self):
        try:
            return attachments.recognise(self.cleaned_data["file"])
        except attachments.Refused as refusal:
            raise forms.ValidationError(refusal.message, code="refused") from None

    def clean_record(self):
        key = self.cleaned_data.get("record")
        return self._records.get(key) if key else None

    def clean(self):
        cleaned = super().clean()
        check_past_date(self, "dated_on")
        return cleaned


class RemoveAttachmentForm(forms.Form):
    """Why an attachment is removed: the stub in the dossier keeps it."""

    reason = LongTextField(
        label=_("Why is it removed?"), max_length=500,
        help_text=_("For example: added to the wrong case, or the wrong file. The dossier "
                    "keeps this, with your name and the date."),
    )
