"""ok model updated first

Revision ID: b03ab24b1f7f
Revises: 41dac70a60a7
Create Date: 2025-03-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b03ab24b1f7f'
down_revision = '41dac70a60a7'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_column("users", "score")


def downgrade() -> None:
    pass
