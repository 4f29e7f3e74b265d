"""vacuum full

Revision ID: fb6083b4b661
Revises: cd8686b65804
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fb6083b4b661'
down_revision = 'cd8686b65804'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.execute("VACUUM FULL users")


def downgrade() -> None:
    pass
