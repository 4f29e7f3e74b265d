"""add due date to invoices

Revision ID: f6d217a73d75
Revises: 82253fdabe71
Create Date: 2024-05-09 15:20:45.899516

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6d217a73d75'
down_revision = '82253fdabe71'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('invoices', sa.Column('due_date', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('invoices', 'due_date')
