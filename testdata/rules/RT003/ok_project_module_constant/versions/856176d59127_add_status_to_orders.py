"""add status to orders

Revision ID: 856176d59127
Revises: 364b306be76d
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from ledger.db import revisions

# revision identifiers, used by Alembic.
revision = '856176d59127'
down_revision = revisions.INITIAL
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
