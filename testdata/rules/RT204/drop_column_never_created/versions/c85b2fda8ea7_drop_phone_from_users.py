"""drop phone from users

Revision ID: c85b2fda8ea7
Revises: afc54b805059
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c85b2fda8ea7'
down_revision = 'afc54b805059'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column('users', 'phone')


def downgrade() -> None:
    op.add_column('users', sa.Column('phone', sa.String(length=30), nullable=True))
