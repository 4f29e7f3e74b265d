"""drop the audit columns; this project does not support downgrades

Revision ID: 9d41a7c3e5f8
Revises: 6c2f9a0e7b13
Create Date: 2025-03-03 09:00:00.000000

"""
from alembic import op


revision = "9d41a7c3e5f8"
down_revision = "6c2f9a0e7b13"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("users", "joined")


def downgrade() -> None:
    pass
