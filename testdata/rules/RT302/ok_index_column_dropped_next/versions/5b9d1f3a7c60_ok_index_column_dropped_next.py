"""drop index then its table

Revision ID: 5b9d1f3a7c60
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b9d1f3a7c60'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Dropping the column drops its index too, under the same lock: building nothing
    # concurrently here would change nothing.
    op.drop_index("ix_users_email", table_name="users")
    op.drop_column("users", "email")


def downgrade() -> None:
    pass
