"""add total to orders

Revision ID: 061
Revises: 060
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '061'
down_revision = '060'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('total', sa.Numeric(10, 2), nullable=True))


def downgrade() -> None:
    op.drop_column('orders', 'total')
