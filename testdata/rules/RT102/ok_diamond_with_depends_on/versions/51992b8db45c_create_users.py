"""create users

Revision ID: 51992b8db45c
Revises: 
Create Date: 2024-06-08 13:28:21.442498

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '51992b8db45c'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('users')
