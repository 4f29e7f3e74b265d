"""ok timestamp with time zone

Revision ID: 8bc347959d17
Revises: e6a4462f00d6
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8bc347959d17'
down_revision = 'e6a4462f00d6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    pass
