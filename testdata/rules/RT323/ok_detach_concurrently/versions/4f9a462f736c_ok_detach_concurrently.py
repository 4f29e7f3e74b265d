"""ok detach concurrently

Revision ID: 4f9a462f736c
Revises: d39b11328a56
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4f9a462f736c'
down_revision = 'd39b11328a56'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY")


def downgrade() -> None:
    pass
