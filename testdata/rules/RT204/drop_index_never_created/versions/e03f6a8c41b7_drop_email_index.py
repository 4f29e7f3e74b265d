"""drop email index

Revision ID: e03f6a8c41b7
Revises: 5b1e0c7d92a4
Create Date: 2025-06-09 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e03f6a8c41b7'
down_revision = '5b1e0c7d92a4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_users_email', table_name='users')


def downgrade() -> None:
    op.create_index('ix_users_email', 'users', ['email'], unique=False)
