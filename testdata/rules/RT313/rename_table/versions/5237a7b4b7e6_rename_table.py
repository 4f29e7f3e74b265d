"""rename table

Revision ID: 5237a7b4b7e6
Revises: c12bdb0ed659
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5237a7b4b7e6'
down_revision = 'c12bdb0ed659'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.rename_table("orgs", "organisations")


def downgrade() -> None:
    pass
