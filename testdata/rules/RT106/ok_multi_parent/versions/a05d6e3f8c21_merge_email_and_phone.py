"""merge email and phone

Revision ID: a05d6e3f8c21
Revises: 3b1e8f6d0a5c, 7f92c0b4e3d8
Create Date: 2024-08-28 18:40:23.630592

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a05d6e3f8c21'
down_revision = ('3b1e8f6d0a5c', '7f92c0b4e3d8')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
