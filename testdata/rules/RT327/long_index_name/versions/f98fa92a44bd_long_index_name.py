"""long index name

Revision ID: f98fa92a44bd
Revises: 10329be8fabb
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f98fa92a44bd'
down_revision = '10329be8fabb'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_users_email_lower_for_case_insensitive_login_lookup_by_support_staff", "users", ["email"])


def downgrade() -> None:
    pass
