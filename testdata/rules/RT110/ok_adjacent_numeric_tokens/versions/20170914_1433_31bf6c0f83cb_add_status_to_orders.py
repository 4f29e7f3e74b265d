"""add status to orders

Revision ID: 31bf6c0f83cb
Revises: 8b486c7aa13c
Create Date: 2017-09-14 14:33:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '31bf6c0f83cb'
down_revision = '8b486c7aa13c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
