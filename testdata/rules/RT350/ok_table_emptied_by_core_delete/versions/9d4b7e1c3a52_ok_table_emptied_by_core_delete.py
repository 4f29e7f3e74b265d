"""ok table emptied by core delete

Revision ID: 9d4b7e1c3a52
Revises: 45f5675ed700
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d4b7e1c3a52'
down_revision = '45f5675ed700'
branch_labels = None
depends_on = None

users = sa.table("users", sa.column("id", sa.BigInteger()))


def upgrade() -> None:
    op.execute(users.delete())
    op.add_column("users", sa.Column("plan", sa.Text(), nullable=False))


def downgrade() -> None:
    op.drop_column("users", "plan")
