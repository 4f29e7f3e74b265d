"""add users

Revision ID: 8139e3b78f44
Revises: f4d6b66c35b7
Create Date: 2024-06-19 05:56:46.993563

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8139e3b78f44'
down_revision = 'f4d6b66c35b7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('account_id', sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('users')
