"""drop index

Revision ID: 9a326d5833cc
Revises: 1adbf01b77c0
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a326d5833cc'
down_revision = '1adbf01b77c0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_users_email", table_name="users")


def downgrade() -> None:
    pass
