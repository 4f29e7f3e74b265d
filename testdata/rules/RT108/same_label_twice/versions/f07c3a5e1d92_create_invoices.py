"""create invoices

Revision ID: f07c3a5e1d92
Revises: 8e2d60b9c4a7
Create Date: 2024-09-14 21:01:52.512296

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f07c3a5e1d92'
down_revision = '8e2d60b9c4a7'
branch_labels = ('billing',)
depends_on = None


def upgrade() -> None:
    op.create_table(
        'invoices',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('invoices')
