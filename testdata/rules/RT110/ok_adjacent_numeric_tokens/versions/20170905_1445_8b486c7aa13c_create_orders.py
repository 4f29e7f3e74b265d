"""create orders

Revision ID: 8b486c7aa13c
Revises: 
Create Date: 2017-09-05 14:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b486c7aa13c'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('orders', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('orders')
