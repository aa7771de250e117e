"""0001 once made ``Event.page`` a foreign key to Wagtail's pages; it is now a plain
id, so the funnel installs without Wagtail. A database migrated before that change
still holds the foreign key in its schema, which Django no longer knows about: a
deleted page would then fail its transaction. Drop it where it is found."""

from django.db import migrations


def leftover_foreign_keys(connection, table):
    """Names of foreign-key constraints on ``table.page_id``."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [name for name, constraint in constraints.items()
            if constraint["foreign_key"] and constraint["columns"] == ["page_id"]]


def drop_page_foreign_key(apps, schema_editor):
    Event = apps.get_model("funnel", "Event")
    found = leftover_foreign_keys(schema_editor.connection, Event._meta.db_table)
    if not found:
        return
    if schema_editor.connection.vendor == "sqlite":
        schema_editor._remake_table(Event)  # SQLite drops a constraint by rebuilding
    else:
        for name in found:
            schema_editor.execute(schema_editor._delete_fk_sql(Event, name))


class Migration(migrations.Migration):
    dependencies = [("funnel", "0005_rollup_campaign")]

    operations = [migrations.RunPython(drop_page_foreign_key, migrations.RunPython.noop)]
