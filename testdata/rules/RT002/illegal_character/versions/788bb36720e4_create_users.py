"""create users

Revision ID: 788bb36720e4
Revises: 
Create Date: 2024-03-23 14:51:41.474830

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '788bb36720e4'
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
