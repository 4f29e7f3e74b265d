"""create orders

Revision ID: cd77a65ad11f
Revises: 
Create Date: 2024-04-01 04:02:25.915682

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cd77a65ad11f'
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
