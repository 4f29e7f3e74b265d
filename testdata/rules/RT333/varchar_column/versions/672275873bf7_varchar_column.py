"""varchar column

Revision ID: 672275873bf7
Revises: f004efc351cd
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '672275873bf7'
down_revision = 'f004efc351cd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.String(30), nullable=True))


def downgrade() -> None:
    pass
