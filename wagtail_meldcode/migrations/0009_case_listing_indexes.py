from django.db import migrations, models


class Migration(migrations.Migration):
    """Indexes for the coordinators' case listing (own cases first, by last change)."""

    dependencies = [
        ("wagtail_meldcode", "0008_retention"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["coordinator", "updated_at", "id"],
                               name="meldcode_case_mine_recent"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["site", "updated_at", "id"],
                               name="meldcode_case_site_recent"),
        ),
    ]
