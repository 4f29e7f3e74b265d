"""merge heads

Revision ID: be4c57d88038
Revises: cd567d2a3986, 62e0c88c2174
Create Date: 2025-02-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'be4c57d88038'
down_revision = ('cd567d2a3986', '62e0c88c2174')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
