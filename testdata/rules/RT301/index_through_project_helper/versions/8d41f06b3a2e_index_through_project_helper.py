"""index users.login, through the project's helper

Revision ID: 8d41f06b3a2e
Revises: 3af54d7df190
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import migration_utils

# revision identifiers, used by Alembic.
revision = '8d41f06b3a2e'
down_revision = '3af54d7df190'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # `users` exists: the helper's plain CREATE INDEX blocks writes to it while the
    # index is built.
    migration_utils.create_index("users", "ix_users_login", ["login"])


def downgrade() -> None:
    op.drop_index("ix_users_login", table_name="users")
