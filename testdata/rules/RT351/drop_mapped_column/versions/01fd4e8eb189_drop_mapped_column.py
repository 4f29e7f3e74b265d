"""drop mapped column

Revision ID: 01fd4e8eb189
Revises: f1b339bf8069
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '01fd4e8eb189'
down_revision = 'f1b339bf8069'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("users", "score")


def downgrade() -> None:
    pass
