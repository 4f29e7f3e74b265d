"""login as UniqueText again (a twin of an earlier revision, for databases that missed it)

Revision ID: 4d2b8e6a0c13
Revises: 23158e7df820
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from app_types import AppTypes

# revision identifiers, used by Alembic.
revision = '4d2b8e6a0c13'
down_revision = '23158e7df820'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # `existing_type=` is stale: the column already has this type, so nothing is
    # rewritten.
    op.alter_column("users", "login", type_=AppTypes.UniqueText, existing_type=sa.Text)


def downgrade() -> None:
    pass
