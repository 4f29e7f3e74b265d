"""add sku to products

Revision ID: b2c7e09d4f18
Revises: 5961570b93ae
Create Date: 2024-07-14 21:29:00.316119

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2c7e09d4f18'
down_revision = '5961570b93ae'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('products', sa.Column('sku', sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column('products', 'sku')
