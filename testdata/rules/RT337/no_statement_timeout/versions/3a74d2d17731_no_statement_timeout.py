"""no statement timeout

Revision ID: 3a74d2d17731
Revises: 5e0310d7ac4c
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3a74d2d17731'
down_revision = '5e0310d7ac4c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))


def downgrade() -> None:
    pass
