"""Attachments of a case: recognise, clean, encrypt and store a file; read, re-encrypt and
remove what is stored.

A file is recognised by its content (``filetype``), never by its name: PDF, JPEG, PNG,
HEIC and DOCX, up to ``MELDCODE_MAX_ATTACHMENT_MB``; a name whose extension says another
kind than the content is refused too. Photos are stored upright and without their
metadata (EXIF with its GPS position, XMP, comments): Pillow decodes them and writes the
pixels again. HEIC photos (through ``pillow-heif``) are stored as JPEG, which every
browser and the PDF show.

The bytes are encrypted with the key ring of the fields (:func:`~.encryption.encrypt_bytes`)
before they reach the storage, which is Django's storage ``MELDCODE_ATTACHMENT_STORAGE``
(an alias of ``STORAGES``, "default" by default: the file system, or S3 through
django-storages). The stored name is random and tells nothing; the bytes are only served
by the views, after the permission module said yes.
"""

import base64
import dataclasses
import io
import pathlib
import secrets
import zipfile

import filetype
import pillow_heif
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .conf import get_setting
from .encryption import decrypt_bytes, encrypt_bytes, needs_rotation, rotate_bytes
from .models.attachments import Attachment, AttachmentKind
from .models.audit import Action, record_event

pillow_heif.register_heif_opener()

#: What a file may be, by the media type its content shows: its kind as stored, and the
#: extensions its name may have.
ALLOWED = {
    "application/pdf": (AttachmentKind.PDF, ("pdf",)),
    "image/jpeg": (AttachmentKind.JPEG, ("jpg", "jpeg", "jpe", "jfif")),
    "image/png": (AttachmentKind.PNG, ("png",)),
    "image/heic": (AttachmentKind.JPEG, ("heic", "heif")),
    "image/heif": (AttachmentKind.JPEG, ("heic", "heif")),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        (AttachmentKind.DOCX, ("docx",)),
}

#: What the refusals call each kind of content.
CONTENT_NAMES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/heic": "HEIC",
    "image/heif": "HEIF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
}

#: The folder of the storage that holds the encrypted files.
FOLDER = "meldcode-attachments"

#: The longest side of a photo's thumbnail in the PDF dossier, in pixels.
THUMBNAIL_SIZE = 480

#: JPEG quality of a photo written again without its metadata.
JPEG_QUALITY = 90


class Refused(ValueError):
    """A file that is not taken, with the message for the person who chose it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclasses.dataclass
class CleanFile:
    """A recognised file as it will be stored: its kind and bytes, metadata removed."""

    kind: str
    data: bytes
    original_name: str


def storage():
    """The storage of the encrypted attachments (``MELDCODE_ATTACHMENT_STORAGE``)."""
    return storages[get_setting("ATTACHMENT_STORAGE")]


def max_bytes():
    """The largest file taken, in bytes (``MELDCODE_MAX_ATTACHMENT_MB``)."""
    return get_setting("MAX_ATTACHMENT_MB") * 1_000_000


def allowed_extensions():
    """The extensions of the files taken, for the file picker (``accept``)."""
    return sorted({f".{ext}" for _kind, extensions in ALLOWED.values() for ext in extensions})


def recognise(upload):
    """The :class:`CleanFile` of ``upload`` (a Django ``UploadedFile``), or
    :class:`Refused` with a message that says why."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise Refused(_("This file is larger than %(mb)s MB. Make it smaller, or add it in "
                        "parts.") % {"mb": get_setting("MAX_ATTACHMENT_MB")})
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Refused(_("This file is larger than %(mb)s MB. Make it smaller, or add it in "
                        "parts.") % {"mb": get_setting("MAX_ATTACHMENT_MB")})
    if not data:
        raise Refused(_("This file is empty."))
    guess = filetype.guess(data)
    if guess is None or guess.mime not in ALLOWED:
        raise Refused(_("This kind of file cannot be added. Add a PDF, a photo (JPEG, PNG or "
                        "HEIC) or a Word document (DOCX)."))
    kind, extensions = ALLOWED[guess.mime]
    name = pathlib.PurePath(upload.name or "").name
    extension = pathlib.PurePath(name).suffix.lower().lstrip(".")
    if not extension:
        raise Refused(_("The name of this file has no extension, but it is a %(content)s "
                        "file. Give the file a name that ends in '.%(expected)s'.")
                      % {"content": CONTENT_NAMES[guess.mime], "expected": extensions[0]})
    if extension not in extensions:
        raise Refused(_("The name of this file ends in '.%(extension)s', but it is a "
                        "%(content)s file. Give the file the right name, or choose another.")
                      % {"extension": extension, "content": CONTENT_NAMES[guess.mime]})
    if kind == AttachmentKind.DOCX:
        _check_docx(data)
    elif kind in (AttachmentKind.JPEG, AttachmentKind.PNG):
        data = clean_image(data, kind)
    return CleanFile(kind=kind, data=data, original_name=name)


