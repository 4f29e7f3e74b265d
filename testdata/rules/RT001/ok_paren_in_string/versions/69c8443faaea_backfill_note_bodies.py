"""backfill note bodies

Revision ID: 69c8443faaea
Revises: 324d04adbc50
Create Date: 2024-03-17 04:58:38.144191

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '69c8443faaea'
down_revision = '324d04adbc50'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE notes SET body = '(empty' WHERE body IS NULL")


def downgrade() -> None:
    op.execute("UPDATE notes SET body = NULL WHERE body = '(empty'")
