"""ok autocommit block

Revision ID: 662358b64455
Revises: 28fd7e29e935
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '662358b64455'
down_revision = '28fd7e29e935'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'calm' BEFORE 'happy'")


def downgrade() -> None:
    pass
