"""Attachments (bijlagen) of a case: documents and photos, stored encrypted.

The row holds what people typed about the file (encrypted) and where its encrypted bytes
are in the storage; :mod:`wagtail_meldcode.attachments` reads and writes the bytes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..fields import EncryptedTextField


class AttachmentKind(models.TextChoices):
    """What an attachment is, as recognised from its content."""

    PDF = "pdf", _("PDF document")
    JPEG = "jpeg", _("JPEG photo")
    PNG = "png", _("PNG image")
    DOCX = "docx", _("Word document")


#: The media type an attachment of each kind is served with.
CONTENT_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.JPEG: "image/jpeg",
    AttachmentKind.PNG: "image/png",
    AttachmentKind.DOCX:
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

#: The kinds shown as pictures (a thumbnail in the PDF, inline in the browser).
IMAGE_KINDS = (AttachmentKind.JPEG, AttachmentKind.PNG)


class Attachment(models.Model):
    """A file added to a case, optionally belonging to a signal, consultation or
    conversation: its title, date and description, and its encrypted bytes in the storage.

    After the retention purge, or once removed by hand, the row is a stub: its kind, size
    and dates, nothing typed (but the reason for removing it) and no file (``stored_name``
    empty).
    """

    case = models.ForeignKey(
        "wagtail_meldcode.Case", on_delete=models.CASCADE, related_name="attachments"
    )
    signal = models.ForeignKey(
        "wagtail_meldcode.Signal", verbose_name=_("signal"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="attachments",
    )
    consultation = models.ForeignKey(
        "wagtail_meldcode.Consultation", verbose_name=_("consultation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="attachments",
    )
    conversation = models.ForeignKey(
        "wagtail_meldcode.Conversation", verbose_name=_("conversation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="attachments",
    )
    title = EncryptedTextField(_("title"), max_length=200)
    dated_on = models.DateField(_("date"))
    description = EncryptedTextField(_("description"), blank=True)
    kind = models.CharField(_("kind of file"), max_length=10, choices=AttachmentKind.choices)
    #: The name the file had on the uploader's computer (it may name a person).
    original_name = EncryptedTextField(_("file name"), max_length=255, blank=True)
    #: The size of the file itself (after its metadata was removed), in bytes.
    size = models.PositiveIntegerField(_("size"))
    #: Where the encrypted bytes are in the attachment storage: a random name that tells
    #: nothing. Empty once the file was removed (the purge).
    stored_name = models.CharField(max_length=255, blank=True, default="", editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)
    #: Removed by hand (a wrong file, the wrong case): the row stays as a stub that says
    #: when, by whom and why; its file is removed from the storage.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    removal_reason = EncryptedTextField(_("reason for removing"), blank=True)

    class Meta:
        ordering = ["dated_on", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            # Belongs to one step record at most.
            models.CheckConstraint(
                condition=(
                    Q(signal__isnull=True, consultation__isnull=True)
                    | Q(signal__isnull=True, conversation__isnull=True)
                    | Q(consultation__isnull=True, conversation__isnull=True)
                ),
                name="meldcode_attachment_one_record",
            ),
        ]
        indexes = [
            # The purge's files still to remove (see attachments.remove_released_files).
            models.Index(fields=["case"], name="meldcode_attachment_to_remove",
                         condition=~Q(stored_name="")),
        ]

    def __str__(self):
        return f"{self.case} {self.get_kind_display()} {self.dated_on}"

    @property
    def content_type(self):
        return CONTENT_TYPES[self.kind]

    @property
    def is_image(self):
        return self.kind in IMAGE_KINDS

    @property
    def has_file(self):
        return bool(self.stored_name)

    @property
    def record(self):
        """The signal, consultation or conversation the attachment belongs to, or None."""
        return self.signal or self.consultation or self.conversation
