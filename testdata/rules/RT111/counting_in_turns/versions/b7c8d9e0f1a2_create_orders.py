"""create orders

Revision ID: b7c8d9e0f1a2
Revises: 
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c8d9e0f1a2'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('orders', sa.Column('id', sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table('orders')
