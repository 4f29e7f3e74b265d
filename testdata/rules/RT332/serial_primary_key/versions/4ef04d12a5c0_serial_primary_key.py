"""serial primary key

Revision ID: 4ef04d12a5c0
Revises: f07f7d917b66
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4ef04d12a5c0'
down_revision = 'f07f7d917b66'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), primary_key=True),
    )


def downgrade() -> None:
    pass
