"""metric values in double precision

Revision ID: 181f10493468
Revises: 
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '181f10493468'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # `metrics` is older than this history: its current type is not known here.
    with op.batch_alter_table("metrics") as batch_op:
        batch_op.alter_column("value", type_=sa.Float(precision=53), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("metrics") as batch_op:
        batch_op.alter_column("value", type_=sa.Float(), nullable=False)
