"""create orders

Revision ID: e05b8f2d61c4
Revises: 
Create Date: 2024-07-25 13:57:25.867184

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e05b8f2d61c4'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('customer_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('orders')
