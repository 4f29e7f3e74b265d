"""accounts and entries, constraints named by PostgreSQL

Revision ID: 5b8e2d4f7a10
Revises:
Create Date: 2024-01-15 09:00:00
"""
import sqlalchemy as sa
from alembic import op

revision = "5b8e2d4f7a10"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(length=120), nullable=False, unique=True),
        sa.Column("balance", sa.Integer(), sa.CheckConstraint("balance >= 0"), nullable=False),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=False, index=True),
        sa.Column("amount", sa.Integer(), nullable=False),
    )


def downgrade():
    op.drop_table("entries")
    op.drop_table("accounts")
