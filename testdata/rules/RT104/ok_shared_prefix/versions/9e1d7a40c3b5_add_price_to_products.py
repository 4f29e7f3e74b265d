"""add price to products

Revision ID: 9e1d7a40c3b5
Revises: 3fa04c9b2e71
Create Date: 2024-07-19 04:04:22.536545

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e1d7a40c3b5'
down_revision = '3fa04c9b2e71'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('price', sa.Numeric(10, 2), nullable=True))


def downgrade() -> None:
    op.drop_column('products', 'price')
