"""rename a column, then drop an index

Revision ID: bacaf63748e1
Revises: 626e3c47b260
Create Date: 2025-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bacaf63748e1'
down_revision = '626e3c47b260'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The rename locks users (ACCESS EXCLUSIVE) until the migration commits: the plain
    # DROP INDEX after it blocks nothing more.
    op.alter_column("users", "login", new_column_name="handle")
    op.drop_index("ix_users_email", table_name="users")


def downgrade() -> None:
    pass
