"""create users

Revision ID: 9d3f7b1e40ac
Revises: 
Create Date: 2024-11-07 07:24:00.267621

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d3f7b1e40ac'
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
