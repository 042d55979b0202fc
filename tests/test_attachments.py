"""Attachments: recognised by content, cleaned, encrypted in the storage, served to whom the
case belongs only; purged and re-encrypted with the case's other data."""

import io

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.models import Group, User
from django.core.files.storage import InMemoryStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from PIL import Image
from pypdf import PdfReader

from tests import files
from tests.helpers import act, admin_case_url, day, open_case
from tests.test_retention import WARNING, close_years_ago, run
from wagtail_meldcode import attachments
from wagtail_meldcode.encryption import needs_rotation
from wagtail_meldcode.models import Attachment, CaseEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_storage():
    """A fresh in-memory storage for every test (the test settings' default storage)."""
    storages._storages.pop("default", None)
    yield
    storages._storages.pop("default", None)


def add_url(case):
    return f"/meldcode/dossiers/{case.reference}/bijlagen/nieuw/"


def file_url(attachment, inline=False):
    url = f"/meldcode/dossiers/{attachment.case.reference}/bijlagen/{attachment.pk}/"
    return url + "bekijken/" if inline else url


def upload(client, case, name, content, **fields):
    data = {"title": "Foto van de blauwe plek", "dated_on": day(-1),
            "description": "Gemaakt op het schoolplein.", "record": "",
            "file": SimpleUploadedFile(name, content), **fields}
    return client.post(add_url(case), data)


def stored():
    """Every file in the attachment storage: {name: raw bytes}."""
    store = storages["default"]
    if not store.exists(attachments.FOLDER):
        return {}
    _folders, names = store.listdir(attachments.FOLDER)
    result = {}
    for name in names:
        with store.open(f"{attachments.FOLDER}/{name}", "rb") as handle:
            result[f"{attachments.FOLDER}/{name}"] = handle.read()
    return result


def field_error(response):
    """The message beside the file field of the upload page."""
    content = response.content.decode()
    start = content.index("<li>", content.index('id="mc-attachment-file_error"'))
    return content[start + 4:content.index("</li>", start)]


# Upload ----------------------------------------------------------------------------------

