"""create users

Revision ID: 4c9a2e7f1b38
Revises:
Create Date: 2025-07-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = "4c9a2e7f1b38"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(length=255), nullable=False, unique=True),
    )


def downgrade() -> None:
    op.drop_table("users")
