"""create accounts

Revision ID: 09b946707c98
Revises: 
Create Date: 2024-04-22 12:59:17.017812

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '09b946707c98'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'accounts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('owner', sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('accounts')
