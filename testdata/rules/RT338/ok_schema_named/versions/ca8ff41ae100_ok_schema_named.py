"""ok schema named

Revision ID: ca8ff41ae100
Revises: 25528731eedd
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ca8ff41ae100'
down_revision = '25528731eedd'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True), schema="public")


def downgrade() -> None:
    pass
