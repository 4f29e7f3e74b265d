"""rename mapped column

Revision ID: ab14b9b318da
Revises: 8f702a2d75ca
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ab14b9b318da'
down_revision = '8f702a2d75ca'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "name", new_column_name="full_name")


def downgrade() -> None:
    pass
