"""index user emails

Revision ID: a9c4e2f17b30
Revises: 8d27f4b0c6e1
Create Date: 2025-06-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9c4e2f17b30'
down_revision = '8d27f4b0c6e1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f('ix_users_email'), 'users', ['email'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_users_email'), table_name='users')
