"""Helpers the migrations share (imported by revision files, never by the app)."""
from alembic import op
import sqlalchemy as sa

from .db import TABLE_PREFIX  # noqa: F401  (a relative import, as packages write them)


def create_stock_move_table():
    op.create_table(
        "stock_move",
        sa.Column("sku", sa.String(length=40), nullable=False),
        sa.Column("moved_at", sa.DateTime(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("sku", "moved_at"),
    )


def backfill_created_at(bind):
    """Data only."""
    rows = bind.execute(sa.text("SELECT id FROM customer_account WHERE created_at IS NULL")).fetchall()
    for row in rows:
        bind.execute(
            sa.text("UPDATE customer_account SET created_at = CURRENT_TIMESTAMP WHERE id = :id"),
            {"id": row.id},
        )