KINDS = [
    ("rapport.pdf", files.pdf, "pdf", "application/pdf"),
    ("foto.jpg", files.jpeg, "jpeg", "image/jpeg"),
    ("scan.png", files.png, "png", "image/png"),
    ("IMG_0042.HEIC", files.heic, "jpeg", "image/jpeg"),
    ("verslag.docx", files.docx, "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
]


@pytest.mark.parametrize(("name", "make", "kind", "content_type"), KINDS)
def test_each_allowed_kind_is_added_and_served_back(
        case, client, canary, name, make, kind, content_type):
    response = upload(client, case, name, make(canary))
    assert response.status_code == 302
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/#bijlagen"
    attachment = Attachment.objects.get(case=case)
    assert (attachment.kind, attachment.title, attachment.original_name) == (
        kind, "Foto van de blauwe plek", name)
    assert CaseEvent.objects.filter(case=case, action="attach", username="medewerker",
                                    role="owner").count() == 1

    download = client.get(file_url(attachment))
    assert download.status_code == 200
    assert download["Content-Type"] == content_type
    assert download["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    extension = {"jpeg": "jpg"}.get(kind, kind)
    assert download["Content-Disposition"] == (
        f'attachment; filename="{case.reference}-bijlage-{attachment.pk}.{extension}"')
    assert len(download.content) == attachment.size
    if kind in ("pdf", "docx"):
        assert download.content == make(canary)  # documents are kept as they are

    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert "Foto van de blauwe plek" in page and file_url(attachment) in page


def test_an_attachment_belongs_to_a_step_record(case, client):
    consultation = case.consultations.get()
    response = upload(client, case, "advies.pdf", files.pdf("advies"),
                      record=f"consultation-{consultation.pk}")
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case)
    assert attachment.consultation == consultation and attachment.signal is None
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    with translation.override("nl"):
        assert f"overleg van {date_format(consultation.consulted_on, 'j F Y')}" in page


REFUSALS = [
    ("foto.jpg", files.windows_program(),
     "Dit soort bestand kan niet worden toegevoegd. Voeg een pdf, een foto (JPEG, PNG of "
     "HEIC) of een Word-document (DOCX) toe."),
    ("rapport.pdf", files.png("x"),
     "De naam van dit bestand eindigt op &#x27;.pdf&#x27;, maar het is een PNG-bestand. Geef "
     "het bestand de juiste naam, of kies een ander bestand."),
    ("foto", files.jpeg("x"),
     "De naam van dit bestand heeft geen extensie, maar het is een JPEG-bestand. Geef het "
     "bestand een naam die eindigt op &#x27;.jpg&#x27;."),
    ("brief.docx", files.docx("x", macros=True),
     "Dit Word-document bevat macro&#x27;s. Sla het op als DOCX zonder macro&#x27;s, of "
     "voeg het toe als pdf."),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSALS,
                         ids=["disguised program", "forged extension", "no extension",
                              "macros"])
def test_a_refused_file_is_said_and_nothing_is_stored(case, client, name, content, message):
    response = upload(client, case, name, content)
    assert response.status_code == 200
    assert field_error(response) == message
    assert not Attachment.objects.exists()
    assert stored() == {}
    assert not CaseEvent.objects.filter(action="attach").exists()


@override_settings(MELDCODE_MAX_ATTACHMENT_MB=1)
def test_an_oversized_file_is_refused(case, client):
    response = upload(client, case, "groot.pdf", files.pdf("x", size=1_000_001))
    assert response.status_code == 200
    assert field_error(response) == (
        "Dit bestand is groter dan 1 MB. Maak het kleiner, of voeg het in delen toe.")
    assert not Attachment.objects.exists() and stored() == {}
    # Exactly the limit is taken.
    assert upload(client, case, "groot.pdf", files.pdf("x", size=1_000_000)).status_code == 302


def test_a_closed_case_takes_no_attachments(case, client, people):
    client.force_login(people["aandachtsfunctionaris"])
    assert act(client, case, "afsluiten", reason="Zorg loopt elders").status_code == 302
    client.force_login(people["medewerker"])
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert add_url(case) not in page
    response = upload(client, case, "rapport.pdf", files.pdf("x"))
    assert response.status_code == 302
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/"
    assert not Attachment.objects.exists() and stored() == {}


class WritesThenFails(InMemoryStorage):
    """A storage that keeps the file but reports an error, as a timed-out upload can."""

    def _save(self, name, content):
        super()._save(name, content)
        raise OSError("connection reset")


@override_settings(
    STORAGES={"default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
              "flaky": {"BACKEND": "tests.test_attachments.WritesThenFails"},
              "staticfiles": {"BACKEND":
                              "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    MELDCODE_ATTACHMENT_STORAGE="flaky",
)
def test_a_half_failed_upload_leaves_no_file_and_no_row(case, client):
    client.raise_request_exception = False
    response = upload(client, case, "rapport.pdf", files.pdf("x"))
    assert response.status_code == 500
    assert storages["flaky"].listdir(attachments.FOLDER) == ([], [])  # made, then emptied
    assert not Attachment.objects.exists()
    assert not CaseEvent.objects.filter(action="attach").exists()


# Removal by hand -------------------------------------------------------------------------


def remove_url(attachment):
    return file_url(attachment) + "verwijderen/"


def test_a_wrong_file_is_removed_with_its_reason_and_a_stub_stays(
        case, client, canary, django_capture_on_commit_callbacks):
    assert upload(client, case, "foto.jpg", files.jpeg(canary), title=f"{canary}-titel",
                  description=f"{canary}-omschrijving").status_code == 302
    attachment = Attachment.objects.get()
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert f'href="{remove_url(attachment)}"' in page
    confirm = client.get(remove_url(attachment)).content.decode()
    assert "Ja, bijlage verwijderen" in confirm

    # No reason: nothing removed, the message beside the field.
    response = client.post(remove_url(attachment), {"reason": ""})
    assert response.status_code == 200
    content = response.content.decode()
    error = content[content.index('id="mc-remove-reason_error"'):]
    assert error[error.index("<li>") + 4:error.index("</li>")] == "Dit is een verplicht veld."
    assert len(stored()) == 1

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(attachment), {"reason": "Hoort bij een ander dossier."})
    assert response.status_code == 302
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/#bijlagen"
    assert stored() == {}
    attachment.refresh_from_db()
    assert (attachment.title, attachment.description, attachment.original_name,
            attachment.stored_name, attachment.removal_reason, attachment.removed_by.username,
            attachment.kind) == ("", "", "", "", "Hoort bij een ander dossier.", "medewerker",
                                 "jpeg")
    assert list(CaseEvent.objects.filter(case=case, action="remove_attachment")
                .values_list("username", "role")) == [("medewerker", "owner")]
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert f"De bijlage &#x27;{canary}-titel&#x27; is verwijderd." in page  # told once
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    removed_on = date_format(timezone.localtime(attachment.removed_at), "j F Y")
    assert (f"Verwijderd door Sanne de Vries op {removed_on}: Hoort bij een ander dossier."
            in page)
    assert canary not in page
    for url in (file_url(attachment), remove_url(attachment)):
        assert client.get(url).status_code == 404, url


def test_only_whom_the_case_belongs_to_removes_and_not_on_a_closed_case(
        case, client, people):
    assert upload(client, case, "rapport.pdf", files.pdf("x")).status_code == 302
    attachment = Attachment.objects.get()
    colleague = User.objects.create_user("collega")
    colleague.groups.add(Group.objects.get(name="Medewerkers"))
    other = Client()
    other.force_login(colleague)
    assert other.post(remove_url(attachment), {"reason": "Weg ermee"}).status_code == 404
    assert list(CaseEvent.objects.filter(case=case, username="collega")
                .values_list("action", flat=True)) == ["denied"]

    client.force_login(people["aandachtsfunctionaris"])
    assert act(client, case, "afsluiten", reason="Zorg loopt elders").status_code == 302
    client.force_login(people["medewerker"])
    assert remove_url(attachment) not in client.get(
        f"/meldcode/dossiers/{case.reference}/").content.decode()
    response = client.post(remove_url(attachment), {"reason": "Weg ermee"})
    assert response["Location"] == f"/meldcode/dossiers/{case.reference}/"
    attachment.refresh_from_db()
    assert attachment.removed_at is None and len(stored()) == 1


def test_a_removal_whose_file_stayed_is_finished_by_the_next_retention_pass(
        case, client, django_capture_on_commit_callbacks, monkeypatch):
    assert upload(client, case, "rapport.pdf", files.pdf("x")).status_code == 302
    attachment = Attachment.objects.get()
    store = storages["default"]
    delete = store.delete

    def unreachable(name):
        raise OSError("storage unreachable")

    monkeypatch.setattr(store, "delete", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(attachment), {"reason": "Verkeerd bestand."})
    assert response.status_code == 302  # removed; the file waits for the next pass
    attachment.refresh_from_db()
    assert attachment.removed_at is not None and attachment.title == ""
    assert len(stored()) == 1

    monkeypatch.setattr(store, "delete", delete)
    run(django_capture_on_commit_callbacks, timezone.now())
    assert stored() == {}
    assert Attachment.objects.get().stored_name == ""


# Encryption and metadata -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "make"), [(name, make) for name, make, *_ in KINDS])
def test_the_storage_holds_no_plaintext(case, client, canary, name, make):
    assert upload(client, case, name, make(canary), title=f"{canary}-titel",
                  description=f"{canary}-omschrijving").status_code == 302
    raw = stored()
    assert len(raw) == 1
    (token,) = raw.values()
    assert canary.encode() not in token
    assert token.startswith(b"gAAAAA")  # a Fernet token
    # Nor does the name in the storage tell anything.
    attachment = Attachment.objects.get()
    assert attachment.stored_name in raw and name not in attachment.stored_name


@pytest.mark.parametrize(("name", "make"), [("foto.jpg", files.jpeg), ("scan.png", files.png),
                                            ("IMG_0042.HEIC", files.heic)])
def test_photos_lose_their_exif_and_location_and_are_stored_upright(
        case, client, canary, name, make):
    original = Image.open(io.BytesIO(make(canary)))
    assert original.getexif().get_ifd(files.GPS_IFD) == files.GPS
    assert upload(client, case, name, make(canary)).status_code == 302
    served = client.get(file_url(Attachment.objects.get())).content
    assert canary.encode() not in served
    photo = Image.open(io.BytesIO(served))
    assert dict(photo.getexif()) == {}
    assert photo.getexif().get_ifd(files.GPS_IFD) == {}
    assert not {"exif", "comment", "Comment", "xmp"} & set(photo.info)
    # Turned as the camera said: 30 wide and 60 high, the blue half now at the bottom.
    assert photo.size == (30, 60)
    red, blue = photo.convert("RGB").getpixel((15, 10)), photo.convert("RGB").getpixel((15, 50))
    assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]


# Access ----------------------------------------------------------------------------------


def test_another_staff_member_gets_404_and_the_attempt_is_logged(case, client):
    assert upload(client, case, "foto.jpg", files.jpeg("x")).status_code == 302
    attachment = Attachment.objects.get()
    colleague = User.objects.create_user("collega")
    colleague.groups.add(Group.objects.get(name="Medewerkers"))
    other = Client()
    other.force_login(colleague)
    for url in (file_url(attachment), file_url(attachment, inline=True), add_url(case)):
        response = other.get(url)
        assert response.status_code == 404, url
    assert other.post(add_url(case), {"title": "x"}).status_code == 404
    denied = CaseEvent.objects.filter(case=case, username="collega")
    assert list(denied.values_list("action", "role")) == [("denied", "outsider")] * 4
    assert not CaseEvent.objects.filter(action="open_attachment").exists()


def test_reads_are_logged_for_the_access_report_not_the_chronology(case, client, people):
    assert upload(client, case, "rapport.pdf", files.pdf("x")).status_code == 302
    attachment = Attachment.objects.get()
    inline = client.get(file_url(attachment, inline=True))
    assert inline.status_code == 200
    assert inline["Content-Disposition"] == (
        f'inline; filename="{case.reference}-bijlage-{attachment.pk}.pdf"')
    assert inline["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    coordinator = Client()
    coordinator.force_login(people["aandachtsfunctionaris"])
    assert coordinator.get(file_url(attachment)).status_code == 200
    reads = CaseEvent.objects.filter(case=case, action="open_attachment")
    assert list(reads.values_list("username", "role")) == [
        ("medewerker", "owner"), ("aandachtsfunctionaris", "coordinators_group")]
    report = coordinator.get(f"/admin/meldcode_cases/{case.pk}/toegang/").content.decode()
    assert report.count("Heeft een bijlage geopend") == 2
    page = client.get(f"/meldcode/dossiers/{case.reference}/").content.decode()
    assert "Heeft een bijlage toegevoegd" in page and "Heeft een bijlage geopend" not in page


def test_a_word_document_is_never_shown_inline(case, client):
    assert upload(client, case, "verslag.docx", files.docx("x")).status_code == 302
    assert client.get(file_url(Attachment.objects.get(), inline=True)).status_code == 404


def test_an_attachment_of_another_case_is_not_served_under_this_one(case, client):
    other, _wizard = open_case(client, person="Leerling groep 3")
    assert upload(client, other, "rapport.pdf", files.pdf("x")).status_code == 302
    attachment = Attachment.objects.get()
    url = f"/meldcode/dossiers/{case.reference}/bijlagen/{attachment.pk}/"
    assert client.get(url).status_code == 404


# The admin and the PDF -------------------------------------------------------------------


def test_the_admin_and_the_pdf_list_the_attachments(case, client, people):
    assert upload(client, case, "foto.jpg", files.jpeg("x"), title="Foto arm").status_code == 302
    assert upload(client, case, "verslag.docx", files.docx("x"),
                  title="Verslag huisarts").status_code == 302
    coordinator = Client()
    coordinator.force_login(people["aandachtsfunctionaris"])
    admin = coordinator.get(admin_case_url(case)).content.decode()
    assert "Foto arm" in admin and "Verslag huisarts" in admin
    for attachment in Attachment.objects.all():
        assert file_url(attachment) in admin

    pdf = PdfReader(io.BytesIO(client.get(f"/meldcode/dossiers/{case.reference}/pdf/").content))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Foto arm" in text and "Verslag huisarts" in text
    images = {image.data: image for page in pdf.pages for image in page.images}
    assert len(images) == 1  # the photo, as a thumbnail; the document by its title only
    assert next(iter(images.values())).image.size == (30, 60)


# Retention -------------------------------------------------------------------------------


def test_the_purge_removes_the_files_and_keeps_a_stub(
        case, client, people, canary, django_capture_on_commit_callbacks):
    for name, make, *_ in KINDS:
        assert upload(client, case, name, make(canary), title=f"{canary}-titel",
                      description=f"{canary}-omschrijving").status_code == 302
    assert len(stored()) == len(KINDS)
    client.force_login(people["aandachtsfunctionaris"])
    assert act(client, case, "afsluiten", reason="Zorg loopt elders").status_code == 302
    case = close_years_ago(case, 5, days=1)
    now = timezone.now()
    run(django_capture_on_commit_callbacks, now)  # the warning
    assert len(run(django_capture_on_commit_callbacks, now + WARNING).purged) == 1

    assert stored() == {}
    stubs = Attachment.objects.filter(case=case)
    assert [(a.kind, a.title, a.description, a.original_name, a.stored_name)
            for a in stubs] == [(kind, "", "", "", "") for _n, _m, kind, _t in KINDS]
    admin = client.get(admin_case_url(case)).content.decode()
    assert admin.count("Verwijderd na de bewaartermijn.") == len(KINDS)
    assert client.get(file_url(stubs.first())).status_code == 404


def test_a_purge_that_failed_halfway_is_finished_by_the_next_pass(
        case, client, people, django_capture_on_commit_callbacks, monkeypatch):
    for name in ("een.pdf", "twee.pdf"):
        assert upload(client, case, name, files.pdf(name)).status_code == 302
    client.force_login(people["aandachtsfunctionaris"])
    assert act(client, case, "afsluiten", reason="Zorg loopt elders").status_code == 302
    case = close_years_ago(case, 5, days=1)
    now = timezone.now()
    run(django_capture_on_commit_callbacks, now)

    # The storage goes away after removing the first file.
    store, delete = storages["default"], storages["default"].delete
    calls = []

    def unreachable_after_one(name):
        calls.append(name)
        if len(calls) > 1:
            raise OSError("storage unreachable")
        delete(name)

    monkeypatch.setattr(store, "delete", unreachable_after_one)
    with pytest.raises(OSError):
        run(django_capture_on_commit_callbacks, now + WARNING)
    case.refresh_from_db()
    assert case.is_purged
    assert len(stored()) == 1
    assert Attachment.objects.exclude(stored_name="").count() == 1

    monkeypatch.setattr(store, "delete", delete)
    assert run(django_capture_on_commit_callbacks, now + 2 * WARNING).purged == []
    assert stored() == {}
    assert not Attachment.objects.exclude(stored_name="").exists()


def test_a_legal_hold_keeps_the_files(case, client, people, django_capture_on_commit_callbacks):
    assert upload(client, case, "rapport.pdf", files.pdf("x")).status_code == 302
    client.force_login(people["aandachtsfunctionaris"])
    assert act(client, case, "afsluiten", reason="Zorg loopt elders").status_code == 302
    case = close_years_ago(case, 5, days=1)
    now = timezone.now()
    run(django_capture_on_commit_callbacks, now)
    assert act(client, case, "vernietigingsstop", reason="Klacht").status_code == 302
    assert run(django_capture_on_commit_callbacks, now + WARNING).purged == []
    assert len(stored()) == 1
    assert client.get(file_url(Attachment.objects.get())).status_code == 200


# Key rotation ----------------------------------------------------------------------------


def test_key_rotation_re_encrypts_the_files(case, client, settings, canary):
    for name, make, *_ in KINDS:
        assert upload(client, case, name, make(canary)).status_code == 302
    served = {a.pk: client.get(file_url(a)).content for a in Attachment.objects.all()}
    before = stored()
    old_key = settings.MELDCODE_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.MELDCODE_ENCRYPTION_KEYS = [new_key, old_key]
    assert all(needs_rotation(token) for token in before.values())

    out = io.StringIO()
    call_command("meldcode_rotate_keys", stdout=out)
    assert f"  done, {len(KINDS)} file(s) re-encrypted." in out.getvalue()
    after = stored()
    assert len(after) == len(KINDS) and not set(after) & set(before)  # the old files went
    assert not any(needs_rotation(token) for token in after.values())

    settings.MELDCODE_ENCRYPTION_KEYS = [new_key]  # the old key dropped
    assert {a.pk: client.get(file_url(a)).content for a in Attachment.objects.all()} == served
    out = io.StringIO()
    call_command("meldcode_rotate_keys", stdout=out)
    assert "  done, 0 file(s) re-encrypted." in out.getvalue()


def test_an_interrupted_rotation_is_resumed(case, client, settings):
    for name in ("een.pdf", "twee.pdf", "drie.pdf"):
        assert upload(client, case, name, files.pdf(name)).status_code == 302
    settings.MELDCODE_ENCRYPTION_KEYS = [Fernet.generate_key().decode(),
                                         settings.MELDCODE_ENCRYPTION_KEYS[0]]

    def stop_after_one(progress):
        if progress.rotated == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        attachments.rotate_files(report=stop_after_one)
    assert sorted(needs_rotation(t) for t in stored().values()) == [False, True, True]
    assert len(stored()) == 3  # every row names a readable file; nothing left over
    assert attachments.rotate_files().rotated == 2
    assert not any(needs_rotation(t) for t in stored().values())
