"""drop phone

Revision ID: e0d0168f6f6a
Revises: 8bb1404920fe
Create Date: 2025-02-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e0d0168f6f6a'
down_revision = '8bb1404920fe'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column('users', 'phone')


def downgrade() -> None:
    raise NotImplementedError('phone numbers cannot be restored')
