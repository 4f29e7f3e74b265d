"""ok truncate by name

Revision ID: 378e8fa4338d
Revises: 0c7a08bf722f
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '378e8fa4338d'
down_revision = '0c7a08bf722f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("TRUNCATE orgs")


def downgrade() -> None:
    pass
