"""integer to bigint

Revision ID: 574102adc006
Revises: 1a9bdb7fd3a0
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '574102adc006'
down_revision = '1a9bdb7fd3a0'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.alter_column("users", "score", type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    pass
