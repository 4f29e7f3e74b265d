"""step 5e1f0a93c2d7

Revision ID: 5e1f0a93c2d7
Revises: 
Create Date: 2024-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "5e1f0a93c2d7"  # retort: ignore[RT899]
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
