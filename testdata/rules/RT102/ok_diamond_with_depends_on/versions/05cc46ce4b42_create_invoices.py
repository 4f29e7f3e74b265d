"""create invoices

Revision ID: 05cc46ce4b42
Revises: 51992b8db45c
Create Date: 2024-06-12 20:03:43.662924

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '05cc46ce4b42'
down_revision = '51992b8db45c'
branch_labels = None
depends_on = ('16c96c5c0601',)


def upgrade() -> None:
    op.create_table(
        'invoices',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('order_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('invoices')
