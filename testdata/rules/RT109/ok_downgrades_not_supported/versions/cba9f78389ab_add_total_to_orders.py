"""add total to orders

Revision ID: cba9f78389ab
Revises: 1256d5aa7cad
Create Date: 2024-05-02 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cba9f78389ab'
down_revision = '1256d5aa7cad'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('orders', sa.Column('total', sa.Numeric(10, 2), nullable=True))
