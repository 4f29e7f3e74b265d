"""index on existing table

Revision ID: 53c014e1b902
Revises: 5544c8cb3415
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '53c014e1b902'
down_revision = '5544c8cb3415'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_users_name", "users", ["name"])


def downgrade() -> None:
    pass
