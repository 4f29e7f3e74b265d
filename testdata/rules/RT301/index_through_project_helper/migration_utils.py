"""Helpers the revisions of this project share (imported as `migration_utils`)."""
import logging

import sqlalchemy as sa
from alembic import op

log = logging.getLogger(__name__)


def has_table(name: str) -> bool:
    if op.get_context().as_sql:
        # `alembic upgrade --sql`: no database to ask.
        return False
    return sa.inspect(op.get_bind()).has_table(name)


def create_table(table_name: str, *columns: sa.schema.SchemaItem, **kwargs) -> None:
    """`op.create_table`, skipped when the table is already there."""
    if has_table(table_name):
        log.info("table %s exists, skipping", table_name)
        return
    op.create_table(table_name, *columns, **kwargs)


def create_index(table_name: str, index_name: str, columns: list[str]) -> None:
    op.create_index(index_name, table_name, columns)
