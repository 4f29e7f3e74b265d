"""create invoices

Revision ID: 4b9f3d1e7a60
Revises: 
Create Date: 2024-09-10 14:26:30.291870

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4b9f3d1e7a60'
down_revision = None
branch_labels = ('invoicing',)
depends_on = ('accounts',)


def upgrade() -> None:
    op.create_table(
        'invoices',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('invoices')
