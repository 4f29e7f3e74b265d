"""ok concurrently in autocommit block

Revision ID: f518c359a335
Revises: 3cd008b1b51c
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f518c359a335'
down_revision = '3cd008b1b51c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        op.create_index("ix_users_name", "users", ["name"], postgresql_concurrently=True)


def downgrade() -> None:
    pass
