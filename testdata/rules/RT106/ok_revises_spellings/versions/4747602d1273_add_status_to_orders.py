"""add status to orders

Revision ID: 4747602d1273
Revises: '5632953a5e1c'
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4747602d1273'
down_revision = '5632953a5e1c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
