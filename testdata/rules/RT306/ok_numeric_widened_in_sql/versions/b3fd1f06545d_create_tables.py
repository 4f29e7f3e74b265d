"""create tables

Revision ID: b3fd1f06545d
Revises: 
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3fd1f06545d'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("price", sa.Numeric(8, 2), nullable=True),
    )


def downgrade() -> None:
    pass
