"""ok table created in same revision

Revision ID: 457f82a8b1de
Revises: c8a68d5a0970
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '457f82a8b1de'
down_revision = 'c8a68d5a0970'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scratch",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
    )
    op.drop_table("scratch")


def downgrade() -> None:
    pass
