"""index in batch

Revision ID: db1d8338ed70
Revises: cb3c5167971e
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'db1d8338ed70'
down_revision = 'cb3c5167971e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.create_index("ix_users_name", ["name"])


def downgrade() -> None:
    pass
