"""merge customer notes

Revision ID: d62f0b8e4a19
Revises: 8f3e62a1d7c0, 1ad9c5f73e48
Create Date: 2024-08-03 03:08:10.308036

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd62f0b8e4a19'
down_revision = ('8f3e62a1d7c0', '1ad9c5f73e48')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
