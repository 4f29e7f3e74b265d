"""create payments

Revision ID: 3d2f19317305
Revises: 09b946707c98
Create Date: 2024-04-26 19:34:39.238238

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3d2f19317305'
down_revision = '09b946707c98'
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
