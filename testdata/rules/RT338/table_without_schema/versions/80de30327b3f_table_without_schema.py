"""table without schema

Revision ID: 80de30327b3f
Revises: f0dc599318ce
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '80de30327b3f'
down_revision = 'f0dc599318ce'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))


def downgrade() -> None:
    pass
