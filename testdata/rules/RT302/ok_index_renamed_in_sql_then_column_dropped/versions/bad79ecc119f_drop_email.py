"""drop email

Revision ID: bad79ecc119f
Revises: b0497f53616f
Create Date: 2025-03-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bad79ecc119f'
down_revision = 'b0497f53616f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The replay follows the rename written in SQL: ix_users__email is the index on
    # users.email, which PostgreSQL drops with the column, under the same lock.
    op.drop_index("ix_users__email", table_name="users")
    op.drop_column("users", "email")


def downgrade() -> None:
    pass
