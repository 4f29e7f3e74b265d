"""add price to products

Revision ID: c4e81a6d09f2
Revises: 7b20e4f9c31a
Create Date: 2024-08-07 09:43:32.528462

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e81a6d09f2'
down_revision = '7b20e4f9c31a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('price', sa.Numeric(10, 2), nullable=True))


def downgrade() -> None:
    op.drop_column('products', 'price')
