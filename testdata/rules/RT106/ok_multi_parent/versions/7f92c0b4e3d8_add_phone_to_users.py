"""add phone to users

Revision ID: 7f92c0b4e3d8
Revises: d4a7c2e91f06
Create Date: 2024-08-26 15:22:42.520379

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7f92c0b4e3d8'
down_revision = 'd4a7c2e91f06'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'phone')
