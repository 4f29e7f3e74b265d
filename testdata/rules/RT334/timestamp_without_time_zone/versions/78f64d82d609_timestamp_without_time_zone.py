"""timestamp without time zone

Revision ID: 78f64d82d609
Revises: a498509b2768
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '78f64d82d609'
down_revision = 'a498509b2768'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("seen_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    pass
