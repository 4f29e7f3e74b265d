"""create accounts

Revision ID: e6f730f84e9b
Revises: 
Create Date: 2024-05-05 08:45:23.679090

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6f730f84e9b'
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
