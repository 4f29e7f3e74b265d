"""ok text column

Revision ID: 6bca19a1492a
Revises: e860fb21fe6b
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6bca19a1492a'
down_revision = 'e860fb21fe6b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("country", sa.Text(), nullable=True))


def downgrade() -> None:
    pass
