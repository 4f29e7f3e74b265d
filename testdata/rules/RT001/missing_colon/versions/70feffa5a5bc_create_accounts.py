"""create accounts

Revision ID: 70feffa5a5bc
Revises: 
Create Date: 2024-03-10 19:05:34.813552

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '70feffa5a5bc'
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
