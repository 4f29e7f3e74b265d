"""merge heads

Revision ID: 9ce89f18ae5d
Revises: c9015ab44bd3, a1716172bbac
Create Date: 2025-02-06 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9ce89f18ae5d'
down_revision = ('c9015ab44bd3', 'a1716172bbac')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
