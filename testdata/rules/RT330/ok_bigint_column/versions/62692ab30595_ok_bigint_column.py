"""ok bigint column

Revision ID: 62692ab30595
Revises: 8b7fb4274494
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '62692ab30595'
down_revision = '8b7fb4274494'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("visits", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    pass
