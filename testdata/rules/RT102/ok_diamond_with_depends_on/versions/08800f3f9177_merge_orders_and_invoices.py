"""merge orders and invoices

Revision ID: 08800f3f9177
Revises: 16c96c5c0601, 05cc46ce4b42
Create Date: 2024-06-14 23:21:24.773137

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '08800f3f9177'
down_revision = ('16c96c5c0601', '05cc46ce4b42')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
