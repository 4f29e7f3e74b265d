"""ok bigint column

Revision ID: 4f38463df669
Revises: b7c5bb84244c
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4f38463df669'
down_revision = 'b7c5bb84244c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("visits", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    pass
