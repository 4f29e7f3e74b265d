"""create invoices

Revision ID: caf6b21c804b
Revises: f220f7ca3a90
Create Date: 2024-05-16 01:13:49.230155

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'caf6b21c804b'
down_revision = 'f220f7ca3a90'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'invoices',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('invoices')
