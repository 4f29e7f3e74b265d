"""create orders

Revision ID: e3af306ac663
Revises: 
Create Date: 2024-04-05 10:37:48.136108

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3af306ac663'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('total', sa.Numeric(12, 2), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('orders')
