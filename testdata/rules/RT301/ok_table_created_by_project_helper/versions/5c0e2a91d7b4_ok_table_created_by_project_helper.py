"""events table, through the project's helpers

Revision ID: 5c0e2a91d7b4
Revises: 3af54d7df190
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from migration_utils import create_index, create_table

# revision identifiers, used by Alembic.
revision = '5c0e2a91d7b4'
down_revision = '3af54d7df190'
branch_labels = None
depends_on = None

TABLE = "events"


def upgrade() -> None:
    # The helper creates the table unless it exists: the index below is built on a
    # table this revision makes, so no lock on a table in use.
    create_table(
        TABLE,
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("kind", sa.Text(), nullable=True),
    )
    create_index(TABLE, "ix_events_kind", ["kind"])


def downgrade() -> None:
    op.drop_table(TABLE)