def _check_docx(data):
    """A Word document without macros."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename.lower() for info in archive.infolist()}
    except zipfile.BadZipFile:
        names = set()
    if "word/document.xml" not in names:
        raise Refused(_("This Word document cannot be read. Save it again as DOCX, or add "
                        "it as a PDF."))
    if any(name.endswith("vbaproject.bin") for name in names):
        raise Refused(_("This Word document contains macros. Save it as a DOCX without "
                        "macros, or add it as a PDF."))


def clean_image(data, kind):
    """The photo in ``data`` upright and without metadata, as ``kind`` (JPEG or PNG).

    Only the pixels, the colour profile and (PNG) the transparency are written again:
    EXIF (with the GPS position), XMP, IPTC and comments are left behind.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise Refused(_("This photo cannot be read. Save it again, or choose another.")) from None
    keep = {key: upright.info[key] for key in ("icc_profile", "transparency")
            if key in upright.info}
    upright.info = {}
    out = io.BytesIO()
    if kind == AttachmentKind.PNG:
        upright.save(out, format="PNG", **keep)
    else:
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.save(out, format="JPEG", quality=JPEG_QUALITY,
                     icc_profile=keep.get("icc_profile"))
    return out.getvalue()


def new_name():
    """A random name in the storage: it tells nothing about the case or the file."""
    return f"{FOLDER}/{secrets.token_hex(16)}"


def add(request, case, role, clean, *, title, dated_on, description="", record=None):
    """Store ``clean`` (a :class:`CleanFile`) encrypted as an attachment of ``case``,
    linked to ``record`` (a signal, consultation or conversation of the case, or None),
    and log it. Returns the :class:`Attachment`.

    The file is written inside the transaction that saves its row; when anything in it
    fails, the file is deleted again, so a half-failed upload leaves no file behind.
    """
    store = storage()
    name = new_name()
    try:
        with transaction.atomic():
            attachment = Attachment(
                case=case, title=title, dated_on=dated_on, description=description,
                kind=clean.kind, original_name=clean.original_name[:255],
                size=len(clean.data), uploaded_by=request.user,
                **{_record_field(record): record} if record is not None else {},
            )
            # The storage may have written the file and still report an error (a timed
            # out upload): the name is known beforehand, so it is removed all the same.
            name = store.save(name, ContentFile(encrypt_bytes(clean.data)))
            attachment.stored_name = name
            attachment.save()
            record_event(request, Action.ATTACH, case=case, role=role)
    except BaseException:
        store.delete(name)
        raise
    return attachment


def _record_field(record):
    return {"Signal": "signal", "Consultation": "consultation",
            "Conversation": "conversation"}[type(record).__name__]


def read(attachment):
    """The bytes of ``attachment``, decrypted."""
    with storage().open(attachment.stored_name, "rb") as stored:
        return decrypt_bytes(stored.read())


def download_name(attachment, case):
    """The file name a download gets: the case and the attachment, nothing typed."""
    extension = {AttachmentKind.JPEG: "jpg"}.get(attachment.kind, attachment.kind)
    return f"{case.reference}-bijlage-{attachment.pk}.{extension}"


