"""Make the case chronology append-only in the database itself.

Row triggers refuse UPDATE and DELETE. TRUNCATE is left to the database's privileges (it
needs the table owner); run the application as a role that does not own its tables.
"""

from django.db import migrations

TABLE = "wagtail_meldcode_caseevent"

POSTGRES_FORWARD = f"""
CREATE OR REPLACE FUNCTION meldcode_refuse_event_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'meldcode case events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER meldcode_caseevent_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION meldcode_refuse_event_change();
"""
POSTGRES_BACKWARD = f"""
DROP TRIGGER IF EXISTS meldcode_caseevent_append_only ON {TABLE};
DROP FUNCTION IF EXISTS meldcode_refuse_event_change();
"""
SQLITE_FORWARD = [
    f"""CREATE TRIGGER meldcode_caseevent_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'meldcode case events are append-only (UPDATE refused)'); END""",
    f"""CREATE TRIGGER meldcode_caseevent_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'meldcode case events are append-only (DELETE refused)'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS meldcode_caseevent_no_update",
    "DROP TRIGGER IF EXISTS meldcode_caseevent_no_delete",
]


def forward(apps, schema_editor):
    run(schema_editor, POSTGRES_FORWARD, SQLITE_FORWARD)


def backward(apps, schema_editor):
    run(schema_editor, POSTGRES_BACKWARD, SQLITE_BACKWARD)


def run(schema_editor, postgres, sqlite):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres, None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement, None)
    else:
        raise RuntimeError(f"No append-only trigger for database {vendor!r}.")


class Migration(migrations.Migration):
    dependencies = [("wagtail_meldcode", "0002_cases")]

    operations = [migrations.RunPython(forward, backward)]
