"""add status to orders

Revision ID: 0721ee13401d
Revises: cd77a65ad11f
Create Date: 2024-04-03 07:20:07.025895

"""
from alembic import op
import sqlalchemy as sa

PARENT = 'cd77a65ad11f'


# revision identifiers, used by Alembic.
revision = '0721ee13401d'
down_revision = PARENT
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('status', sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'status')
