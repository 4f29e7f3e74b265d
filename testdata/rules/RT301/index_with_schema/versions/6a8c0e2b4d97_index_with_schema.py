"""index on a table in a schema

Revision ID: 6a8c0e2b4d97
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6a8c0e2b4d97'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_kind", "events", ["kind"], schema="audit")


def downgrade() -> None:
    pass
