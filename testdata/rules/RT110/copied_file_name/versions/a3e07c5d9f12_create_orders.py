"""create orders

Revision ID: a3e07c5d9f12
Revises: 
Create Date: 2024-10-12 15:51:46.945065

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3e07c5d9f12'
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
