"""a project type named Timestamp

Revision ID: 4a6c8e0f2b19
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


class Timestamp(sa.types.TypeDecorator):
    impl = sa.DateTime
    cache_ok = True


# revision identifiers, used by Alembic.
revision = '4a6c8e0f2b19'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("seen_at", Timestamp(timezone=True), nullable=True))


def downgrade() -> None:
    pass
