"""create invoices

Revision ID: 08e03dc5280b
Revises: 09b946707c98
Create Date: 2024-04-24 16:16:58.128025

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '08e03dc5280b'
down_revision = '09b946707c98'
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
