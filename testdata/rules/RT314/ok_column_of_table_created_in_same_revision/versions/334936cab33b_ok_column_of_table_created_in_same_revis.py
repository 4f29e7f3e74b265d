"""ok column of table created in same revision

Revision ID: 334936cab33b
Revises: 5215c069e1cf
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '334936cab33b'
down_revision = '5215c069e1cf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("kind", sa.Text(), nullable=True),
    )
    op.drop_column("events", "kind")


def downgrade() -> None:
    pass