def thumbnail(attachment):
    """A small JPEG of image ``attachment`` as a ``data:`` URL (for the PDF), or None
    when the file cannot be read."""
    try:
        with Image.open(io.BytesIO(read(attachment))) as image:
            image.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
            small = image.convert("RGB")
    except (OSError, ValueError):
        return None
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


# Retention -------------------------------------------------------------------------------

#: What a purge empties in an attachment's row; the kind, size and dates stay (the stub).
PURGE_CLEARED = {"title": "", "description": "", "original_name": "", "removal_reason": "",
                 "signal": None, "consultation": None, "conversation": None}


def clear_for_purge(case):
    """Empty what was typed about the attachments of ``case`` (in the purge's transaction).

    The files themselves are removed by :func:`remove_released_files` once that
    transaction has committed.
    """
    case.attachments.update(**PURGE_CLEARED)


def remove_released_files(report=None):
    """Remove from the storage every file still there of a purged case or of an attachment
    removed by hand.

    One file at a time: the row forgets the file only after the storage removed it, so
    a pass that fails halfway (the storage unreachable, the process stopped) is finished
    by the next. ``report(attachment)`` after each file. Returns the number removed.
    """
    removed = 0
    pending = (Attachment.objects
               .filter(Q(case__purged_at__isnull=False) | Q(removed_at__isnull=False))
               .exclude(stored_name="").only("pk", "case_id", "stored_name").order_by("pk"))
    for attachment in pending.iterator():
        removed += _remove_file(attachment.pk, attachment.stored_name)
        if report:
            report(attachment)
    return removed


def _remove_file(pk, name):
    """Delete the file ``name`` from the storage, then forget it in attachment ``pk``'s row
    (when the row still names it). Returns 1 when the row forgot it, else 0."""
    storage().delete(name)
    return Attachment.objects.filter(pk=pk, stored_name=name).update(stored_name="")


# Removal by hand -------------------------------------------------------------------------

def remove(request, case, role, attachment, reason):
    """Remove ``attachment`` of ``case`` by hand (a wrong file, or the wrong case) and log
    it: what was typed about it is emptied and ``reason`` kept, and once that is
    committed its file is removed from the storage (when that fails, the removal stands
    and the next retention pass's :func:`remove_released_files` finishes it)."""
    for field, value in PURGE_CLEARED.items():
        setattr(attachment, field, value)
    attachment.removed_at = timezone.now()
    attachment.removed_by = request.user
    attachment.removal_reason = reason
    with transaction.atomic():
        attachment.save(update_fields=[*PURGE_CLEARED, "removed_at", "removed_by",
                                       "removal_reason"])
        record_event(request, Action.REMOVE_ATTACHMENT, case=case, role=role)
        pk, name = attachment.pk, attachment.stored_name
        # Robust: a storage error is logged, not shown to whom removed it.
        transaction.on_commit(lambda: _remove_file(pk, name), robust=True)


# Key rotation ----------------------------------------------------------------------------

@dataclasses.dataclass
class RotationProgress:
    """How far the files got: files looked at, files re-encrypted."""

    total: int
    files: int = 0
    rotated: int = 0


def rotate_files(report=None):
    """Re-encrypt every stored file that is not under the first key of the key ring.

    Each file is written anew under a new name, the row is pointed at it only while it
    still names the file that was read, and then the old file is deleted: an interrupted
    run leaves every row pointing at a readable file, and is resumed by running it again.
    ``report(progress)`` after each file. Returns the :class:`RotationProgress`.
    """
    store = storage()
    stored = Attachment.objects.exclude(stored_name="").order_by("pk")
    progress = RotationProgress(total=stored.count())
    for pk, name in stored.values_list("pk", "stored_name").iterator():
        with store.open(name, "rb") as old:
            token = old.read()
        progress.files += 1
        if needs_rotation(token):
            fresh = store.save(new_name(), ContentFile(rotate_bytes(token)))
            if Attachment.objects.filter(pk=pk, stored_name=name).update(stored_name=fresh):
                store.delete(name)
                progress.rotated += 1
            else:  # changed meanwhile (purged): keep what the row says
                store.delete(fresh)
        if report:
            report(progress)
    return progress
