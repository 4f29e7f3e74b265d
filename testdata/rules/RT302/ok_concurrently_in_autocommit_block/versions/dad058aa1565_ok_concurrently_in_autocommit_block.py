"""ok concurrently in autocommit block

Revision ID: dad058aa1565
Revises: c315478f5e6b
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dad058aa1565'
down_revision = 'c315478f5e6b'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)


def downgrade() -> None:
    pass
