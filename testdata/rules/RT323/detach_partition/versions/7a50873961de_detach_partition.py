"""detach partition

Revision ID: 7a50873961de
Revises: 30d3231abde0
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a50873961de'
down_revision = '30d3231abde0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE events DETACH PARTITION events_2020")


def downgrade() -> None:
    pass
