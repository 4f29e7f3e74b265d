"""login index, unless a database has it already

Revision ID: 7e4c2a9d5b13
Revises: 3af54d7df190
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e4c2a9d5b13'
down_revision = '3af54d7df190'
branch_labels = None
depends_on = None


def upgrade() -> None:
    try:
        indexes = [i["name"] for i in sa.inspect(op.get_bind()).get_indexes("users")]
    except sa.exc.NoInspectionAvailable:
        # `alembic upgrade --sql`: there is no database to ask.
        indexes = []
    # No revision made this index: on a database that followed the history the test
    # is true, and the index is built on `users` while it blocks writes.
    if "ix_users_login" not in indexes:
        op.create_index("ix_users_login", "users", ["login"])


def downgrade() -> None:
    pass
