from django.db import migrations


def forget_cases(apps, schema_editor):
    """Remove what Wagtail's reference index recorded about cases before they were left out
    of it: the meldcode page's "usage" listed every case to the page's editors."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    case_type = ContentType.objects.filter(app_label="wagtail_meldcode", model="case").first()
    if case_type is not None:
        ReferenceIndex.objects.filter(base_content_type=case_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_meldcode", "0009_case_listing_indexes"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_cases, migrations.RunPython.noop)]
