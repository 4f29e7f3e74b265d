"""stock moves, VIP discounts, and what each database needs

Revision ID: 8e2b5c1d4f37
Revises: 5a8d3e6f0b12
Create Date: 2025-05-20 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from shop import migration_helpers


revision: str = "8e2b5c1d4f37"
down_revision: Union[str, Sequence[str], None] = "5a8d3e6f0b12"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    migration_helpers.create_stock_move_table()
    op.add_column("customer_account", sa.Column("discount_percent", sa.Integer(), nullable=True))
    op.add_column("customer_account", sa.Column("order_count", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "mysql":
        op.execute("ALTER TABLE customer_account CONVERT TO CHARACTER SET utf8mb4")
        op.drop_column("customer_account", "order_count")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.create_index(
            "ix_customer_account_email",
            "customer_account",
            ["email"],
            unique=True,
            postgresql_using="btree",
        )
    else:
        op.create_index("ix_customer_account_email", "customer_account", ["email"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_customer_account_email", table_name="customer_account")
    op.drop_column("customer_account", "order_count")
    op.drop_column("customer_account", "discount_percent")
    op.drop_table("stock_move")
