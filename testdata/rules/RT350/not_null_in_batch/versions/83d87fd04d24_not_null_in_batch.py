"""not null in batch

Revision ID: 83d87fd04d24
Revises: 754738007b68
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '83d87fd04d24'
down_revision = '754738007b68'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("plan", sa.Text(), nullable=False))


def downgrade() -> None:
    pass
