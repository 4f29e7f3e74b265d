"""long name in sql

Revision ID: 6ad66c7864d4
Revises: d3ff5f196743
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6ad66c7864d4'
down_revision = 'd3ff5f196743'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE users RENAME COLUMN email TO ix_users_email_lower_for_case_insensitive_login_lookup_by_support_staff")


def downgrade() -> None:
    pass
