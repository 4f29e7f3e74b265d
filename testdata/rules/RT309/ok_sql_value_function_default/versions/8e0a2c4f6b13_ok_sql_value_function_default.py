"""defaults from SQL value functions

Revision ID: 8e0a2c4f6b13
Revises: 576e2b6894c8
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e0a2c4f6b13'
down_revision = '576e2b6894c8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("seen_at", sa.DateTime(), server_default=sa.func.localtimestamp(), nullable=True))
    op.add_column("users", sa.Column("seen_on", sa.Date(), server_default=sa.func.current_date(), nullable=True))
    op.add_column("users", sa.Column("added_by", sa.Text(), server_default=sa.func.current_user(), nullable=True))


def downgrade() -> None:
    pass
