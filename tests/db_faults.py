"""Real database failures for tests, on SQLite and on PostgreSQL alike."""

from django.db import connection


def refuse_inserts(table):
    """Make the database itself reject every insert into ``table`` (a trigger; it
    goes with the test's transaction, or stays until ``allow_inserts``)."""
    message = f"{table} is read-only"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE FUNCTION {table}_refuse() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN RAISE EXCEPTION '{message}'; END $$")
            cursor.execute(f"CREATE TRIGGER {table}_readonly BEFORE INSERT ON {table} "
                           f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse()")
        else:
            cursor.execute(f"CREATE TRIGGER {table}_readonly BEFORE INSERT ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{message}'); END")


def allow_inserts(table):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_readonly ON {table}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {table}_refuse()")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_readonly")
