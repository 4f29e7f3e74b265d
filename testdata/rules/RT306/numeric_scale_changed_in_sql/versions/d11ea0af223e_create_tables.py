"""create tables

Revision ID: d11ea0af223e
Revises: 
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd11ea0af223e'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("price", sa.Numeric(8, 2), nullable=True),
        sa.Column("note", sa.String(20), nullable=True),
    )


def downgrade() -> None:
    pass
