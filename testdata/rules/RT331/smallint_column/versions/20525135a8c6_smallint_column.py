"""smallint column

Revision ID: 20525135a8c6
Revises: d67c34fca8fb
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '20525135a8c6'
down_revision = 'd67c34fca8fb'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("visits", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    pass
