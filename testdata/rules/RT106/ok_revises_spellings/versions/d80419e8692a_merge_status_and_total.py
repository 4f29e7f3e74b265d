"""merge status and total

Revision ID: d80419e8692a
Revises: ('4747602d1273', '38d5f336744b')
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd80419e8692a'
down_revision = ('4747602d1273', '38d5f336744b')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
