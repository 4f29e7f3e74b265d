"""ok domain without check

Revision ID: 5a50d1256392
Revises: 66287d101e16
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5a50d1256392'
down_revision = '66287d101e16'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE DOMAIN positive_int AS integer")


def downgrade() -> None:
    pass
