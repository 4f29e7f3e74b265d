"""primary key on existing table

Revision ID: 23de357ed6f9
Revises: cc8ed4c64e7d
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '23de357ed6f9'
down_revision = 'cc8ed4c64e7d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_primary_key("orgs_pk", "orgs", ["title"])


def downgrade() -> None:
    pass
