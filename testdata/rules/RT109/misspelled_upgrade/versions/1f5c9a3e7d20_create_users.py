"""create users

Revision ID: 1f5c9a3e7d20
Revises: 
Create Date: 2024-10-04 02:41:02.504213

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1f5c9a3e7d20'
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
