"""rename column

Revision ID: b9c96fdd4170
Revises: 6f3888534b4a
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b9c96fdd4170'
down_revision = '6f3888534b4a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "name", new_column_name="full_name")


def downgrade() -> None:
    pass
