"""ok column added in same revision

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
    # The column is added, filled and renamed in one revision: no running code knows
    # `display_name_tmp`.
    op.add_column("users", sa.Column("display_name_tmp", sa.Text(), nullable=True))
    op.execute("UPDATE users SET display_name_tmp = name")
    op.alter_column("users", "display_name_tmp", new_column_name="display_name")


def downgrade() -> None:
    pass
