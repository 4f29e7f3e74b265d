"""add phone to users

Revision ID: c3f85a1e7b04
Revises: 4a0d9e6c2b75
Create Date: 2024-11-17 23:52:25.818686

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3f85a1e7b04'
down_revision = '4a0d9e6c2b75'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column('users', 'phone')
