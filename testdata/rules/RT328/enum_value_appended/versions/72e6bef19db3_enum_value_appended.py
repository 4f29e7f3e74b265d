"""enum value appended

Revision ID: 72e6bef19db3
Revises: 535698d35b4b
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '72e6bef19db3'
down_revision = '535698d35b4b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE mood ADD VALUE 'calm'")


def downgrade() -> None:
    pass
