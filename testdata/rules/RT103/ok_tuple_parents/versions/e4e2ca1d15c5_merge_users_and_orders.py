"""merge users and orders

Revision ID: e4e2ca1d15c5
Revises: 079552e7d156, 255b60ed8a7e
Create Date: 2024-07-08 11:35:56.985480

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4e2ca1d15c5'
down_revision = ('079552e7d156', '255b60ed8a7e')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
