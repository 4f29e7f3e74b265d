"""concurrently in transaction

Revision ID: f2c380ac067e
Revises: 2516df3cfe76
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2c380ac067e'
down_revision = '2516df3cfe76'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_users_name", "users", ["name"], postgresql_concurrently=True)


def downgrade() -> None:
    pass
