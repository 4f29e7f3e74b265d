"""merge customers and orders

Revision ID: 4c96b7e3a0d2
Revises: a7d41c0e9b53, e05b8f2d61c4
Create Date: 2024-07-27 17:15:06.977397

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4c96b7e3a0d2'
down_revision = ('a7d41c0e9b53', 'e05b8f2d61c4')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
