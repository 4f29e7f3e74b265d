"""ok constant default

Revision ID: 3793e3480efa
Revises: 3d4f9b46935c
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3793e3480efa'
down_revision = '3d4f9b46935c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("plan", sa.Text(), server_default="free", nullable=False))


def downgrade() -> None:
    pass
