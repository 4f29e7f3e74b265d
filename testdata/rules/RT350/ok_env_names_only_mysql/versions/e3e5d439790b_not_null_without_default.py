"""not null without default

Revision ID: e3e5d439790b
Revises: e99364c05d52
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3e5d439790b'
down_revision = 'e99364c05d52'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=False))


def downgrade() -> None:
    pass
