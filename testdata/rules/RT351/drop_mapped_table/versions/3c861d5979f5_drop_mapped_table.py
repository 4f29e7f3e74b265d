"""drop mapped table

Revision ID: 3c861d5979f5
Revises: 28cc8466cf4a
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c861d5979f5'
down_revision = '28cc8466cf4a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("orgs")


def downgrade() -> None:
    pass
