"""not null column in sql

Revision ID: 66000ff4a96c
Revises: 3fe0aecf6ff3
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '66000ff4a96c'
down_revision = '3fe0aecf6ff3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE users ADD COLUMN plan text NOT NULL")


def downgrade() -> None:
    pass
