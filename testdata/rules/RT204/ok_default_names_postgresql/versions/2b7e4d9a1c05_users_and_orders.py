"""users and orders, their constraints named by PostgreSQL

Revision ID: 2b7e4d9a1c05
Revises:
Create Date: 2025-07-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "2b7e4d9a1c05"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=255), nullable=False, unique=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), index=True),
    )


def downgrade() -> None:
    op.drop_table("orders")
    op.drop_table("users")
