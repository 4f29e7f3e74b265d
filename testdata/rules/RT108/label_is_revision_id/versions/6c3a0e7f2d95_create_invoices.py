"""create invoices

Revision ID: 6c3a0e7f2d95
Revises: b5d1f8e3a06c
Create Date: 2024-09-21 06:54:55.842935

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6c3a0e7f2d95'
down_revision = 'b5d1f8e3a06c'
branch_labels = ('b5d1f8e3a06c',)
depends_on = None


def upgrade() -> None:
    op.create_table(
        'invoices',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('invoices')
