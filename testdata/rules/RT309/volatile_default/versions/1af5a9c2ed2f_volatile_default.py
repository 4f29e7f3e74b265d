"""volatile default

Revision ID: 1af5a9c2ed2f
Revises: 2ae46da0af11
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1af5a9c2ed2f'
down_revision = '2ae46da0af11'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("token", sa.Uuid(), server_default=sa.text("gen_random_uuid()"), nullable=True))


def downgrade() -> None:
    pass
