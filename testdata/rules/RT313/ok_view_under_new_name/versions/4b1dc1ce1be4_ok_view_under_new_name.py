"""ok view under new name

Revision ID: 4b1dc1ce1be4
Revises: ee848d37779f
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b1dc1ce1be4'
down_revision = 'ee848d37779f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE VIEW organisations AS SELECT * FROM orgs")


def downgrade() -> None:
    pass
