"""Number the signals of lists installed without an order (``sort_order`` empty).

``meldcode_install_basismodel`` assigned the signals of a list in code, which left their
``sort_order`` empty: PostgreSQL then returned them in any order. They were created in
the basismodel's order, so their primary keys give it back.
"""

from django.db import migrations


def number_items(apps, schema_editor):
    SignalListItem = apps.get_model("wagtail_meldcode", "SignalListItem")
    unnumbered = SignalListItem.objects.filter(sort_order__isnull=True)
    lists = unnumbered.values_list("signal_list_id", flat=True).distinct().order_by()
    for list_id in lists:
        # A list with an unnumbered signal is numbered in the order of creation.
        items = list(SignalListItem.objects.filter(signal_list_id=list_id).order_by("pk"))
        for number, item in enumerate(items):
            item.sort_order = number
        SignalListItem.objects.bulk_update(items, ["sort_order"])


class Migration(migrations.Migration):

    dependencies = [("wagtail_meldcode", "0015_own_questions")]

    operations = [migrations.RunPython(number_items, migrations.RunPython.noop)]
