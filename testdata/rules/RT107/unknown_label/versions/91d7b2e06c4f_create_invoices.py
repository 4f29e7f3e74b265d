"""create invoices

Revision ID: 91d7b2e06c4f
Revises: 
Create Date: 2024-09-06 07:51:08.071444

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '91d7b2e06c4f'
down_revision = None
branch_labels = ('invoicing',)
depends_on = ('payments',)


def upgrade() -> None:
    op.create_table(
        'invoices',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('invoices')
