"""start expand branch

Revision ID: 2ed75e59e56c
Revises: 37aeb615935a
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from inventory.db.migration import cli

# revision identifiers, used by Alembic.
revision = '2ed75e59e56c'
down_revision = '37aeb615935a'
branch_labels = (cli.EXPAND_BRANCH,)
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
