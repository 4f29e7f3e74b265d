"""drop column

Revision ID: b30a23c74547
Revises: 421b967c0db2
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b30a23c74547'
down_revision = '421b967c0db2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("users", "name")


def downgrade() -> None:
    pass
