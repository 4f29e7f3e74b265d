"""create invoices

Revision ID: d8e1a5c3f072
Revises: 0f4b7d2e9c61
Create Date: 2024-09-25 13:30:18.063361

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd8e1a5c3f072'
down_revision = '0f4b7d2e9c61'
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
