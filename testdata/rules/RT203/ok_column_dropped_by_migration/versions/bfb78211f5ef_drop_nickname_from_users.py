"""drop nickname from users

Revision ID: bfb78211f5ef
Revises: 60cb0155f1a9
Create Date: 2025-02-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bfb78211f5ef'
down_revision = '60cb0155f1a9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column('users', 'nickname')


def downgrade() -> None:
    op.add_column('users', sa.Column('nickname', sa.String(length=40), nullable=True))
