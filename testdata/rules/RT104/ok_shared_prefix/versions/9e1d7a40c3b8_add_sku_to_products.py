"""add sku to products

Revision ID: 9e1d7a40c3b8
Revises: 9e1d7a40c3b5
Create Date: 2024-07-21 07:22:03.646758

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9e1d7a40c3b8'
down_revision = '9e1d7a40c3b5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('sku', sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column('products', 'sku')
