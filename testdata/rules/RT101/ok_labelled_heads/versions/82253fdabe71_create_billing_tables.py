"""create billing tables

Revision ID: 82253fdabe71
Revises: e6f730f84e9b
Create Date: 2024-05-07 12:03:04.789303

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '82253fdabe71'
down_revision = 'e6f730f84e9b'
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
