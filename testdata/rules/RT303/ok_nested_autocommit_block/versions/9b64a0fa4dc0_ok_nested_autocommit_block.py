"""ok nested autocommit block

Revision ID: 9b64a0fa4dc0
Revises: 569c2a30f6e2
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b64a0fa4dc0'
down_revision = '569c2a30f6e2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.get_context().autocommit_block():
        with op.batch_alter_table("users") as batch_op:
            batch_op.create_index("ix_users_name", ["name"], postgresql_concurrently=True)
        op.create_index("ix_users_login", "users", ["login"], postgresql_concurrently=True)


def downgrade() -> None:
    pass
