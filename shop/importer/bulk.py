"""Insert many rows of one model with a single prepared statement.

``bulk_create`` builds a model instance and a multi-row INSERT per batch,
which costs more than the database work for hundreds of thousands of order
lines. Rows here are plain dicts keyed by field attname; each value goes
through the field's own ``get_db_prep_save``, so types are stored exactly as
the ORM would store them, on SQLite and PostgreSQL alike. No ids come back:
use it only for rows nothing else points to.
"""

from django.db import connections, router


def insert_rows(model, rows, batch_size=5000):
    """INSERT ``rows`` (dicts by attname) into ``model``'s table; return the count."""
    using = router.db_for_write(model)
    connection = connections[using]
    fields = [f for f in model._meta.concrete_fields if not f.db_returning]  # auto ids
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    defaults = {f.attname: f.get_default() for f in fields}  # what Model() would set
    count = 0
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            params = [
                tuple(
                    f.get_db_prep_save(row.get(f.attname, defaults.get(f.attname)), connection)
                    for f in fields
                )
                for row in rows[start:start + batch_size]
            ]
            cursor.executemany(sql, params)
            count += len(params)
    return count
