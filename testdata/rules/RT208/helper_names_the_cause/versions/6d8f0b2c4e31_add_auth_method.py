"""add auth method through a helper

Revision ID: 6d8f0b2c4e31
Revises: 3c5e7a9b1d20
Create Date: 2025-02-04 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

from myapp.cleanup import trim_names


# revision identifiers, used by Alembic.
revision = '6d8f0b2c4e31'
down_revision = '3c5e7a9b1d20'
branch_labels = None
depends_on = None


def backfill(fix_row):
    bind = op.get_bind()
    # Data only: not what makes the schema unknown.
    bind.execute(sa.text("UPDATE users SET name = trim(name)"))
    # A function passed in, from a module outside the project: retort cannot know
    # what it does.
    fix_row(bind)


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("auth_method", sa.String(20), nullable=False, server_default="MEALIE"),
    )
    backfill(trim_names)


def downgrade() -> None:
    op.drop_column("users", "auth_method")
