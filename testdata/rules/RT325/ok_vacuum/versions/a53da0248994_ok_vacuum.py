"""ok vacuum

Revision ID: a53da0248994
Revises: 189f804622b5
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a53da0248994'
down_revision = '189f804622b5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("VACUUM users")


def downgrade() -> None:
    pass
