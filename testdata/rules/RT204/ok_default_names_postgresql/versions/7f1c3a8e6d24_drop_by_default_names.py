"""drop what PostgreSQL and SQLAlchemy named

Revision ID: 7f1c3a8e6d24
Revises: 2b7e4d9a1c05
Create Date: 2025-07-08 10:00:00.000000

"""
from alembic import op


revision = "7f1c3a8e6d24"
down_revision = "2b7e4d9a1c05"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_constraint("orders_user_id_fkey", "orders", type_="foreignkey")
    op.drop_index("ix_orders_user_id", table_name="orders")
    op.drop_constraint("users_email_key", "users", type_="unique")
    op.drop_constraint("orders_pkey", "orders", type_="primary")


def downgrade() -> None:
    op.create_primary_key("orders_pkey", "orders", ["id"])
    op.create_unique_constraint("users_email_key", "users", ["email"])
    op.create_index("ix_orders_user_id", "orders", ["user_id"])
    op.create_foreign_key("orders_user_id_fkey", "orders", "users", ["user_id"], ["id"])
