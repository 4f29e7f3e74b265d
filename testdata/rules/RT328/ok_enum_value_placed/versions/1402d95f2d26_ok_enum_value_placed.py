"""ok enum value placed

Revision ID: 1402d95f2d26
Revises: e2d5d7d18c35
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1402d95f2d26'
down_revision = 'e2d5d7d18c35'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE mood ADD VALUE 'calm' BEFORE 'happy'")


def downgrade() -> None:
    pass
