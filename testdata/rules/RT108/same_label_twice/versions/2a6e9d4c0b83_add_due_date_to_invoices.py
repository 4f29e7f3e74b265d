"""add due date to invoices

Revision ID: 2a6e9d4c0b83
Revises: f07c3a5e1d92
Create Date: 2024-09-17 00:19:33.622509

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2a6e9d4c0b83'
down_revision = 'f07c3a5e1d92'
branch_labels = ('billing',)
depends_on = None


def upgrade() -> None:
    op.add_column('invoices', sa.Column('due_date', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('invoices', 'due_date')
