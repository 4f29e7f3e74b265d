"""merge heads

Revision ID: dcb563491a61
Revises: 718ebebe2069, d2688977b172
Create Date: 2025-02-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'dcb563491a61'
down_revision = ('718ebebe2069', 'd2688977b172')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
