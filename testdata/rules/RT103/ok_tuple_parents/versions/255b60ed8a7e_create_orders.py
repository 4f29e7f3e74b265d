"""create orders

Revision ID: 255b60ed8a7e
Revises: cc5c0a18fddc
Create Date: 2024-07-06 08:18:15.875267

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '255b60ed8a7e'
down_revision = 'cc5c0a18fddc'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('orders')
