"""start contract branch

Revision ID: 28c47969c1e6
Revises: 7ce218895a2d
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from oslo_db.sqlalchemy import migration_branches as branches

# revision identifiers, used by Alembic.
revision = '28c47969c1e6'
down_revision = '7ce218895a2d'
branch_labels = (branches.CONTRACT,)
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
