"""begin in sql

Revision ID: 9ec843cde258
Revises: cd763d4f2be8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9ec843cde258'
down_revision = 'cd763d4f2be8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("BEGIN")
    op.execute("UPDATE users SET score = 0 WHERE score IS NULL")


def downgrade() -> None:
    pass
