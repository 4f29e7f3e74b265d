"""rename an index

Revision ID: b0497f53616f
Revises: 69d42dff9ba1
Create Date: 2025-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b0497f53616f'
down_revision = '69d42dff9ba1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER INDEX ix_users_email RENAME TO ix_users__email")


def downgrade() -> None:
    op.execute("ALTER INDEX ix_users__email RENAME TO ix_users_email")
