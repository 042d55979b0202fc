"""Cases stay out of Wagtail's reference index: a page's "usage" lists no case."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex

from wagtail_meldcode.models import Case

pytestmark = pytest.mark.django_db


def reference(source, target):
    source_type = ContentType.objects.get_for_model(source)
    return ReferenceIndex.objects.create(
        content_type=source_type, base_content_type=source_type, object_id=str(source.pk),
        to_content_type=ContentType.objects.get_for_model(Page), to_object_id=str(target.pk),
        model_path="meldcode", content_path="meldcode", content_path_hash=uuid.uuid4(),
    )


def test_saving_a_case_records_no_reference(helped_case):
    case = helped_case
    case.save()
    assert not ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Case)).exists()


def test_the_migration_forgets_what_an_older_release_recorded_about_cases(helped_case):
    meldcode = helped_case.meldcode
    old = reference(helped_case, meldcode)
    kept = reference(meldcode.get_children().first().specific, meldcode)
    migration = importlib.import_module(
        "wagtail_meldcode.migrations.0010_cases_out_of_reference_index")
    migration.forget_cases(apps, None)
    assert not ReferenceIndex.objects.filter(pk=old.pk).exists()
    assert ReferenceIndex.objects.filter(pk=kept.pk).exists()
