"""char column

Revision ID: 0db32aae7e35
Revises: abf6ddcb4ad8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0db32aae7e35'
down_revision = 'abf6ddcb4ad8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("country", sa.CHAR(2), nullable=True))


def downgrade() -> None:
    pass
