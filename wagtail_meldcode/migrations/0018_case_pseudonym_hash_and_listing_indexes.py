from django.db import migrations, models

from wagtail_meldcode.encryption import search_hash

BATCH = 1000


def hash_pseudonyms(apps, schema_editor):
    """Give every existing case the search hash of its pseudonym, in batches by id."""
    Case = apps.get_model("wagtail_meldcode", "Case")
    cases = Case.objects.using(schema_editor.connection.alias).exclude(person_reference="")
    last = 0
    while True:
        batch = list(cases.filter(pk__gt=last).order_by("pk").only("person_reference")[:BATCH])
        if not batch:
            return
        for case in batch:
            case.person_reference_hash = search_hash(case.person_reference)
        Case.objects.using(schema_editor.connection.alias).bulk_update(
            batch, ["person_reference_hash"])
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_meldcode', '0017_notices_and_new_case_coordinator'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='person_reference_hash',
            field=models.CharField(blank=True, db_default='', db_index=True, default='', editable=False, max_length=64),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('coordinator__isnull', True), ('status', 'open')), fields=['site', 'updated_at', 'id'], name='meldcode_case_unassigned'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('status', 'open'), models.Q(('incomplete_steps', ''), _negated=True)), fields=['site', 'updated_at', 'id'], name='meldcode_case_missing'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('current_step', 5), ('status', 'open')), fields=['site', 'updated_at', 'id'], name='meldcode_case_waiting'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('purge_warned_on__isnull', False), ('purged_at__isnull', True)), fields=['site'], name='meldcode_case_purge_warned'),
        ),
        migrations.RunPython(hash_pseudonyms, migrations.RunPython.noop, elidable=True),
    ]
