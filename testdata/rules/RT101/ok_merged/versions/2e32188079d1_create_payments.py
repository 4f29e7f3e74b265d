"""create payments

Revision ID: 2e32188079d1
Revises: f220f7ca3a90
Create Date: 2024-05-18 04:31:30.340368

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2e32188079d1'
down_revision = 'f220f7ca3a90'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'payments',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('payments')
