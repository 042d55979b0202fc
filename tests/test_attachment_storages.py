"""Attachments on the storages an organisation runs them on: a folder on the server's
disk (FileSystemStorage) and S3-compatible object storage through django-storages (here
moto's S3 server, on its own port). Either way the storage holds only ciphertext under a
random name, the app serves the file back, and removing it deletes the object."""

import boto3
import pytest
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer

from tests import files
from tests.test_attachments import file_url, upload
from wagtail_meldcode import attachments
from wagtail_meldcode.models import Attachment

pytestmark = pytest.mark.django_db

BUCKET = "meldcode-bijlagen"
KEYS = {"aws_access_key_id": "test", "aws_secret_access_key": "test",
        "region_name": "eu-central-1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3-compatible server (moto) on a free port of this machine."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def file_system(tmp_path, s3_endpoint):
    folder = tmp_path / "bijlagen"
    config = {"BACKEND": "django.core.files.storage.FileSystemStorage",
              "OPTIONS": {"location": str(folder)}}

    def objects():
        return {str(path.relative_to(folder)): path.read_bytes()
                for path in folder.rglob("*") if path.is_file()}
    return config, objects


def s3(tmp_path, s3_endpoint):
    client = boto3.client("s3", endpoint_url=s3_endpoint, **KEYS)
    bucket = f"{BUCKET}-{tmp_path.name.lower().replace('_', '-')}"[:63]
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={
        "LocationConstraint": KEYS["region_name"]})
    config = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": bucket, "endpoint_url": s3_endpoint, "default_acl": "private",
        "querystring_auth": True, "access_key": KEYS["aws_access_key_id"],
        "secret_key": KEYS["aws_secret_access_key"], "region_name": KEYS["region_name"]}}

    def objects():
        listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {o["Key"]: client.get_object(Bucket=bucket, Key=o["Key"])["Body"].read()
                for o in listed}
    return config, objects


@pytest.fixture(params=[file_system, s3], ids=["file-system", "s3"])
def stored(request, settings, tmp_path, s3_endpoint):
    """The attachments' own storage of the kind in ``request.param``; returns a function
    that lists what it holds: {name: raw bytes}."""
    config, objects = request.param(tmp_path, s3_endpoint)
    settings.STORAGES = {**settings.STORAGES, "meldcode_attachments": config}
    settings.MELDCODE_ATTACHMENT_STORAGE = "meldcode_attachments"
    storages._storages.pop("meldcode_attachments", None)
    yield objects
    storages._storages.pop("meldcode_attachments", None)


def test_the_storage_holds_ciphertext_and_the_app_serves_the_file(
        stored, case, client, canary, django_capture_on_commit_callbacks):
    content = files.pdf(canary)
    assert upload(client, case, "rapport.pdf", content).status_code == 302
    attachment = Attachment.objects.get()

    held = stored()
    assert list(held) == [attachment.stored_name]
    assert attachment.stored_name.startswith(f"{attachments.FOLDER}/")
    assert canary.encode() not in held[attachment.stored_name]
    assert b"%PDF" not in held[attachment.stored_name]
    assert client.get(file_url(attachment)).content == content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(file_url(attachment) + "verwijderen/",
                               {"reason": "Verkeerd bestand."})
    assert response.status_code == 302
    assert stored() == {}
