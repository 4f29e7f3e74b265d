"""backfill status

Revision ID: e59e7335a0ee
Revises: 0d7eab7f4134
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e59e7335a0ee'
down_revision = '0d7eab7f4134'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE orders SET status = 'new' WHERE status IS NULL")
