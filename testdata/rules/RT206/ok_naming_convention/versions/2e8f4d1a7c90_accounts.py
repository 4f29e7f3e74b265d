"""accounts

Revision ID: 2e8f4d1a7c90
Revises:
Create Date: 2025-08-01 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "2e8f4d1a7c90"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("balance", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
    )


def downgrade():
    op.drop_table("account")
