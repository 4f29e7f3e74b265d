"""ok table created in same revision

Revision ID: ca2f66a2052f
Revises: 302c89134521
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ca2f66a2052f'
down_revision = '302c89134521'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
    )
    op.add_column("events", sa.Column("kind", sa.Text(), nullable=False))


def downgrade() -> None:
    pass
