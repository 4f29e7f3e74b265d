"""ok short name in sql

Revision ID: 1be6ab2a3e4e
Revises: 299f2f706729
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1be6ab2a3e4e'
down_revision = '299f2f706729'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE users RENAME COLUMN email TO contact_email")


def downgrade() -> None:
    pass
