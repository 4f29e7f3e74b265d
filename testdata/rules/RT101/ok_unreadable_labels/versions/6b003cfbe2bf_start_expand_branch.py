"""start expand branch

Revision ID: 6b003cfbe2bf
Revises: 7ce218895a2d
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from oslo_db.sqlalchemy import migration_branches as branches

# revision identifiers, used by Alembic.
revision = '6b003cfbe2bf'
down_revision = '7ce218895a2d'
branch_labels = (branches.EXPAND,)
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
