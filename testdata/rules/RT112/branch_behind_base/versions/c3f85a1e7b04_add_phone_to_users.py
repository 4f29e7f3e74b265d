"""add phone to users

Revision ID: c3f85a1e7b04
Revises: e87b2c4f0d19
Create Date: 2024-11-15 20:34:44.708473

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f85a1e7b04'
down_revision = 'e87b2c4f0d19'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'phone')
