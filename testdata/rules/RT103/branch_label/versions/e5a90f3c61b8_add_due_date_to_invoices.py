"""add due date to invoices

Revision ID: e5a90f3c61b8
Revises: billing
Create Date: 2024-07-05 16:40:03.102947

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a90f3c61b8'
down_revision = 'billing'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('invoices', sa.Column('due_date', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('invoices', 'due_date')
