"""ok statement timeout set

Revision ID: 07c3892fb9ae
Revises: bd4050423f7f
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '07c3892fb9ae'
down_revision = 'bd4050423f7f'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("SET statement_timeout = '5s'")
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))


def downgrade() -> None:
    pass
