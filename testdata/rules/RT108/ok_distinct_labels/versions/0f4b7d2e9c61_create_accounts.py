"""create accounts

Revision ID: 0f4b7d2e9c61
Revises: 
Create Date: 2024-09-23 10:12:36.953148

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0f4b7d2e9c61'
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
