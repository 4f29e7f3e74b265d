"""create orders

Revision ID: 16c96c5c0601
Revises: 51992b8db45c
Create Date: 2024-06-10 16:46:02.552711

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '16c96c5c0601'
down_revision = '51992b8db45c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('orders')
