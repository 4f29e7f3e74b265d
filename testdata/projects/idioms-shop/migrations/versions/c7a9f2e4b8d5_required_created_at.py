"""created_at is required; this revision cannot be undone

Revision ID: c7a9f2e4b8d5
Revises: 8e2b5c1d4f37
Create Date: 2025-06-01 10:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from shop.migration_helpers import backfill_created_at


revision: str = "c7a9f2e4b8d5"
down_revision: Union[str, Sequence[str], None] = "8e2b5c1d4f37"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    backfill_created_at(op.get_bind())
    is_sqlite = op.get_bind().dialect.name == "sqlite"
    if is_sqlite:
        with op.batch_alter_table("customer_account") as batch_op:
            batch_op.alter_column("created_at", existing_type=sa.DateTime(), nullable=False)
    else:
        op.alter_column("customer_account", "created_at", existing_type=sa.DateTime(), nullable=False)


def downgrade() -> None:
    pass
