"""add a column, then index it

Revision ID: db86a40bf7a4
Revises: cb946888faa3
Create Date: 2025-03-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'db86a40bf7a4'
down_revision = 'cb946888faa3'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # add_column locks users (ACCESS EXCLUSIVE) until commit: while the index is built,
    # reads wait too.
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))
    op.create_index("ix_users_nickname", "users", ["nickname"])


def downgrade() -> None:
    pass
