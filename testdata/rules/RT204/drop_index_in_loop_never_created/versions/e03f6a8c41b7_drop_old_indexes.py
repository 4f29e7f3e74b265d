"""drop old indexes

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

# Neither index was ever created on `users`.
OLD_INDEXES = ("ix_users_name", "ix_users_email")


def upgrade() -> None:
    for name in OLD_INDEXES:
        op.drop_index(name, table_name='users')


def downgrade() -> None:
    op.create_index('ix_users_email', 'users', ['email'], unique=False)
    op.create_index('ix_users_name', 'users', ['name'], unique=False)
