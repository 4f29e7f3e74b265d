"""step 000000000001

Revision ID: 000000000001
Revises: 5e1f0a93c2d7
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "000000000001"  # retort: ignore[RT111]
down_revision = "5e1f0a93c2d7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
