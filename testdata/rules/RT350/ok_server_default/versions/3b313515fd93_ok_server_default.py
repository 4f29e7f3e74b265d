"""ok server default

Revision ID: 3b313515fd93
Revises: 35a8385cd102
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b313515fd93'
down_revision = '35a8385cd102'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=False, server_default="free"))


def downgrade() -> None:
    pass
