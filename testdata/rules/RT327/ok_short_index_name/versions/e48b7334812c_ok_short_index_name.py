"""ok short index name

Revision ID: e48b7334812c
Revises: 1b7fe2052465
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e48b7334812c'
down_revision = '1b7fe2052465'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_users_login", "users", ["login"])


def downgrade() -> None:
    pass
