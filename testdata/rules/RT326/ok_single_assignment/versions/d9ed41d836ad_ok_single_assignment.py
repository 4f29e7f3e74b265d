"""ok single assignment

Revision ID: d9ed41d836ad
Revises: 5daa8ad5f0b4
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9ed41d836ad'
down_revision = '5daa8ad5f0b4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE users SET score = 0 WHERE score IS NULL")


def downgrade() -> None:
    pass
