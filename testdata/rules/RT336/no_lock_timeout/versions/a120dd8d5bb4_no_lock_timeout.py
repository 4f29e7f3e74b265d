"""no lock timeout

Revision ID: a120dd8d5bb4
Revises: 55190f1c4f37
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a120dd8d5bb4'
down_revision = '55190f1c4f37'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("nickname", sa.Text(), nullable=True))


def downgrade() -> None:
    pass
