"""ok new column instead

Revision ID: d739a61d5668
Revises: 2b2cef433b36
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd739a61d5668'
down_revision = '2b2cef433b36'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("full_name", sa.Text(), nullable=True))


def downgrade() -> None:
    pass
