"""ok identity primary key

Revision ID: 473ae1826b4c
Revises: d46bf71d70d2
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '473ae1826b4c'
down_revision = 'd46bf71d70d2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
    )


def downgrade() -> None:
    pass
