"""create orders

Revision ID: 7e51d9a0c3b8
Revises: 
Create Date: 2024-10-16 22:27:09.165491

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e51d9a0c3b8'
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
