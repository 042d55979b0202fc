"""What ``meldcode_install_basismodel`` installs, as plain JSON data.

``tests/test_basismodel_content.py`` compares a fresh install of every sector with the
fixtures in ``tests/data/basismodel_<sector>.json``. Those fixtures were written from the
installer as it was before the basismodel's texts moved into data files; rewrite them only
when a text is meant to change, and read the diff:

    env -u DATABASE_URL .venv/bin/python -m tests.basismodel_content

Everything that depends on the database rather than on the content is left out or named by
what it refers to: primary keys, tree paths, revisions, timestamps, UUIDs and StreamField
block ids; a signal list in a step body is given by its basismodel key, not its pk.
"""

import io
import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Page fields that depend on the database or the moment of installing, not on the content.
VOLATILE_PAGE_FIELDS = {
    "id", "page_ptr", "path", "depth", "numchild", "translation_key", "draft_title",
    "latest_revision", "live_revision", "latest_revision_created_at",
    "first_published_at", "last_published_at", "go_live_at", "expire_at", "owner",
    "locked_by", "locked_at", "alias_of",
}


def fixture_path(sector):
    return DATA_DIR / f"basismodel_{sector}.json"


def install(home, sector):
    from django.core.management import call_command

    call_command("meldcode_install_basismodel", sector=sector, parent=str(home.pk),
                 stdout=io.StringIO())


def dump(home):
    """The meldcode installed under ``home``, its step pages and all signal lists."""
    from wagtail_meldcode.models import MeldcodePage, MeldcodeStepPage, SignalList

    keys = dict(SignalList.objects.values_list("pk", "basismodel_key"))
    meldcode = MeldcodePage.objects.child_of(home).get()
    steps = MeldcodeStepPage.objects.child_of(meldcode).order_by("path")
    return {
        "meldcode": _page(meldcode, keys),
        "steps": [_page(step, keys) for step in steps],
        "signal_lists": [
            {
                **{field: getattr(signal_list, field)
                   for field in ("basismodel_key", "title", "age_group", "form_of_violence",
                                 "introduction")},
                "items": [[item.sort_order, item.text]
                          for item in signal_list.items.order_by("sort_order")],
            }
            for signal_list in SignalList.objects.order_by("basismodel_key")
        ],
    }


def _page(page, keys):
    from wagtail.fields import StreamField

    data = {}
    for field in page._meta.concrete_fields:
        if field.name in VOLATILE_PAGE_FIELDS:
            continue
        value = getattr(page, field.name)
        if isinstance(field, StreamField):
            value = _without_ids(value.get_prep_value(), keys)
        elif field.name == "content_type":
            value = f"{value.app_label}.{value.model}"
        elif field.name == "locale":
            value = value.language_code
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[field.name] = value
    return data


def _without_ids(value, keys):
    """StreamField JSON without the random block ids, signal lists by their key."""
    if isinstance(value, list):
        return [_without_ids(item, keys) for item in value]
    if isinstance(value, dict):
        if value.get("type") == "signal_list":
            return {"type": "signal_list", "value": {"basismodel_key": keys[value["value"]]}}
        return {name: _without_ids(item, keys) for name, item in value.items() if name != "id"}
    return value


def to_json(data):
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_fixtures():
    """Install every sector into a fresh test database and write its fixture."""
    import django
    from django.db import connection, transaction
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    from wagtail.models import Page, Site

    from example_site.intranet.models import HomePage
    from wagtail_meldcode.choices import Sector

    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        DATA_DIR.mkdir(exist_ok=True)
        for sector in Sector.values:
            with transaction.atomic():
                home = HomePage(title="Intranet", slug="intranet")
                Page.get_first_root_node().add_child(instance=home)
                Site.objects.update(root_page=home)
                install(home, sector)
                fixture_path(sector).write_text(to_json(dump(home)), encoding="utf-8")
                transaction.set_rollback(True)
            print("wrote", fixture_path(sector).relative_to(Path.cwd()))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings.test")
    write_fixtures()
